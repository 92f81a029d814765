package main

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/words"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// chargeScreen is where the cashier spends the day: amount, type, mode,
// Charge; then the transaction in progress; then its result.
type chargeScreen struct {
	app.Compo
	sessionWatch
	Sess *session

	host, port string // the connection panel's fields
	connErr    string

	amount   string // as shown in the Amount field
	typeCode string
	mode     string
	origRef  string
	formErr  string

	running bool
	// announced is the last result in words, in a live region that stays
	// on the page: the result panel replaces the form or the progress,
	// and a region that appears with its text is not reliably read out.
	announced string
	stop      context.CancelFunc
	startedAt time.Time
	sent      *journal.Record
	result    *result
	// confirm is set when a charge waits for the cashier to confirm it
	// despite a transaction whose outcome is unknown.
	confirm bool

	// press is the charge prepared while Charge is pressed, until its tap
	// takes it.
	press *cashier.Press
	// settling is set from an outcome on screen until it is journalled:
	// journal reads then would queue ahead of its write.
	settling bool

	unresolved []journal.Record
	handNote   string
	// last is the terminal's last transaction, asked for to settle an
	// outcome by hand; lastErr why it could not be.
	last    *pos.Frame
	lastErr string
	asking  bool
	// mountCtx belongs to the component itself. Long work reports back
	// through it, never through an event's context: that one dies with
	// the element that fired it (the form is replaced while charging),
	// and go-app drops its dispatches silently.
	mountCtx app.Context
}

// OnInit sets the form up before the first render, so that the first
// frame has it whole (OnMount runs a frame later).
func (c *chargeScreen) OnInit() {
	if c.Sess == nil {
		return
	}
	t := c.Sess.Settings().ActiveTerminal()
	c.host, c.port = t.Host, t.Port
	c.resetOrder()
	// Take a void or refund started from History.
	if f, ok := c.Sess.TakeFollowUp(); ok {
		c.followUp(f)
	}
}

// followUp puts a void or refund on the form, for the cashier to confirm.
func (c *chargeScreen) followUp(o till.Order) {
	c.typeCode, c.origRef = o.TypeCode, o.OrigRef
	if o.Amount > 0 {
		c.amount = o.Amount.Format(c.Sess.Profile().Decimals)
	}
}

func (c *chargeScreen) OnMount(ctx app.Context) {
	c.mountCtx = ctx
	c.watch(ctx, c.Sess, func(ctx app.Context) {
		// While charging, journal reads would queue the outcome's write
		// behind them; the list is refreshed when it ends.
		if !c.running && !c.settling {
			c.refreshUnresolved(ctx)
		}
		c.refreshResult(ctx)
	})
	c.refreshUnresolved(ctx)
}

// OnDismount lets go of a press no tap will take.
func (c *chargeScreen) OnDismount() {
	c.sessionWatch.OnDismount()
	c.dropPress("the Charge screen was left with Charge pressed")
}

func (c *chargeScreen) resetOrder() {
	p := c.Sess.Profile()
	c.amount, c.origRef, c.formErr = "", "", ""
	if st, ok := p.TypeByRole(pos.RoleSale); ok {
		c.typeCode = st.Code
	} else if len(p.Types) > 0 {
		c.typeCode = p.Types[0].Code
	}
	if len(p.Modes) > 0 {
		c.mode = p.Modes[0].Code
	}
}

func (c *chargeScreen) refreshUnresolved(ctx app.Context) {
	j := c.Sess.Journal()
	ctx.Async(func() {
		qctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		recs, err := j.Unresolved(qctx)
		if err != nil {
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			// The one in flight is shown as in progress, and one prepared
			// on a press is not sent: neither is an unknown outcome.
			st := c.Sess.Till().Status()
			c.unresolved = c.unresolved[:0]
			for _, r := range recs {
				if r.Ref != st.Held && (st.InFlight == nil || r.Ref != st.InFlight.Ref) {
					c.unresolved = append(c.unresolved, r)
				}
			}
		})
	})
}

