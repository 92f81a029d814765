package main

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// consoleScreen replaces Postman while a new terminal is set up: send a
// payload by hand (from a template of the profile or typed) and watch
// every message both ways. What it sends goes through the till, so it is
// journalled and guarded like a charge: a sale typed here is still a sale.
type consoleScreen struct {
	app.Compo
	sessionWatch
	Sess *session

	template string // type code of the template last chosen
	payload  string
	origRef  string // newest approved sale, as the sample original reference

	sending bool
	sendErr string
	sent    *journal.Record
	notice  string // copy feedback, through the aria-live region

	mountCtx app.Context
}

func (c *consoleScreen) OnMount(ctx app.Context) {
	c.mountCtx = ctx
	c.watch(ctx, c.Sess, func(ctx app.Context) {
		// Follow new lines only when the reader is at the end already:
		// scrolling away to read an older frame must not be undone.
		if logAtEnd() {
			ctx.Defer(func(app.Context) { scrollLogToEnd() })
		}
	})
	ctx.Defer(func(app.Context) { scrollLogToEnd() })
	j := c.Sess.Journal()
	ctx.Async(func() {
		qctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		recs, err := j.List(qctx, journal.Filter{States: []pos.State{pos.StateApproved}, Role: string(pos.RoleSale), Limit: 1})
		if err != nil || len(recs) == 0 {
			return
		}
		ctx.Dispatch(func(app.Context) { c.origRef = recs[0].Ref })
	})
}

// sampleAmount is the amount a template is filled with: 1.00 in a
// currency with cents, small enough to be harmless on a live terminal.
const sampleAmount pos.Amount = 100

// placeholderOrigRef stands in for the original reference when the
// journal has no approved sale to offer.
const placeholderOrigRef = "ORIGINAL-REF"

// samplePayload builds the request of the type with this code exactly as
// a charge would, with sample values, so what the console sends is what
// the app itself would send.
func samplePayload(p *pos.Profile, code, ref, origRef string) (string, error) {
	if origRef == "" {
		origRef = placeholderOrigRef
	}
	req, err := p.BuildRequest(code, pos.RequestParams{Amount: sampleAmount, Ref: ref, OrigRef: origRef})
	if err != nil {
		return "", err
	}
	return string(req.Body), nil
}

func (c *consoleScreen) onTemplate(ctx app.Context, e app.Event) {
	code := ctx.JSSrc().Get("value").String()
	c.template, c.sendErr = code, ""
	if code == "" {
		return
	}
	body, err := samplePayload(c.Sess.Profile(), code, till.NewReference(), c.origRef)
	if err != nil {
		c.sendErr = c.Sess.voice().T("This template cannot be filled: %s", err.Error())
		return
	}
	c.payload = body
}

func (c *consoleScreen) onSend(_ app.Context, e app.Event) {
	e.PreventDefault()
	if c.sending {
		return
	}
	body := strings.TrimSpace(c.payload)
	if body == "" {
		c.sendErr = c.Sess.voice().T("Type a payload or choose a template first.")
		return
	}
	t := c.Sess.Till()
	c.sending, c.sendErr, c.sent = true, "", nil
	ctx := c.mountCtx
	ctx.Async(func() {
		rec, err := t.RunRaw(context.Background(), []byte(body))
		ctx.Dispatch(func(app.Context) {
			c.sending = false
			if err != nil {
				c.sendErr = consoleError(c.Sess.voice(), err)
				return
			}
			c.sent = &rec
		})
	})
}

