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
	loadErr  string
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
			if err != nil {
				c.loadErr = journal.UserMessage(err)
			} else {
				c.loadErr = ""
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
	var buf bytes.Buffer
	if err := journal.ExportCSV(&buf, c.history.Shown, c.Sess.Profile().Decimals); err != nil {
		c.notice = capitalise(err.Error())
		return
	}
	name := cashier.CSVFileName(c.historyQuery().Day, time.Now())
	downloadFile(name, "text/csv;charset=utf-8", buf.String())
	c.notice = fmt.Sprintf("Exported %s to %s.", cashier.Plural(len(c.history.Shown), "transaction"), name)
}

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

func stateOf(s pos.State) stateView {
	switch s {
	case pos.StateApproved:
		return stateView{"✓", "Approved", "state-ok"}
	case pos.StateDeclined:
		return stateView{"✕", "Declined", "state-bad"}
	case pos.StateUnknown:
		return stateView{"?", "Outcome unknown", "state-warn"}
	case pos.StateNotCharged:
		return stateView{"–", "Not charged", "state-neutral"}
	case pos.StateVoided:
		return stateView{"↺", "Voided", "state-neutral"}
	case pos.StateRefunded:
		return stateView{"↩", "Refunded", "state-neutral"}
	case pos.StatePending:
		return stateView{"…", "Pending", "state-warn"}
	case pos.StateSent:
		return stateView{"→", "Sent", "state-warn"}
	case "":
		return stateView{"·", "No change", "state-neutral"}
	}
	return stateView{"?", string(s), "state-warn"}
}

func stateBadge(s pos.State) app.UI {
	v := stateOf(s)
	return app.Elem("span").Class("state "+v.Class).Body(
		app.Elem("span").Class("state-icon").Attr("aria-hidden", "true").Text(v.Icon),
		app.Elem("span").Class("state-words").Text(v.Words),
	)
}

func (c *historyScreen) Render() app.UI {
	sel, hasSel := c.selectedRecord()
	return app.Div().Class("panes history").Body(
		app.Elem("section").Class("pane history-list").Attr("aria-labelledby", "history-title").Body(
			app.Elem("h2").ID("history-title").Text("History"),
			c.renderFilters(),
			c.renderTotals(),
			app.P().ID("history-notice").Class("notice").Attr("role", "status").Attr("aria-live", "polite").Text(c.notice),
			app.If(c.loadErr != "", func() app.UI {
				return app.P().ID("history-error").Class("field-error").Attr("role", "alert").Text(c.loadErr)
			}),
			c.renderEntries(),
			renderStorage(c.Sess.Storage()),
		),
		app.If(hasSel, func() app.UI { return c.renderDetail(sel) }),
		app.If(hasSel && sel.State == pos.StateApproved, func() app.UI {
			return app.Div().Class("receipt-print").Body(newReceipt(resultFromRecord(c.Sess.voice(), sel)))
		}),
	)
}

func (c *historyScreen) renderFilters() app.UI {
	p := c.Sess.Profile()
	return form().Class("filters").Attr("role", "search").Attr("aria-label", "Filter the history").
		OnSubmit(func(ctx app.Context, e app.Event) { e.PreventDefault() }).Body(
		app.Div().Class("filter").Body(
			app.Label().For("history-day").Text("Day"),
			app.Input().ID("history-day").Type("date").Value(c.day).
				Attr("aria-describedby", "history-day-hint").OnChange(c.onFilter(&c.day)),
			app.Elem("span").ID("history-day-hint").Class("hint").Text("Clear it to list every day."),
		),
		app.Div().Class("filter").Body(
			app.Label().For("history-state").Text("State"),
			app.Elem("select").ID("history-state").OnChange(c.onFilter(&c.state)).Body(
				app.Elem("option").Attr("value", "").Attr("selected", c.state == "").Text("All states"),
				app.Range(pos.States()).Slice(func(i int) app.UI {
					s := pos.States()[i]
					return app.Elem("option").Attr("value", string(s)).Attr("selected", c.state == string(s)).Text(stateOf(s).Words)
				}),
			),
		),
		app.Div().Class("filter").Body(
			app.Label().For("history-type").Text("Type"),
			app.Elem("select").ID("history-type").OnChange(c.onFilter(&c.typ)).Body(
				app.Elem("option").Attr("value", "").Attr("selected", c.typ == "").Text("All types"),
				app.Range(p.Types).Slice(func(i int) app.UI {
					t := p.Types[i]
					return app.Elem("option").Attr("value", t.Code).Attr("selected", c.typ == t.Code).Text(t.Name)
				}),
				app.Elem("option").Attr("value", cashier.TypeConsole).Attr("selected", c.typ == cashier.TypeConsole).Text("Sent from the Console"),
			),
		),
		app.Div().Class("filter filter-search").Body(
			app.Label().For("history-search").Text("Search"),
			app.Input().ID("history-search").Type("search").Value(c.query).
				Placeholder("Reference or amount").Attr("autocomplete", "off").Attr("spellcheck", "false").
				OnInput(c.onFilter(&c.query)),
		),
	)
}

