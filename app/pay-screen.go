package main

import (
	"net/url"
	"strings"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/handoff"
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// payScreen is the page billing software opens to take a payment (/pay,
// app/handoff): the bill's amount and invoice, and Charge. It renders the
// hand-off's view (cashier.Pay) and sends it the cashier's taps; once the
// outcome is known it sends it back, to the opener and to the return
// address. A refusal is a plain page that sends nothing back.
type payScreen struct {
	app.Compo
	sessionWatch

	sess *session // nil in the pre-rendered page
	pay  *cashier.Pay
	// returned is set once the outcome has been sent back.
	returned bool
}

// OnInit starts the hand-off from the page's address, before the first
// frame: a refusal, or the bill, is what the first frame shows.
func (c *payScreen) OnInit() {
	if c.sess == nil {
		return
	}
	q, _ := url.ParseQuery(strings.TrimPrefix(app.Window().Get("location").Get("search").String(), "?"))
	c.pay = c.sess.StartPay(q)
}

func (c *payScreen) OnMount(ctx app.Context) {
	if c.pay == nil {
		return
	}
	c.watch(ctx, c.sess, func(app.Context) { c.sendBack(c.pay.View()) })
	applyTheme(c.sess.Settings().Theme)
	// An answer from the journal may have come before the watch.
	c.sendBack(c.pay.View())
}

// OnDismount stops following the hand-off (the cashier opened lanepay's
// own screens from it).
func (c *payScreen) OnDismount() {
	c.sessionWatch.OnDismount()
	if c.pay != nil {
		c.pay.Close()
	}
}

// sendBack sends a finished hand-off's outcome back, once: by postMessage
// to the window that opened lanepay, if any, to the return address's
// origin only (a browser drops it for an opener of another origin), then
// by going to the return address with the outcome in its query. It goes
// once the verdict has been painted, so the cashier sees it.
func (c *payScreen) sendBack(v cashier.PayView) {
	if c.returned || v.Stage != cashier.PayDone {
		return
	}
	c.returned = true
	afterPaint(func() {
		if opener := app.Window().Get("opener"); opener.Truthy() && !opener.Get("closed").Truthy() {
			opener.Call("postMessage", v.Outcome.PostMessage(), handoff.Origin(v.Request.Return))
		}
		// replace: Back then leads to the billing software, not to a
		// hand-off that would only answer again.
		app.Window().Get("location").Call("replace", v.ReturnURL)
	})
}

func (c *payScreen) onCharge(ctx app.Context, e app.Event) {
	e.PreventDefault()
	c.pay.Charge()
}

func (c *payScreen) onReturnUnknown(ctx app.Context, e app.Event) { c.pay.ReturnUnknown() }

func (c *payScreen) Render() app.UI {
	var body app.UI
	if c.pay == nil {
		// Pre-rendered: the page before the wasm runs.
		body = app.P().Class("loading").Text(voiceOf(c.sess).T("Starting lanepay…"))
	} else {
		body = c.renderPay(c.sess.voice(), c.pay.View())
	}
	return app.Div().Class("shell pay-shell").Attr("data-mounted", c.sess != nil).Body(
		app.Elem("header").Class("topbar").Body(
			app.Img().Class("brand-mark").Src("/web/icon.svg").Attr("aria-hidden", "true").Width(36).Height(36),
			app.H1().Class("brand").Text("lanepay"),
			&statusLine{Sess: c.sess},
		),
		app.Elem("main").ID("screen").Class("screen").Body(body),
	)
}

func (c *payScreen) renderPay(vo voice, v cashier.PayView) app.UI {
	if v.Stage == cashier.PayRefused {
		return app.Elem("section").ID("pay-refused").Class("pane pay refused").Attr("aria-labelledby", "pay-title").Body(
			app.Elem("h2").ID("pay-title").Text(vo.T("Payment refused")),
			app.P().ID("pay-problem").Attr("role", "alert").Text(vo.T(v.Problem)),
			app.P().Class("hint").Text(vo.T("Go back to the billing software. If it should be allowed, add its origin under Allowed billing origins in lanepay's Settings.")),
		)
	}
	return app.Elem("section").ID("pay").Class("pane pay").Attr("aria-labelledby", "pay-title").Body(
		app.Elem("h2").ID("pay-title").Text(vo.T("Pay")),
		app.Elem("dl").Class("pay-bill").Body(
			app.Div().Class("field").Body(app.Elem("dt").Text(vo.T("Amount")), app.Elem("dd").ID("pay-amount").Class("pay-amount").
				Attr("aria-label", vo.MoneyWords(v.Request.Amount)).Text(vo.Money(v.Request.Amount))),
			app.Div().Class("field").Body(app.Elem("dt").Text(vo.T("Invoice")), app.Elem("dd").ID("pay-invoice").Text(v.Request.Invoice)),
			app.Div().Class("field").Body(app.Elem("dt").Text(vo.T("Back to")), app.Elem("dd").ID("pay-return").Text(handoff.Origin(v.Request.Return))),
		),
		c.renderStage(vo, v),
	)
}

func (c *payScreen) renderStage(vo voice, v cashier.PayView) app.UI {
	inv := v.Request.Invoice
	switch v.Stage {
	case cashier.PayChecking:
		return app.P().ID("pay-status").Attr("role", "status").Text(vo.T("Checking invoice %s in the journal…", inv))
	case cashier.PayReady, cashier.PayCharging:
		return c.renderCharge(vo, v)
	case cashier.PayResolving:
		what := vo.T("A payment of invoice %s has an unknown outcome (%s): lanepay is asking the terminal, and goes back to the billing software with the answer. Do not charge this bill again meanwhile.", inv, v.Record.Ref)
		if v.Own {
			what = vo.T("The terminal's answer was lost (%s): lanepay is asking the terminal, and goes back to the billing software with the answer. Do not charge this bill again meanwhile.", v.Record.Ref)
		}
		return app.Div().ID("pay-resolving").Class("result unknown").Attr("role", "status").Body(
			app.P().Class("result-title").Body(app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text("?"), app.Text(vo.T("Outcome unknown"))),
			app.P().ID("pay-resolving-text").Text(what),
			app.Button().ID("pay-return-unknown").Type("button").Class("button secondary").
				Text(vo.T("Go back without waiting (outcome unknown)")).OnClick(c.onReturnUnknown),
		)
	}
	res := resultFromRecord(vo, v.Record)
	note := vo.T("Going back to the billing software…")
	if v.Answered && v.Outcome.Status == handoff.StatusApproved {
		note = vo.T("Invoice %s was paid already (%s): nothing was charged again. Going back to the billing software…", inv, v.Record.Ref)
	}
	return app.Div().ID("pay-result").Class(res.class()).Attr("role", "status").Body(
		app.P().Class("result-title").Body(app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text(res.icon()), app.Elem("span").ID("pay-verdict").Text(res.Verdict.words(vo))),
		app.If(res.Message != "", func() app.UI { return app.P().Class("result-message").Text(res.Message) }),
		app.If(v.Warning != "", func() app.UI { return app.P().Class("field-error").Text(vo.T(v.Warning)) }),
		app.P().ID("pay-returning").Text(note),
	)
}

func (c *payScreen) renderCharge(vo voice, v cashier.PayView) app.UI {
	st := c.sess.Till().Status()
	ready := st.Link == till.Ready && !c.sess.JournalOpening() && c.sess.JournalErr() == nil
	charging := v.Stage == cashier.PayCharging
	errText := ""
	if v.Err != nil {
		errText = vo.T("%s. Tap Charge to try again.", capitalise(userMessage(vo, v.Err)))
	}
	return form().ID("pay-form").OnSubmit(c.onCharge).Body(
		app.P().ID("pay-error").Class("field-error").Attr("role", "alert").Text(errText),
		app.If(charging, func() app.UI {
			return app.P().ID("pay-status").Attr("role", "status").Text(vo.T("Waiting for the terminal… Ask the customer to tap, insert or scan on the terminal."))
		}).ElseIf(!ready, func() app.UI {
			return app.P().ID("pay-status").Class("hint").Attr("role", "status").Text(vo.T("Charge waits for the terminal to be Ready (see the status above)."))
		}),
		app.Button().ID("pay-charge").Type("submit").Class("button primary").Disabled(!ready || charging).Text(vo.T("Charge")),
	)
}