// refreshResult follows an unknown outcome on screen as recovery settles
// it, so the cashier sees Approved or Not charged without looking it up.
func (c *chargeScreen) refreshResult(ctx app.Context) {
	if c.result == nil || c.result.Verdict != verdictUnknown {
		return
	}
	ref, j, v := c.result.Ref, c.Sess.Journal(), c.Sess.voice()
	ctx.Async(func() {
		qctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		rec, err := j.Get(qctx, ref)
		if err != nil || rec.Unresolved() {
			return
		}
		ctx.Dispatch(func(ctx app.Context) {
			if c.result != nil && c.result.Ref == ref {
				c.showResult(ctx, resultFromRecord(v, rec))
			}
		})
	})
}

func (c *chargeScreen) tranType() (pos.TranType, bool) { return c.Sess.Profile().Type(c.typeCode) }

func (c *chargeScreen) onConnect(ctx app.Context, e app.Event) {
	e.PreventDefault()
	set := c.Sess.Settings()
	t := set.ActiveTerminal()
	t.Host, t.Port = strings.TrimSpace(c.host), strings.TrimSpace(c.port)
	if t.Conn == "" {
		t.Conn = cashier.ConnWebSocket
	}
	if err := c.Sess.ApplySettings(cashier.WithTerminal(set, set.ActiveIndex(), t)); err != nil {
		c.connErr = capitalise(err.Error())
		return
	}
	c.connErr = ""
	c.Sess.ReconnectNow()
}

// onCharge validates the order and runs it. Enter in a field submits the
// form too: the running flag and the till's own guard make a second
// submit harmless.
func (c *chargeScreen) onCharge(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.submit(ctx, false)
}

// onChargeAnyway answers the question an unknown outcome asks. It is the
// only answer: a second tap on Charge, or Enter in the amount, is the
// double tap the question is there to stop.
func (c *chargeScreen) onChargeAnyway(ctx app.Context, e app.Event) {
	c.submit(ctx, true)
}

// onConfirmCancel closes the question; from the keyboard, the cursor goes
// back to Amount.
func (c *chargeScreen) onConfirmCancel(ctx app.Context, e app.Event) {
	c.confirm = false
	focusFromKeyboard(e, "amount")
}

// submit charges the order on the form, once the cashier has confirmed
// it if a transaction's outcome is still unknown.
func (c *chargeScreen) submit(ctx app.Context, confirmed bool) {
	if c.running || c.settling {
		return
	}
	o, err := c.order()
	if err != nil {
		c.dropPress("the order was refused: " + err.Error())
		c.formErr = capitalise(c.Sess.voice().Err(err))
		return
	}
	if len(c.unresolved) > 0 && !confirmed {
		c.dropPress("the tap asked for a confirmation first")
		if !c.confirm {
			c.confirm = true
			// Into the question, on its safe answer: a screen reader
			// reads it, and Enter cancels rather than charges.
			focusNext("confirm-cancel")
		}
		return
	}
	c.confirm = false
	c.run(c.mountCtx, o)
	// "In progress" renders in a task of its own (notify): rendered here it
	// would hold back the end of the tap's task, which is when the browser
	// puts the request on the wire and can paint, and so the answer.
	ctx.PreventUpdate()
	c.Sess.Notify()
}

// formError is the form's error, or else why nothing can be charged at
// all: the cashier reads it without having to tap first.
func (c *chargeScreen) formError(v voice) string {
	if c.formErr == "" {
		if err := c.Sess.JournalErr(); err != nil {
			return v.Err(journal.UserError(err))
		}
	}
	return c.formErr
}