// consoleError words a refusal for whoever is setting up the terminal, and
// says whether anything was sent.
func consoleError(v voice, err error) string {
	if errors.Is(err, till.ErrJournal) && errors.Is(err, journal.ErrExists) {
		return v.T("Not sent: this reference is already in the journal. Choose the template again for a new reference, or change the reference.")
	}
	// The till's refusal of a payload that is not JSON (till.RunRaw).
	if strings.Contains(err.Error(), "must be one JSON object") {
		return v.T("Not sent: the payload must be one JSON object, like %s.", `{"TRAN_CODE":"1","AMOUNT":"100"}`)
	}
	// Some of userMessage's words say already that nothing was sent.
	if strings.Contains(userMessage(voice{}, err), "nothing was sent") {
		return capitalise(userMessage(v, err))
	}
	return v.T("Not sent: %s", userMessage(v, err))
}

func (c *consoleScreen) onClear(ctx app.Context, e app.Event) {
	c.notice = c.Sess.voice().T("Log cleared.")
	c.Sess.ClearConsole()
}

func (c *consoleScreen) onCopy(n int, text string) app.EventHandler {
	return func(app.Context, app.Event) {
		ctx := c.mountCtx
		copyText(text, func(ok bool) {
			ctx.Dispatch(func(app.Context) {
				v := c.Sess.voice()
				if ok {
					c.notice = v.T("Message %d copied.", n)
				} else {
					c.notice = v.T("Could not copy: select the text and copy it by hand.")
				}
			})
		})
	}
}

// copyText puts text on the clipboard. The async Clipboard API needs a
// secure context; on plain http (a LAN address) the older execCommand on
// a temporary textarea still works.
func copyText(text string, done func(ok bool)) {
	if !app.IsClient {
		return
	}
	w := app.Window()
	fallback := func() bool {
		doc := w.Get("document")
		ta := doc.Call("createElement", "textarea")
		ta.Set("value", text)
		ta.Call("setAttribute", "readonly", "")
		ta.Set("className", "offscreen")
		doc.Get("body").Call("appendChild", ta)
		ta.Call("select")
		ok := doc.Call("execCommand", "copy").Truthy()
		ta.Call("remove")
		return ok
	}
	clip := w.Get("navigator").Get("clipboard")
	if !clip.Truthy() {
		done(fallback())
		return
	}
	then(clip.Call("writeText", text), func(app.Value) { done(true) }, func(app.Value) { done(fallback()) })
}

func logElement() app.Value {
	if !app.IsClient {
		return app.Undefined()
	}
	return app.Window().GetElementByID("console-log-box")
}

func logAtEnd() bool {
	e := logElement()
	if !e.Truthy() {
		return true
	}
	return e.Get("scrollHeight").Float()-e.Get("scrollTop").Float()-e.Get("clientHeight").Float() < 80
}

func scrollLogToEnd() {
	if e := logElement(); e.Truthy() {
		e.Set("scrollTop", e.Get("scrollHeight"))
	}
}

