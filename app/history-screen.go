package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// historyScreen is the journal as the cashier reads it: one day at a time,
// newest first, with the day's totals, a CSV export for the bookkeeper and,
// from an entry, everything that happened to it and the follow-ups
// (void, refund, receipt).
type historyScreen struct {
	app.Compo
	sessionWatch
	Sess *session

	day   string // yyyy-mm-dd in local time; "" lists every day
	state string // a pos.State; "" for every state
	typ   string // a type code of the profile, cashier.TypeConsole, or "" for all
	query string

	history  cashier.History // what the filters select, and the day's totals
	loaded   bool
	loadErr  error
	selected string // reference of the entry shown in details
	notice   string // said through the aria-live region

	// loading and again coalesce reloads: the session notifies on every
	// frame, and one query at a time is plenty for a list on screen.
	loading, again bool

	mountCtx app.Context
}

func (c *historyScreen) OnMount(ctx app.Context) {
	c.mountCtx = ctx
	c.day = time.Now().Format(cashier.DateLayout)
	c.watch(ctx, c.Sess, func(app.Context) { c.reload() })
	c.reload()
}

func (c *historyScreen) historyQuery() cashier.HistoryQuery {
	q := cashier.HistoryQuery{State: pos.State(c.state), Type: c.typ, Query: strings.TrimSpace(c.query), Profile: c.Sess.Profile()}
	if d, err := time.ParseInLocation(cashier.DateLayout, c.day, time.Local); err == nil {
		q.Day = d
	}
	return q
}

// reload queries the journal again; while a query runs, further requests
// collapse into one more. It reports through the screen's own context:
// the filter that asked may be re-rendered away before the answer.
func (c *historyScreen) reload() {
	if c.loading {
		c.again = true
		return
	}
	c.loading = true
	j, q := c.Sess.Journal(), c.historyQuery()
	ctx := c.mountCtx
	ctx.Async(func() {
		qctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		h, err := cashier.LoadHistory(qctx, j, q)
		cancel()
		ctx.Dispatch(func(app.Context) {
			c.loading, c.loaded = false, true
			c.loadErr = err
			if err == nil {
				c.history = h
			}
			if c.again {
				c.again = false
				c.reload()
			}
		})
	})
}

func (c *historyScreen) onFilter(field *string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		*field = ctx.JSSrc().Get("value").String()
		c.reload()
	}
}

func (c *historyScreen) selectedRecord() (journal.Record, bool) {
	for _, r := range c.history.Shown {
		if r.Ref == c.selected {
			return r, true
		}
	}
	return journal.Record{}, false
}

func (c *historyScreen) onOpen(ref string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if c.selected == ref {
			c.selected = ""
			return
		}
		c.selected = ref
		// On a phone the details are below the list: bring them into view.
		ctx.Defer(func(app.Context) { scrollIntoView("history-detail") })
	}
}

// onFollowUp starts a void or refund of rec on the Charge screen, which is
// where every transaction is sent from (and where the cashier confirms it).
func (c *historyScreen) onFollowUp(rec journal.Record, role pos.Role) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		f, ok := cashier.FollowUp(c.Sess.Profile(), role, rec.Ref, rec.Amount)
		if !ok {
			return
		}
		c.Sess.StartFollowUp(f)
		c.Sess.navigate(screenCharge)
	}
}

func (c *historyScreen) onExport(ctx app.Context, e app.Event) {
	v := c.Sess.voice()
	name, text, err := c.exportCSV(time.Now())
	if err != nil {
		c.notice = v.T("Could not export: %s", err.Error())
		return
	}
	downloadFile(name, "text/csv;charset=utf-8", text)
	n := len(c.history.Shown)
	c.notice = v.Plural(n, "Exported %d transaction to %s.", "Exported %d transactions to %s.", name)
}

// exportCSV is the file Export CSV downloads: its name and its text. It is
// for the bookkeeper's programs, so it reads the same in every language:
// ISO dates, plain decimal amounts, English column names and state codes
// (journal.ExportCSV, which takes no voice).
func (c *historyScreen) exportCSV(now time.Time) (name, text string, err error) {
	var buf bytes.Buffer
	if err := journal.ExportCSV(&buf, c.history.Shown, c.Sess.Profile().Decimals); err != nil {
		return "", "", err
	}
	return cashier.CSVFileName(c.historyQuery().Day, now), buf.String(), nil
}