func (c *chargeScreen) order() (till.Order, error) {
	if err := c.Sess.JournalErr(); err != nil {
		return till.Order{}, journal.UserError(err)
	}
	p := c.Sess.Profile()
	typ, ok := c.tranType()
	if !ok {
		return till.Order{}, words.Errorf("choose a transaction type")
	}
	o := till.Order{TypeCode: typ.Code, Mode: c.mode, OrigRef: strings.TrimSpace(c.origRef)}
	if typ.NeedsAmount {
		a, err := pos.ParseAmount(c.amount, p.Decimals)
		if err == nil {
			err = pos.RequirePositive(a)
		}
		if err != nil {
			return o, err
		}
		o.Amount = a
	}
	if typ.NeedsOriginal && o.OrigRef == "" {
		return o, words.Errorf("enter the reference of the original transaction")
	}
	return o, nil
}

func (c *chargeScreen) run(ctx app.Context, o till.Order) {
	// The voice of the charge's start: its currency is the one it was sent in.
	t, v := c.Sess.Till(), c.Sess.voice()
	typ, _ := c.tranType()
	pr := c.takePress()
	rctx, cancel := context.WithCancel(context.Background())
	c.running, c.stop, c.startedAt, c.result, c.formErr, c.announced = true, cancel, time.Now(), nil, "", ""
	c.sent = &journal.Record{TypeName: typ.Name, Amount: o.Amount, OrigRef: o.OrigRef}
	c.tick(ctx)
	// early is the terminal's outcome on screen before its journal write
	// ends: the write only adds a warning if it fails.
	var early *result
	shown := func(rec journal.Record) {
		ctx.Dispatch(func(ctx app.Context) {
			if !c.running {
				return
			}
			early = resultFromRecord(v, rec)
			c.running, c.stop, c.sent, c.settling = false, nil, nil, true
			c.showResult(ctx, early)
			c.resetOrder()
		})
	}
	ctx.Async(func() {
		rec, err := c.Sess.Charge(rctx, t, pr, o, shown)
		cancel()
		ctx.Dispatch(func(ctx app.Context) {
			c.settling = false
			if early != nil || err != nil {
				// Journal reads waited for the charge's writes, which
				// are done: an entry a failed write left open is listed.
				c.refreshUnresolved(ctx)
			}
			if early != nil {
				if err != nil {
					warn := v.T("%s. Write the outcome of %s down: the journal may not have it.", capitalise(userMessage(v, err)), early.Ref)
					if c.result == early {
						early.Warning = warn
					} else {
						c.formErr = warn
					}
				}
				return
			}
			c.running, c.stop = false, nil
			if err != nil {
				c.formErr = capitalise(userMessage(v, err))
				c.sent = nil
				return
			}
			c.showResult(ctx, resultFromRecord(v, rec))
			c.sent = nil
			c.resetOrder()
			// Only an outcome left open adds to the list: it was read
			// before the charge, and recovery waits for charges to end.
			if rec.Unresolved() {
				c.refreshUnresolved(ctx)
			}
		})
	})
}

// showResult shows res, its fields and receipt once the browser has
// painted its verdict: the cashier waits for the verdict, and rendering
// them with it delayed it by about 6 ms (make bench).
func (c *chargeScreen) showResult(ctx app.Context, res *result) {
	c.result = res
	c.announced = res.announcement(c.Sess.voice())
	afterPaint(func() {
		// The button that started the charge is gone: focus goes to New
		// sale, so that a keyboard carries on from the result (Enter
		// starts the next sale) rather than from the top of the page.
		// Focus the cashier has put elsewhere meanwhile stays there.
		if a := app.Window().Get("document").Get("activeElement"); !a.Truthy() || a.Get("tagName").String() == "BODY" {
			focus("new-sale")
		}
		ctx.Dispatch(func(app.Context) {
			if c.result == res {
				res.Details = true
			}
		})
	})
}

// tick re-renders every second while a transaction is in flight, for the
// elapsed time.
func (c *chargeScreen) tick(ctx app.Context) {
	ctx.After(time.Second, func(ctx app.Context) {
		if c.running {
			c.tick(ctx)
		}
	})
}