func (c *historyScreen) renderTotals() app.UI {
	q := c.historyQuery()
	if q.Day.IsZero() {
		return app.P().ID("history-totals").Class("hint").Text("Choose a day to see its totals.")
	}
	t := c.history.Totals
	row := func(id, label string, n cashier.Tally, showCount bool) app.UI {
		v := c.Sess.Money(n.Amount)
		if showCount {
			v = fmt.Sprintf("%d · %s", n.Count, v)
		}
		return app.Div().Class("total").Body(app.Elem("dt").Text(label), app.Elem("dd").ID(id).Text(v))
	}
	return app.Elem("section").ID("history-totals").Class("totals").Attr("aria-labelledby", "totals-title").Body(
		app.Elem("h3").ID("totals-title").Text("Totals for "+q.Day.Format("Mon 2 Jan 2006")),
		app.Elem("dl").Class("totals-list").Body(
			row("total-sales", "Approved sales", t.Charged(), true),
			row("total-refunds", "Refunds", t.Refunds, true),
			row("total-voids", "Voids", t.Voids, true),
			row("total-net", "Net", cashier.Tally{Amount: t.Net}, false),
		),
	)
}

func (c *historyScreen) renderEntries() app.UI {
	if !c.loaded {
		return app.P().Class("hint").Text("Reading the journal…")
	}
	if len(c.history.Shown) == 0 {
		return app.Div().Body(
			app.P().ID("history-empty").Class("empty").Text("No transactions match."),
			c.renderExport(),
		)
	}
	everyDay := c.historyQuery().Day.IsZero()
	return app.Div().Body(
		c.renderExport(),
		app.P().ID("history-count").Class("hint").Text(c.countText()),
		app.Elem("ul").ID("history-entries").Class("entries").Body(
			app.Range(c.history.Shown).Slice(func(i int) app.UI {
				r := c.history.Shown[i]
				when := r.Created.Local().Format("15:04:05")
				if everyDay {
					when = r.Created.Local().Format("2006-01-02 15:04")
				}
				amount := "—"
				if r.Amount > 0 {
					amount = c.Sess.Money(r.Amount)
				}
				open := r.Ref == c.selected
				return app.Elem("li").Body(
					app.Button().Type("button").Class("entry").Attr("data-ref", r.Ref).Attr("data-state", string(r.State)).
						Attr("aria-expanded", open).Attr("aria-controls", "history-detail").OnClick(c.onOpen(r.Ref)).Body(
						app.Elem("span").Class("entry-time").Text(when),
						app.Elem("span").Class("entry-type").Text(r.TypeName),
						app.Elem("span").Class("entry-amount").Text(amount),
						stateBadge(r.State),
						app.Elem("span").Class("entry-ref").Text(r.Ref),
					),
				)
			}),
		),
	)
}

func (c *historyScreen) countText() string {
	s := cashier.Plural(len(c.history.Shown), "transaction")
	if c.history.More {
		s = "The newest " + s + " (choose a day to see the rest)"
	}
	return s + ", newest first"
}

func (c *historyScreen) renderExport() app.UI {
	return app.Button().ID("export-csv").Type("button").Class("button secondary small").
		Disabled(len(c.history.Shown) == 0).Text("Export CSV").OnClick(c.onExport)
}

