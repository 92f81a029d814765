package main

import (
	"time"

	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// statusLine says how the page stands with the terminal, in one line a
// cashier reads at a glance, with Reconnect now when it is down.
type statusLine struct {
	app.Compo
	sessionWatch
	Sess *session
}

func (c *statusLine) OnMount(ctx app.Context) { c.watch(ctx, c.Sess, nil) }

func (c *statusLine) Render() app.UI {
	v := voiceOf(c.Sess)
	text, class, detail := v.T("Disconnected"), "status status-down", ""
	var st till.Status
	bridge := false
	if c.Sess != nil {
		t := c.Sess.Till()
		st = t.Status()
		bridge = c.Sess.Settings().ActiveTerminal().ViaBridge(currentPage())
		switch st.Link {
		case till.Connecting:
			text, class = v.T("Connecting…"), "status status-busy"
			if st.Attempt > 0 {
				detail = v.T("attempt %d", st.Attempt+1)
			}
		case till.Ready:
			text, class = v.T("Ready"), "status status-ok"
			switch {
			case st.InFlight != nil:
				text, class = v.T("Busy"), "status status-busy"
			case c.Sess.JournalOpening():
				text, class, detail = v.T("Connecting…"), "status status-busy", v.T("opening the journal")
			case c.Sess.JournalErr() != nil:
				text, class, detail = v.T("Not ready"), "status status-down", v.T("the journal could not be opened")
			}
		default:
			// The reason is the till's (terminal.UserMessage): said in the
			// cashier's language where the catalog has it.
			detail = reasonWords(v, st)
			if !st.NextRetry.IsZero() {
				secs := int(time.Until(st.NextRetry).Round(time.Second).Seconds())
				retry := v.T("retrying (attempt %d)", st.Attempt+1)
				if secs > 0 {
					retry = v.T("retrying in %d s (attempt %d)", secs, st.Attempt+1)
				}
				detail = joinNonEmpty(detail, retry, "; ")
			}
		}
		if bridge && detail == "" {
			detail = v.T("via the server's bridge")
		}
	}
	title := text
	if detail != "" {
		title += " — " + detail
	}
	return app.Div().Class("status-wrap").Body(
		// One line, cut short if it must (app.css): a line that wraps
		// moves the whole page at every retry. title has it all.
		app.P().ID("status").Class(class).Attr("role", "status").Attr("aria-live", "polite").Title("%s", title).Body(
			app.Elem("span").Class("status-dot").Attr("aria-hidden", "true"),
			app.Elem("span").Class("status-text").Text(text),
			app.If(detail != "", func() app.UI {
				return app.Elem("span").ID("status-reason").Class("status-reason").Text(" — " + detail)
			}),
		),
		app.If(c.Sess != nil && st.Link != till.Ready, func() app.UI {
			return app.Button().ID("reconnect").Class("button secondary small").Text(v.T("Reconnect now")).
				OnClick(func(ctx app.Context, e app.Event) { c.Sess.ReconnectNow() })
		}),
	)
}