func (c *chargeScreen) onStopWaiting(ctx app.Context, e app.Event) {
	if c.stop != nil {
		c.stop()
	}
}

func (c *chargeScreen) onNewSale(ctx app.Context, e app.Event) {
	c.result = nil
	c.resetOrder()
	focusFromKeyboard(e, "amount")
}

// onFollowUp prepares a void or refund of the approved sale on screen.
func (c *chargeScreen) onFollowUp(role pos.Role) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if c.result == nil {
			return
		}
		f, ok := cashier.FollowUp(c.Sess.Profile(), role, c.result.Ref, c.result.Amount)
		if !ok {
			return
		}
		c.result = nil
		c.resetOrder()
		c.followUp(f)
	}
}

func (c *chargeScreen) onKey(k string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.amount = keypadPress(c.amount, k, c.Sess.Profile().Decimals)
		c.formErr = ""
	}
}

func (c *chargeScreen) onCheckNow(ctx app.Context, e app.Event) {
	c.Sess.Till().TriggerRecovery()
}

func (c *chargeScreen) onByHand(ref string, approved bool) app.EventHandler {
	return func(_ app.Context, e app.Event) {
		t, note := c.Sess.Till(), c.handNote
		if strings.TrimSpace(note) == "" {
			note = c.Sess.voice().T("recorded by hand from the terminal's screen or slip")
		}
		ctx := c.mountCtx
		ctx.Async(func() {
			_, err := t.ResolveByHand(context.Background(), ref, approved, note)
			ctx.Dispatch(func(ctx app.Context) {
				if err != nil {
					c.formErr = capitalise(c.Sess.voice().Err(err))
				}
				c.handNote = ""
				c.refreshUnresolved(ctx)
			})
		})
	}
}

// userMessage says why a charge failed, in the cashier's words.
func userMessage(v voice, err error) string {
	switch {
	case errors.Is(err, till.ErrJournal):
		return v.Err(journal.UserError(err))
	case errors.Is(err, till.ErrNotConnected):
		return v.T("not connected to the terminal: nothing was sent")
	case errors.Is(err, till.ErrOtherTab):
		return v.T("another lanepay tab or window is using the terminal: nothing was sent")
	case errors.Is(err, till.ErrBusy):
		return v.T("a transaction is already in progress")
	}
	return v.Err(err)
}

// focusNext moves focus to the element with this id once the page shows
// the change that adds it. Not ctx.Defer: go-app drops a deferred
// function whose event's element the change removed, which is the button
// pressed whenever a question or a form takes its place.
func focusNext(id string) { afterPaint(func() { focus(id) }) }

// focusFromKeyboard is focusNext for a click a keyboard made (a click
// with no pointer has detail 0): the cashier goes on typing. After a tap
// focus is left be, or a tablet would raise its keyboard over the keypad.
func focusFromKeyboard(e app.Event, id string) {
	if e.Get("detail").Int() == 0 {
		focusNext(id)
	}
}

func focus(id string) {
	if !app.IsClient {
		return
	}
	if e := app.Window().GetElementByID(id); e.Truthy() {
		e.Call("focus")
	}
}

func (c *chargeScreen) Render() app.UI {
	st := c.Sess.Till().Status()
	// Nothing can be charged before the journal is open, so Charge waits
	// for it: a charge tapped earlier would say "in progress" while
	// nothing could be sent.
	ready := st.Link == till.Ready && !c.Sess.JournalOpening() && c.Sess.JournalErr() == nil
	v := c.Sess.voice()
	return app.Div().Class("panes").Body(
		app.Elem("section").Class("pane charge").Attr("aria-label", v.T("Charge")).Body(
			c.renderRecovered(v),
			c.renderUnresolved(v),
			app.If(c.running, func() app.UI { return c.renderInProgress(v) }).
				ElseIf(c.result != nil, func() app.UI { return c.result.render(v, c.onNewSale, c.onFollowUp) }).
				Else(func() app.UI { return c.renderForm(v, ready) }),
			app.P().ID("charge-announce").Class("sr-only").Attr("role", "status").Text(c.announced),
		),
		app.Elem("section").Class("pane connection").Attr("aria-labelledby", "connection-title").Body(
			c.renderConnection(v, st),
		),
	)
}