// journalWords is a journal error's words for the cashier.
func journalWords(v voice, err error) string { return v.T(journal.UserMessage(err)) }

// downloadFile hands text to the browser as a file download: a Blob, an
// object URL and a click on a temporary <a download>. It works offline and
// needs no server round trip. A JS string in a Blob is written as UTF-8.
func downloadFile(name, mime, text string) {
	if !app.IsClient {
		return
	}
	w := app.Window()
	blob := w.Get("Blob").New([]any{text}, map[string]any{"type": mime})
	url := w.Get("URL").Call("createObjectURL", blob)
	doc := w.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Set("hidden", true)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	// The browser reads the blob after the click returns; revoking at once
	// can cancel the download in some browsers.
	w.Call("setTimeout", jsOnce(func() { w.Get("URL").Call("revokeObjectURL", url) }), 60_000)
}

// scrollIntoView brings an element into view, if the page has it.
func scrollIntoView(id string) {
	if !app.IsClient {
		return
	}
	if e := app.Window().GetElementByID(id); e.Truthy() {
		e.Call("scrollIntoView", map[string]any{"block": "nearest"})
	}
}

// stateView is how a journal state reads on screen: words and an icon,
// with a class for the colour, so the state never rests on colour alone.
type stateView struct {
	Icon, Words, Class string
}

// stateOf is how s reads to the cashier, in their language.
func stateOf(v voice, s pos.State) stateView {
	switch s {
	case pos.StateApproved:
		return stateView{"✓", v.T("Approved"), "state-ok"}
	case pos.StateDeclined:
		return stateView{"✕", v.T("Declined"), "state-bad"}
	case pos.StateUnknown:
		return stateView{"?", v.T("Outcome unknown"), "state-warn"}
	case pos.StateNotCharged:
		return stateView{"–", v.T("Not charged"), "state-neutral"}
	case pos.StateVoided:
		return stateView{"↺", v.T("Voided"), "state-neutral"}
	case pos.StateRefunded:
		return stateView{"↩", v.T("Refunded"), "state-neutral"}
	case pos.StatePending:
		return stateView{"…", v.T("Pending"), "state-warn"}
	case pos.StateSent:
		return stateView{"→", v.T("Sent"), "state-warn"}
	case "":
		return stateView{"·", v.T("No change"), "state-neutral"}
	}
	return stateView{"?", string(s), "state-warn"}
}

func stateBadge(v voice, s pos.State) app.UI {
	sv := stateOf(v, s)
	return app.Elem("span").Class("state "+sv.Class).Body(
		app.Elem("span").Class("state-icon").Attr("aria-hidden", "true").Text(sv.Icon),
		app.Elem("span").Class("state-words").Text(sv.Words),
	)
}

// typeName is a transaction type's name as the cashier reads it: the
// profile's name (the default profile's are in the catalog), and what
// the till names a payload sent from the Console ("Console: Sale").
func typeName(v voice, name string) string {
	if rest, ok := strings.CutPrefix(name, "Console: "); ok {
		return v.T("Console: %s", v.T(rest))
	}
	return v.T(name)
}

// moneyLabel is the aria-label of a cell that shows an amount, with its
// count when it has one: "2 transactions, 32.34 Indian rupees", so that a
// screen reader says rupees rather than a sign it may not know.
func moneyLabel(v voice, a pos.Amount, count int, withCount bool) string {
	if !withCount {
		return v.MoneyWords(a)
	}
	return v.Plural(count, "%d transaction", "%d transactions") + ", " + v.MoneyWords(a)
}

// countMoney is what such a cell shows: "2 · ₹32.34".
func countMoney(v voice, t cashier.Tally) string {
	return fmt.Sprintf("%d · %s", t.Count, v.Money(t.Amount))
}