func (c *historyScreen) renderDetail(r journal.Record) app.UI {
	p := c.Sess.Profile()
	role := pos.Role(r.Role)
	followUp := r.State == pos.StateApproved && (role == pos.RoleSale || role == pos.RoleCompletion)
	_, canVoid := p.TypeByRole(pos.RoleVoid)
	_, canRefund := p.TypeByRole(pos.RoleRefund)
	item := func(label, v string) app.UI {
		if v == "" {
			return nil
		}
		return app.Div().Body(app.Elem("dt").Text(label), app.Elem("dd").Text(v))
	}
	amount := ""
	if r.Amount > 0 {
		amount = c.Sess.Money(r.Amount)
	}
	return app.Elem("section").ID("history-detail").Class("pane history-detail").Attr("aria-labelledby", "detail-title").Body(
		app.Elem("h2").ID("detail-title").Body(
			app.Text(strings.TrimSpace(r.TypeName+" "+amount)+" "),
			stateBadge(r.State),
		),
		app.Elem("dl").Class("summary").Body(
			app.Div().Body(app.Elem("dt").Text("Reference"), app.Elem("dd").ID("detail-ref").Text(r.Ref)),
			item("Original reference", r.OrigRef),
			item("Message", r.Message),
			item("Card", journal.Field(r.Fields, journal.FieldCard)),
			item("Auth code", journal.Field(r.Fields, journal.FieldAuthCode)),
			item("Terminal", r.Terminal),
			item("Started", r.Created.Local().Format("2006-01-02 15:04:05")),
		),
		app.Div().Class("actions").Body(
			app.If(followUp && canVoid, func() app.UI {
				return app.Button().ID("history-void").Type("button").Class("button secondary").Text("Void").OnClick(c.onFollowUp(r, pos.RoleVoid))
			}),
			app.If(followUp && canRefund, func() app.UI {
				return app.Button().ID("history-refund").Type("button").Class("button secondary").Text("Refund").OnClick(c.onFollowUp(r, pos.RoleRefund))
			}),
			app.If(r.State == pos.StateApproved, func() app.UI {
				return app.Button().ID("history-receipt").Type("button").Class("button secondary").Text("Receipt").
					OnClick(func(ctx app.Context, e app.Event) { app.Window().Call("print") })
			}),
		),
		app.Elem("h3").ID("detail-events-title").Text("What happened"),
		tableWrap("detail-events-title", app.Elem("table").ID("detail-events").Class("events").Body(
			tableHead("Time", "State", "By", "Note"),
			app.Elem("tbody").Body(
				app.Range(r.Events).Slice(func(i int) app.UI {
					e := r.Events[i]
					return app.Elem("tr").Body(
						app.Elem("td").Class("num").Text(e.Time.Local().Format("15:04:05.000")),
						app.Elem("td").Body(stateBadge(e.State)),
						app.Elem("td").Text(e.By),
						app.Elem("td").Text(e.Note),
					)
				}),
			),
		)),
		app.Elem("h3").Text("Messages on the wire"),
		c.renderFrames(r),
	)
}

func (c *historyScreen) renderFrames(r journal.Record) app.UI {
	var frames []journal.Frame
	for _, e := range r.Events {
		frames = append(frames, e.Frames...)
	}
	if len(frames) == 0 {
		return app.P().Class("hint").Text("None recorded.")
	}
	return app.Elem("ol").ID("detail-frames").Class("frames").Body(
		app.Range(frames).Slice(func(i int) app.UI {
			f := frames[i]
			return app.Elem("li").Class("frame frame-"+f.Dir).Body(
				app.P().Class("frame-head").Body(
					app.Elem("span").Class("frame-dir").Text(directionWords(f.Dir)),
					app.Elem("span").Class("frame-kind").Text(f.Kind),
					app.Elem("span").Class("frame-time num").Text(f.Time.Local().Format("15:04:05.000")),
				),
				app.Elem("pre").Class("frame-raw").Body(app.Elem("code").Text(f.Raw)),
			)
		}),
	)
}

// directionWords says which way a message went, with an arrow for the eye
// and words for everyone.
func directionWords(dir string) string {
	switch dir {
	case journal.DirOut:
		return "→ Sent"
	case journal.DirIn:
		return "← Received"
	}
	return dir
}