func (c *chargeScreen) renderConnection(v voice, st till.Status) app.UI {
	return form().Class("connect-form").OnSubmit(c.onConnect).Body(
		app.Elem("h2").ID("connection-title").Text(v.T("Terminal")),
		app.Label().For("terminal-ip").Text(v.T("Terminal IP")),
		app.Input().ID("terminal-ip").Name("terminal-ip").Type("text").
			Attr("autocomplete", "off").Attr("spellcheck", "false").
			Placeholder(v.T("%s or %s", "192.168.1.50", "ws://host:8080/ws")).
			Value(c.host).OnInput(c.ValueTo(&c.host)),
		app.Label().For("port").Text(v.T("Port")),
		app.Input().ID("port").Name("port").Type("text").Attr("inputmode", "numeric").
			Value(c.port).OnInput(c.ValueTo(&c.port)),
		app.P().ID("connect-error").Class("field-error").Attr("role", "alert").Text(c.connErr),
		app.Button().ID("connect").Type("submit").Class("button secondary").Disabled(c.running).Text(v.T("Connect")),
		renderLinkReason(v, st),
	)
}

// renderLinkReason says in full why the terminal cannot be reached: the
// status line has room for one line of it. It sits below Connect, so its
// coming and going moves nothing the cashier taps.
func renderLinkReason(v voice, st till.Status) app.UI {
	if st.Link == till.Ready || st.Reason == "" {
		return nil
	}
	return app.P().ID("link-reason").Class("hint").Text(v.T("Last attempt: %s", reasonWords(v, st)))
}

func (c *chargeScreen) renderForm(v voice, ready bool) app.UI {
	p := c.Sess.Profile()
	typ, _ := c.tranType()
	label := v.T("Charge")
	if typ.Role != pos.RoleSale && typ.Name != "" {
		label = v.T(typ.Name)
	}
	return form().Class("charge-form").OnSubmit(c.onCharge).Body(
		app.Div().Class("order-row").Body(
			app.Div().Class("order-field").Body(
				app.Label().For("tran-type").Text(v.T("Transaction")),
				app.Elem("select").ID("tran-type").OnChange(c.ValueTo(&c.typeCode)).Body(
					app.Range(p.Types).Slice(func(i int) app.UI {
						t := p.Types[i]
						if t.Role == pos.RoleInquiry || t.Role == pos.RoleSettlement || t.Role == pos.RoleAbort || t.Role == pos.RoleLastTransaction {
							return nil
						}
						return app.Elem("option").Attr("value", t.Code).Attr("selected", t.Code == c.typeCode).Text(v.T(t.Name))
					}),
				),
			),
			app.Div().Class("order-field").Body(
				app.Label().For("mode").Text(v.T("Payment mode")),
				app.Elem("select").ID("mode").OnChange(c.ValueTo(&c.mode)).Body(
					app.Range(p.Modes).Slice(func(i int) app.UI {
						m := p.Modes[i]
						return app.Elem("option").Attr("value", m.Code).Attr("selected", m.Code == c.mode).Text(v.T(m.Name))
					}),
				),
			),
		),
		app.If(p.Example, func() app.UI {
			return app.P().Class("hint").Text(v.T("Transaction and mode codes other than Sale and Card are example numbering: check your terminal's documentation."))
		}),
		app.If(typ.NeedsOriginal, func() app.UI {
			return app.Div().Body(
				app.Label().For("orig-ref").Text(v.T("Original reference")),
				app.Input().ID("orig-ref").Type("text").Attr("autocomplete", "off").
					Value(c.origRef).OnInput(c.ValueTo(&c.origRef)),
			)
		}),
		app.If(typ.NeedsAmount, func() app.UI {
			return app.Div().Body(
				app.Label().For("amount").Body(app.Text(v.T("Amount")), app.Elem("span").Class("currency").Text(" ("+p.Currency+")")),
				app.Input().ID("amount").Name("amount").Type("text").Class("amount-input").
					Attr("inputmode", "decimal").Attr("autocomplete", "off").Placeholder(pos.Amount(0).Format(p.Decimals)).
					Attr("aria-invalid", c.formErr != "").Attr("aria-describedby", "form-error").
					Value(c.amount).OnInput(c.ValueTo(&c.amount)),
				c.renderKeypad(v),
			)
		}),
		app.P().ID("form-error").Class("field-error").Attr("role", "alert").Text(c.formError(v)),
		app.If(c.confirm, func() app.UI {
			return app.Div().ID("confirm").Class("confirm").Attr("role", "alertdialog").Attr("aria-labelledby", "confirm-text").Body(
				app.P().ID("confirm-text").Text(v.T("A transaction's outcome is still unknown. If it was the same sale, the customer may already have paid. Charge anyway?")),
				// Not a submit button: Enter in the amount submits with the
				// form's first, which would be this one.
				app.Button().ID("confirm-charge").Type("button").Class("button danger").Text(v.T("Charge anyway")).OnClick(c.onChargeAnyway),
				app.Button().ID("confirm-cancel").Type("button").Class("button secondary").Text(v.T("Cancel")).OnClick(c.onConfirmCancel),
			)
		}),
		app.Button().ID("charge").Type("submit").Class("button primary").
			Disabled(!ready || c.running || c.settling).Text(label).
			On("pointerdown", c.onChargePress).On("pointercancel", c.onChargePressCancel),
	)
}