func (c *historyScreen) Render() app.UI {
	v := c.Sess.voice()
	sel, hasSel := c.selectedRecord()
	return app.Div().Class("panes history").Body(
		app.Elem("section").Class("pane history-list").Attr("aria-labelledby", "history-title").Body(
			app.Elem("h2").ID("history-title").Text(v.T("History")),
			c.renderFilters(v),
			c.renderTotals(v),
			app.P().ID("history-notice").Class("notice").Attr("role", "status").Attr("aria-live", "polite").Text(c.notice),
			app.If(c.loadErr != nil, func() app.UI {
				return app.P().ID("history-error").Class("field-error").Attr("role", "alert").Text(journalWords(v, c.loadErr))
			}),
			c.renderEntries(v),
			storageNotice(v, c.Sess.Storage()),
		),
		app.If(hasSel, func() app.UI { return c.renderDetail(v, sel) }),
		app.If(hasSel && sel.State == pos.StateApproved, func() app.UI {
			return app.Div().Class("receipt-print").Body(receiptIn(v, resultFromRecord(v, sel)))
		}),
	)
}

func (c *historyScreen) renderFilters(v voice) app.UI {
	p := c.Sess.Profile()
	return form().Class("filters").Attr("role", "search").Attr("aria-label", v.T("Filter the history")).
		OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).Body(
		app.Div().Class("filter").Body(
			app.Label().For("history-day").Text(v.T("Day")),
			// The browser writes the date in the field as its own locale
			// does; its value is ISO (yyyy-mm-dd) whatever the language.
			app.Input().ID("history-day").Type("date").Value(c.day).
				Attr("aria-describedby", "history-day-hint").OnChange(c.onFilter(&c.day)),
			app.Elem("span").ID("history-day-hint").Class("hint").Text(v.T("Clear it to list every day.")),
		),
		app.Div().Class("filter").Body(
			app.Label().For("history-state").Text(v.T("State")),
			app.Elem("select").ID("history-state").OnChange(c.onFilter(&c.state)).Body(
				app.Elem("option").Attr("value", "").Attr("selected", c.state == "").Text(v.T("All states")),
				app.Range(pos.States()).Slice(func(i int) app.UI {
					s := pos.States()[i]
					return app.Elem("option").Attr("value", string(s)).Attr("selected", c.state == string(s)).Text(stateOf(v, s).Words)
				}),
			),
		),
		app.Div().Class("filter").Body(
			app.Label().For("history-type").Text(v.T("Type")),
			app.Elem("select").ID("history-type").OnChange(c.onFilter(&c.typ)).Body(
				app.Elem("option").Attr("value", "").Attr("selected", c.typ == "").Text(v.T("All types")),
				app.Range(p.Types).Slice(func(i int) app.UI {
					t := p.Types[i]
					return app.Elem("option").Attr("value", t.Code).Attr("selected", c.typ == t.Code).Text(typeName(v, t.Name))
				}),
				app.Elem("option").Attr("value", cashier.TypeConsole).Attr("selected", c.typ == cashier.TypeConsole).Text(v.T("Sent from the Console")),
			),
		),
		app.Div().Class("filter filter-search").Body(
			app.Label().For("history-search").Text(v.T("Search")),
			app.Input().ID("history-search").Type("search").Value(c.query).
				Placeholder(v.T("Reference or amount")).Attr("autocomplete", "off").Attr("spellcheck", "false").
				OnInput(c.onFilter(&c.query)),
		),
	)
}

func (c *historyScreen) renderTotals(v voice) app.UI {
	q := c.historyQuery()
	if q.Day.IsZero() {
		return app.P().ID("history-totals").Class("hint").Text(v.T("Choose a day to see its totals."))
	}
	t := c.history.Totals
	row := func(id, label string, n cashier.Tally, showCount bool) app.UI {
		text := v.Money(n.Amount)
		if showCount {
			text = countMoney(v, n)
		}
		return app.Div().Class("total").Body(
			app.Elem("dt").Text(label),
			app.Elem("dd").ID(id).Attr("aria-label", moneyLabel(v, n.Amount, n.Count, showCount)).Text(text),
		)
	}
	return app.Elem("section").ID("history-totals").Class("totals").Attr("aria-labelledby", "totals-title").Body(
		app.Elem("h3").ID("totals-title").Text(v.T("Totals for %s", v.Date(q.Day))),
		app.Elem("dl").Class("totals-list").Body(
			row("total-sales", v.T("Approved sales"), t.Charged(), true),
			row("total-refunds", v.T("Refunds"), t.Refunds, true),
			row("total-voids", v.T("Voids"), t.Voids, true),
			row("total-net", v.T("Net"), cashier.Tally{Amount: t.Net}, false),
		),
	)
}