func (c *consoleScreen) Render() app.UI {
	v := c.Sess.voice()
	p := c.Sess.Profile()
	st := c.Sess.Till().Status()
	ready := st.Link == till.Ready
	return app.Div().Class("panes console").Body(
		app.Elem("section").Class("pane").Attr("aria-labelledby", "console-title").Body(
			app.Elem("h2").ID("console-title").Text(v.T("Console")),
			app.P().Class("hint").Text(v.T("For setting up a terminal: send a request by hand and see every message. What you send is a real transaction, recorded in History.")),
			form().Class("console-form").OnSubmit(c.onSend).Body(
				app.Label().For("console-template").Text(v.T("Template")),
				app.Elem("select").ID("console-template").Attr("aria-describedby", "console-template-hint").OnChange(c.onTemplate).Body(
					app.Elem("option").Attr("value", "").Attr("selected", c.template == "").Text(v.T("Choose a template…")),
					app.Range(p.Types).Slice(func(i int) app.UI {
						t := p.Types[i]
						return app.Elem("option").Attr("value", t.Code).Attr("selected", c.template == t.Code).Text(v.T("%s (code %s)", typeName(v, t.Name), t.Code))
					}),
				),
				app.P().ID("console-template-hint").Class("hint").Text(v.T("Fills the payload as the app would send it, with a new reference and an amount of %s.", v.Money(sampleAmount))),
				app.Label().For("payload").Text(v.T("Payload")),
				app.Textarea().ID("payload").Class("payload").Rows(6).Spellcheck(false).
					Attr("autocomplete", "off").Attr("autocapitalize", "off").
					Attr("aria-describedby", "console-error").Attr("aria-invalid", c.sendErr != "").
					Placeholder(`{"TRAN_CODE":"1","TRAN_MODE":"1","AMOUNT":"100","REF_NO":"…"}`).
					Text(c.payload).OnInput(c.ValueTo(&c.payload)),
				app.P().ID("console-error").Class("field-error").Attr("role", "alert").Text(c.sendErr),
				app.Button().ID("send").Type("submit").Class("button primary").Disabled(!ready || c.sending).Text(v.T("Send")),
				app.If(!ready, func() app.UI {
					return app.P().Class("hint").Text(v.T("Connect to the terminal to send."))
				}),
			),
			app.Div().ID("console-result").Attr("role", "status").Attr("aria-live", "polite").Body(
				app.If(c.sending, func() app.UI { return app.P().Class("progress-what").Text(v.T("Sent; waiting for the terminal…")) }),
				app.If(c.sent != nil && !c.sending, func() app.UI {
					r := c.sent
					said := v.T("Reference %s", r.Ref)
					if r.Message != "" {
						said = v.T("%s — reference %s", v.T(r.Message), r.Ref)
					}
					return app.P().Class("console-outcome").Body(
						stateBadge(v, r.State),
						app.Text(" "+said),
					)
				}),
			),
		),
		app.Elem("section").Class("pane console-log").Attr("aria-labelledby", "console-log-title").Body(
			app.Div().Class("log-head").Body(
				app.Elem("h2").ID("console-log-title").Text(v.T("Messages")),
				app.Button().ID("console-clear").Type("button").Class("button secondary small").Text(v.T("Clear log")).OnClick(c.onClear),
			),
			app.P().ID("console-notice").Class("notice").Attr("role", "status").Attr("aria-live", "polite").Text(c.notice),
			c.renderLog(v),
		),
	)
}

func (c *consoleScreen) renderLog(v voice) app.UI {
	lines := c.Sess.ConsoleLines()
	if len(lines) == 0 {
		return app.Div().ID("console-log-box").Class("log-box").Body(
			app.P().ID("console-empty").Class("hint").Text(v.T("No messages yet. Messages both ways appear here, oldest first.")),
		)
	}
	return app.Div().ID("console-log-box").Class("log-box").Attr("tabindex", "0").Attr("aria-label", v.T("Message log")).Body(
		app.Elem("ol").ID("console-log").Class("frames").Body(
			app.Range(lines).Slice(func(i int) app.UI {
				l := lines[i]
				n := i + 1
				return app.Elem("li").Class("frame frame-"+string(l.Dir)).Attr("data-dir", string(l.Dir)).Attr("data-kind", l.Kind).Body(
					app.Div().Class("frame-head").Body(
						// Technical: to the millisecond, in figures.
						app.Elem("span").Class("frame-time num").Text(l.Time.Local().Format("15:04:05.000")),
						app.Elem("span").Class("frame-dir").Text(directionWords(v, string(l.Dir))),
						app.Elem("span").Class("frame-kind").Text(frameKind(v, l.Kind)),
						app.Button().Type("button").Class("button secondary small copy").
							Attr("aria-label", v.T("Copy message %d", n)).Text(v.T("Copy")).OnClick(c.onCopy(n, l.Raw)),
					),
					app.Elem("pre").Class("frame-raw").Body(app.Elem("code").Text(l.Raw)),
					// The terminal client's words, as it reported them.
					app.If(l.Error != "", func() app.UI { return app.P().Class("field-error").Text(v.T(l.Error)) }),
				)
			}),
		),
	)
}