var keypadKeys = []struct{ key, label, aria string }{
	{"1", "1", ""}, {"2", "2", ""}, {"3", "3", ""},
	{"4", "4", ""}, {"5", "5", ""}, {"6", "6", ""},
	{"7", "7", ""}, {"8", "8", ""}, {"9", "9", ""},
	{"00", "00", ""}, {"0", "0", ""}, {"back", "⌫", words.N("Backspace")},
}

func (c *chargeScreen) renderKeypad(v voice) app.UI {
	return app.Div().Class("keypad").Attr("role", "group").Attr("aria-label", v.T("Keypad")).Body(
		app.Range(keypadKeys).Slice(func(i int) app.UI {
			k := keypadKeys[i]
			b := app.Button().Type("button").Class("key").Attr("data-key", k.key).Text(k.label).OnClick(c.onKey(k.key))
			if k.aria != "" {
				b = b.Attr("aria-label", v.T(k.aria))
			}
			return b
		}),
		app.Button().Type("button").Class("key key-clear").Attr("data-key", "clear").Text(v.T("Clear")).OnClick(c.onKey("clear")),
	)
}

func (c *chargeScreen) renderInProgress(v voice) app.UI {
	elapsed := int(time.Since(c.startedAt).Seconds())
	p := c.Sess.Profile()
	lines := c.Sess.ConsoleLines()
	var msgs []cashier.ConsoleLine
	for _, l := range lines {
		if !l.Time.Before(c.startedAt) && l.Dir == "in" {
			msgs = append(msgs, l)
		}
	}
	what := ""
	if c.sent != nil {
		what = v.T(c.sent.TypeName)
		if c.sent.Amount > 0 {
			what += " " + v.Money(c.sent.Amount)
		}
		if c.sent.OrigRef != "" {
			what = v.T("%s of %s", what, c.sent.OrigRef)
		}
	}
	return app.Div().ID("in-progress").Class("in-progress").Attr("role", "status").Attr("aria-live", "polite").Body(
		app.Elem("h2").Class("progress-title").Text(v.T("Waiting for the terminal…")),
		app.P().ID("in-progress-what").Class("progress-what").Text(what),
		app.P().ID("elapsed").Class("elapsed").Text(v.T("%d s of %d s", elapsed, p.TimeoutSeconds)),
		app.P().Class("hint").Text(v.T("Ask the customer to tap, insert or scan on the terminal.")),
		app.Elem("ul").ID("terminal-messages").Class("terminal-messages").Body(
			app.Range(msgs).Slice(func(i int) app.UI {
				return app.Elem("li").Body(app.Elem("span").Class("kind").Text(msgs[i].Kind+": "), app.Elem("code").Text(truncate(msgs[i].Raw, 200)))
			}),
		),
		app.Button().ID("stop-waiting").Type("button").Class("button secondary").Text(v.T("Stop waiting")).OnClick(c.onStopWaiting),
	)
}