func (c *historyScreen) renderEntries(v voice) app.UI {
	if !c.loaded {
		return app.P().Class("hint").Text(v.T("Reading the journal…"))
	}
	if len(c.history.Shown) == 0 {
		return app.Div().Body(
			app.P().ID("history-empty").Class("empty").Text(v.T("No transactions match.")),
			c.renderExport(v),
		)
	}
	everyDay := c.historyQuery().Day.IsZero()
	return app.Div().Body(
		c.renderExport(v),
		app.P().ID("history-count").Class("hint").Text(c.countText(v)),
		app.Elem("ul").ID("history-entries").Class("entries").Body(
			app.Range(c.history.Shown).Slice(func(i int) app.UI {
				r := c.history.Shown[i]
				when := v.Time(r.Created)
				if everyDay {
					when = v.DateTime(r.Created)
				}
				open := r.Ref == c.selected
				return app.Elem("li").Body(
					app.Button().Type("button").Class("entry").Attr("data-ref", r.Ref).Attr("data-state", string(r.State)).
						Attr("aria-expanded", open).Attr("aria-controls", "history-detail").OnClick(c.onOpen(r.Ref)).Body(
						app.Elem("span").Class("entry-time").Text(when),
						app.Elem("span").Class("entry-type").Text(typeName(v, r.TypeName)),
						entryAmount(v, r.Amount),
						stateBadge(v, r.State),
						app.Elem("span").Class("entry-ref").Text(r.Ref),
					),
				)
			}),
		),
	)
}

// entryAmount is an entry's amount, "—" if it has none.
func entryAmount(v voice, a pos.Amount) app.UI {
	if a <= 0 {
		return app.Elem("span").Class("entry-amount").Text("—")
	}
	return moneySpan(v, a).Class("entry-amount")
}

// moneySpan is an amount inside a line of other words (a button, a
// heading): the figure for the eye, and the amount in words for a screen
// reader as text of its own, since a span has no role an aria-label
// could name.
func moneySpan(v voice, a pos.Amount) app.HTMLElem {
	return app.Elem("span").Body(
		app.Elem("span").Attr("aria-hidden", "true").Text(v.Money(a)),
		app.Elem("span").Class("sr-only").Text(v.MoneyWords(a)),
	)
}

func (c *historyScreen) countText(v voice) string {
	n := len(c.history.Shown)
	if c.history.More {
		return v.Plural(n, "The newest %d transaction, newest first (choose a day to see the rest)", "The newest %d transactions, newest first (choose a day to see the rest)")
	}
	return v.Plural(n, "%d transaction, newest first", "%d transactions, newest first")
}

func (c *historyScreen) renderExport(v voice) app.UI {
	return app.Button().ID("export-csv").Type("button").Class("button secondary small").
		Disabled(len(c.history.Shown) == 0).Text(v.T("Export CSV")).OnClick(c.onExport)
}