func (c *chargeScreen) renderUnresolved(v voice) app.UI {
	if len(c.unresolved) == 0 {
		return nil
	}
	p := c.Sess.Profile()
	t := c.Sess.Till()
	canAsk := t.CanInquire()
	_, canAskLast := p.TypeByRole(pos.RoleLastTransaction)
	return app.Div().ID("unresolved").Class("unresolved").Attr("role", "region").Attr("aria-label", v.T("Outcome unknown")).Body(
		app.Elem("h2").Body(app.Elem("span").Attr("aria-hidden", "true").Text("? "), app.Text(v.T("Outcome unknown"))),
		app.P().Text(v.T("Do not charge these again until they are settled. lanepay asks the terminal by itself when it can; if it cannot, read the terminal's screen or slip and record the outcome.")),
		app.Elem("ul").Body(
			app.Range(c.unresolved).Slice(func(i int) app.UI {
				r := c.unresolved[i]
				return app.Elem("li").Class("unresolved-item").Attr("data-ref", r.Ref).Body(
					app.Elem("span").Text(strings.TrimSpace(v.T(r.TypeName)+" "+v.Money(r.Amount))+" — "+r.Ref+" "),
					app.If(lastNote(r) == till.NoteNotFoundUnproven, func() app.UI {
						return app.P().Class("unproven hint").Text(v.T("The terminal found no record of it, but it has not shown that it keeps lanepay's references, so that does not prove the customer was not charged. Read the terminal's last transaction, screen or slip, and record what it says."))
					}),
					app.Button().Class("button small approve").Type("button").Text(v.T("Record Approved")).OnClick(c.onByHand(r.Ref, true)),
					app.Button().Class("button small decline").Type("button").Text(v.T("Record Declined")).OnClick(c.onByHand(r.Ref, false)),
				)
			}),
		),
		app.If(canAskLast, func() app.UI { return c.renderLast(v, p) }),
		app.Label().For("hand-note").Text(v.T("Note for the journal (what the slip or screen said)")),
		app.Input().ID("hand-note").Type("text").Value(c.handNote).OnInput(c.ValueTo(&c.handNote)),
		app.If(canAsk, func() app.UI {
			return app.Button().ID("check-now").Type("button").Class("button secondary small").Text(v.T("Ask the terminal now")).OnClick(c.onCheckNow)
		}),
	)
}

// lastNote is the note of r's latest event: what recovery last made of it.
func lastNote(r journal.Record) string {
	if len(r.Events) == 0 {
		return ""
	}
	return r.Events[len(r.Events)-1].Note
}

// renderLast offers the terminal's last transaction, and shows it once
// asked for, in its own words.
func (c *chargeScreen) renderLast(v voice, p *pos.Profile) app.UI {
	return app.Div().Class("last-transaction").Body(
		app.Button().ID("ask-last").Type("button").Class("button secondary small").Disabled(c.asking).
			Text(v.T("Show the terminal's last transaction")).OnClick(c.onAskLast),
		app.If(c.lastErr != "", func() app.UI {
			return app.P().ID("last-error").Class("field-error").Attr("role", "alert").Text(c.lastErr)
		}),
		app.If(c.last != nil, func() app.UI {
			f := c.last
			return app.Div().ID("last-transaction").Attr("role", "status").Body(
				app.P().ID("last-summary").Text(lastSummary(v, f, p)),
				renderFields(sortedFields(f.Fields)),
			)
		}),
	)
}

// lastSummary says the last transaction in a line: its verdict, amount
// and the terminal's message.
func lastSummary(v voice, f *pos.Frame, p *pos.Profile) string {
	if p.InquiryAnswer(*f) == pos.InquiryNotFound {
		return v.T("The terminal has no last transaction.")
	}
	verdict := v.T("Declined")
	if f.Approved {
		verdict = v.T("Approved")
	}
	s := v.T("The terminal's last transaction: %s", verdict)
	if a, ok := f.Get(p.FieldOf(pos.PlaceholderAmount)); ok && a != "" {
		s = v.T("%s, amount %s", s, a)
	}
	if f.Message != "" {
		s += " (" + f.Message + ")"
	}
	return s + "."
}

func (c *chargeScreen) onAskLast(_ app.Context, e app.Event) {
	t, p := c.Sess.Till(), c.Sess.Profile()
	c.asking, c.lastErr, c.last = true, "", nil
	ctx := c.mountCtx
	ctx.Async(func() {
		qctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
		defer cancel()
		f, err := t.LastTransaction(qctx)
		ctx.Dispatch(func(ctx app.Context) {
			c.asking = false
			v := c.Sess.voice()
			if err != nil {
				c.lastErr = capitalise(userMessage(v, err))
				return
			}
			c.last = &f
			if strings.TrimSpace(c.handNote) == "" {
				c.handNote = lastSummary(v, &f, p)
			}
		})
	})
}

// renderRecovered says what recovery made of outcomes that were unknown,
// until the cashier dismisses it: the panel that listed them just goes
// when they settle, and the cashier must not have to look it up.
func (c *chargeScreen) renderRecovered(v voice) app.UI {
	recs := c.Sess.Recovered()
	if len(recs) == 0 {
		return nil
	}
	return app.Div().ID("recovered").Class("recovered").Attr("role", "status").Body(
		app.Range(recs).Slice(func(i int) app.UI {
			r := recs[i]
			return app.Div().Class("recovered-item "+verdictOf(r.State).class()).Attr("data-ref", r.Ref).Body(
				app.P().Class("recovered-text").Text(recoveredText(v, r)),
				app.Button().Type("button").Class("button secondary small").Attr("aria-label", v.T("Dismiss: %s", recoveredText(v, r))).
					Text(v.T("Dismiss")).OnClick(func(ctx app.Context, e app.Event) { c.Sess.DismissRecovered(r.Ref) }),
			)
		}),
	)
}

// recoveredText is "Sale ₹9.06 — Approved, confirmed by the terminal
// at 22:14".
func recoveredText(v voice, r journal.Record) string {
	what := strings.TrimSpace(v.T(r.TypeName) + " " + v.Money(r.Amount))
	at := v.Time(r.Updated)
	switch r.State {
	case pos.StateApproved:
		return v.T("%s — Approved, confirmed by the terminal at %s", what, at)
	case pos.StateDeclined:
		return v.T("%s — Declined, confirmed by the terminal at %s", what, at)
	case pos.StateNotCharged:
		return v.T("%s — Not charged: the terminal had no record of it at %s", what, at)
	}
	return v.T("%s — %s at %s", what, verdictOf(r.State).words(v), at)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// reasonWords says why the link is down in the cashier's language.
func reasonWords(v voice, st till.Status) string {
	if st.Why != nil {
		return v.T(st.Why.Format, st.Why.Args...)
	}
	return v.T(st.Reason)
}