func (c *historyScreen) renderDetail(v voice, r journal.Record) app.UI {
	p := c.Sess.Profile()
	role := pos.Role(r.Role)
	followUp := r.State == pos.StateApproved && (role == pos.RoleSale || role == pos.RoleCompletion)
	_, canVoid := p.TypeByRole(pos.RoleVoid)
	_, canRefund := p.TypeByRole(pos.RoleRefund)
	item := func(label, val string) app.UI {
		if val == "" {
			return nil
		}
		return app.Div().Body(app.Elem("dt").Text(label), app.Elem("dd").Text(val))
	}
	message := ""
	if r.Message != "" {
		message = v.T(r.Message) // the terminal's words, in the catalog or as they came
	}
	return app.Elem("section").ID("history-detail").Class("pane history-detail").Attr("aria-labelledby", "detail-title").Body(
		app.Elem("h2").ID("detail-title").Body(
			app.Text(typeName(v, r.TypeName)+" "),
			app.If(r.Amount > 0, func() app.UI { return moneySpan(v, r.Amount) }),
			app.Text(" "),
			stateBadge(v, r.State),
		),
		app.Elem("dl").Class("summary").Body(
			app.Div().Body(app.Elem("dt").Text(v.T("Reference")), app.Elem("dd").ID("detail-ref").Text(r.Ref)),
			item(v.T("Original reference"), r.OrigRef),
			item(v.T("Message"), message),
			item(v.T("Card"), journal.Field(r.Fields, journal.FieldCard)),
			item(v.T("Auth code"), journal.Field(r.Fields, journal.FieldAuthCode)),
			item(v.T("Terminal"), r.Terminal),
			item(v.T("Started"), v.DateTime(r.Created)),
		),
		app.Div().Class("actions").Body(
			app.If(followUp && canVoid, func() app.UI {
				return app.Button().ID("history-void").Type("button").Class("button secondary").Text(v.T("Void")).OnClick(c.onFollowUp(r, pos.RoleVoid))
			}),
			app.If(followUp && canRefund, func() app.UI {
				return app.Button().ID("history-refund").Type("button").Class("button secondary").Text(v.T("Refund")).OnClick(c.onFollowUp(r, pos.RoleRefund))
			}),
			app.If(r.State == pos.StateApproved, func() app.UI {
				return app.Button().ID("history-receipt").Type("button").Class("button secondary").Text(v.T("Receipt")).
					OnClick(func(ctx app.Context, e app.Event) { app.Window().Call("print") })
			}),
		),
		app.Elem("h3").ID("detail-events-title").Text(v.T("What happened")),
		tableWrap("detail-events-title", app.Elem("table").ID("detail-events").Class("events").Body(
			tableHead(v.T("Time"), v.T("State"), v.T("By"), v.T("Note")),
			app.Elem("tbody").Body(
				app.Range(r.Events).Slice(func(i int) app.UI {
					e := r.Events[i]
					return app.Elem("tr").Body(
						// To the millisecond, in figures whatever the
						// language: the order of the steps, for whoever
						// looks into what happened, not a time of day.
						app.Elem("td").Class("num").Text(e.Time.Local().Format("15:04:05.000")),
						app.Elem("td").Body(stateBadge(v, e.State)),
						// Who and why are the till's words (journal
						// events): said in the cashier's language where
						// the catalog has them, as recorded otherwise.
						app.Elem("td").Text(v.T(e.By)),
						app.Elem("td").Text(v.T(e.Note)),
					)
				}),
			),
		)),
		app.Elem("h3").Text(v.T("Messages on the wire")),
		c.renderFrames(v, r),
	)
}

func (c *historyScreen) renderFrames(v voice, r journal.Record) app.UI {
	var frames []journal.Frame
	for _, e := range r.Events {
		frames = append(frames, e.Frames...)
	}
	if len(frames) == 0 {
		return app.P().Class("hint").Text(v.T("None recorded."))
	}
	return app.Elem("ol").ID("detail-frames").Class("frames").Body(
		app.Range(frames).Slice(func(i int) app.UI {
			f := frames[i]
			return app.Elem("li").Class("frame frame-"+f.Dir).Body(
				app.P().Class("frame-head").Body(
					app.Elem("span").Class("frame-dir").Text(directionWords(v, f.Dir)),
					app.Elem("span").Class("frame-kind").Text(frameKind(v, f.Kind)),
					// Technical: to the millisecond, in figures.
					app.Elem("span").Class("frame-time num").Text(f.Time.Local().Format("15:04:05.000")),
				),
				app.Elem("pre").Class("frame-raw").Body(app.Elem("code").Text(f.Raw)),
			)
		}),
	)
}

// directionWords says which way a message went, with an arrow for the eye
// and words for everyone.
func directionWords(v voice, dir string) string {
	switch dir {
	case journal.DirOut:
		return "→ " + v.T("Sent")
	case journal.DirIn:
		return "← " + v.T("Received")
	}
	return dir
}

// frameKind is what kind of message a frame was: the till's and the
// protocol's words ("request", "outcome", "refused: why"), said in the
// cashier's language where the catalog has them.
func frameKind(v voice, kind string) string {
	if why, ok := strings.CutPrefix(kind, "refused: "); ok {
		return v.T("refused: %s", v.T(why))
	}
	return v.T(kind)
}
