package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// settlementScreen closes the terminal's batch and puts the totals the
// terminal reports next to what the journal recorded for the same period,
// so a missing or doubled transaction shows before the money is paid out.
type settlementScreen struct {
	app.Compo
	sessionWatch
	Sess *session

	confirming bool
	running    bool
	runErr     string
	// last is the latest settlement, from the journal or just run; a
	// settlement that was not approved has no comparison.
	last *cashier.Settlement
	// open is what the journal holds since the last settlement: what the
	// next settlement should report.
	open    *cashier.OpenPeriod
	loadErr string

	mountCtx app.Context
}

func (c *settlementScreen) OnMount(ctx app.Context) {
	c.mountCtx = ctx
	// Re-render on status changes: Run settlement follows the connection.
	c.watch(ctx, c.Sess, nil)
	c.load()
}

// load reads the last settlement and the open period from the journal.
func (c *settlementScreen) load() {
	j, p := c.Sess.Journal(), c.Sess.Profile()
	ctx := c.mountCtx
	ctx.Async(func() {
		qctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		// A second of slack takes in a transaction written this instant.
		last, open, err := cashier.LoadSettlements(qctx, j, p, time.Now().Add(time.Second))
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				c.loadErr = journal.UserMessage(err)
				return
			}
			c.loadErr = ""
			if c.last == nil || (last != nil && !last.Rec.Created.Before(c.last.Rec.Created)) {
				c.last = last
			}
			c.open = &open
		})
	})
}

func (c *settlementScreen) onRun(ctx app.Context, e app.Event) {
	c.confirming, c.runErr = true, ""
	focusNext("settle-cancel") // the question's safe answer
}

func (c *settlementScreen) onCancel(ctx app.Context, e app.Event) {
	c.confirming = false
	focusNext("settle-run")
}

// onConfirm runs the profile's settlement through the till, so it is
// journalled and guarded like any transaction.
func (c *settlementScreen) onConfirm(app.Context, app.Event) {
	if c.running {
		return
	}
	t, j, p := c.Sess.Till(), c.Sess.Journal(), c.Sess.Profile()
	st, ok := p.TypeByRole(pos.RoleSettlement)
	if !ok {
		c.runErr = "The profile has no settlement type: add one with the role settlement in Settings."
		c.confirming = false
		return
	}
	c.confirming, c.running, c.runErr = false, true, ""
	ctx := c.mountCtx
	ctx.Async(func() {
		v, err := cashier.RunSettlement(t, j, p, st.Code)
		ctx.Dispatch(func(ctx app.Context) {
			c.running = false
			if err != nil {
				c.runErr = capitalise(userMessage(voice{}, err))
				return
			}
			c.last = v
			c.load()
		})
	})
}

func (c *settlementScreen) Render() app.UI {
	st := c.Sess.Till().Status()
	ready := st.Link == till.Ready && st.InFlight == nil
	_, hasType := c.Sess.Profile().TypeByRole(pos.RoleSettlement)
	return app.Div().Class("panes settlement").Body(
		app.Elem("section").Class("pane").Attr("aria-labelledby", "settlement-title").Body(
			app.Elem("h2").ID("settlement-title").Text("Settlement"),
			app.P().Class("hint").Text("Settlement closes the terminal's batch: its card payments go for payout and can no longer be voided (refunds stay possible). lanepay then compares the terminal's totals with its own journal."),
			c.renderOpen(),
			app.If(c.loadErr != "", func() app.UI {
				return app.P().Class("field-error").Attr("role", "alert").Text(c.loadErr)
			}),
			app.If(!c.confirming, func() app.UI {
				return app.Button().ID("settle-run").Type("button").Class("button primary").
					Disabled(!ready || c.running || !hasType).Text("Run settlement").OnClick(c.onRun)
			}),
			app.If(!ready && !c.running, func() app.UI {
				return app.P().Class("hint").Text("Connect to the terminal to run a settlement.")
			}),
			app.If(c.confirming, func() app.UI {
				return app.Div().ID("settle-confirm-box").Class("confirm").Attr("role", "alertdialog").
					Attr("aria-labelledby", "settle-confirm-text").Body(
					app.P().ID("settle-confirm-text").Text("Close the batch now? After settlement, today's sales can no longer be voided."),
					app.Button().ID("settle-confirm").Type("button").Class("button danger").Disabled(!ready).
						Text("Yes, run settlement").OnClick(c.onConfirm),
					app.Button().ID("settle-cancel").Type("button").Class("button secondary").Text("Cancel").OnClick(c.onCancel),
				)
			}),
			// The outcome in one sentence for screen readers; the table
			// below is there to be read at will, not announced whole.
			app.P().ID("settle-status").Class("sr-only").Attr("role", "status").Attr("aria-live", "polite").Text(c.announcement()),
			app.If(c.running, func() app.UI {
				return app.P().Class("progress-what").Text("Settling… waiting for the terminal.")
			}),
			app.P().ID("settle-error").Class("field-error").Attr("role", "alert").Text(c.runErr),
			app.If(c.last != nil && !c.running, func() app.UI { return c.renderLast() }),
		),
	)
}

// announcement is what the status region says: progress, then the
// outcome of the settlement just run.
func (c *settlementScreen) announcement() string {
	switch {
	case c.running:
		return "Settling: waiting for the terminal."
	case c.last == nil || c.runErr != "":
		return ""
	case c.last.Rec.State != pos.StateApproved:
		return "Settlement " + strings.ToLower(stateOf(c.last.Rec.State).Words) + "."
	case c.last.Differences() == 0:
		return "Settlement done. The terminal's totals match the journal."
	}
	return fmt.Sprintf("Settlement done, with %s between the terminal and the journal.", cashier.Plural(c.last.Differences(), "difference"))
}

func (c *settlementScreen) renderOpen() app.UI {
	if c.open == nil {
		return app.P().Class("hint").Text("Reading the journal…")
	}
	o, sales := c.open.Totals, c.open.Totals.Charged()
	from := "the start of today"
	if c.open.Previous {
		from = "the last settlement (" + c.open.Since.Local().Format("2006-01-02 15:04") + ")"
	}
	return app.Div().ID("settle-open").Class("totals").Body(
		app.Elem("h3").Text("In the journal since "+from),
		app.Elem("dl").Class("totals-list").Body(
			app.Div().Class("total").Body(app.Elem("dt").Text("Sales"), app.Elem("dd").Text(fmt.Sprintf("%d · %s", sales.Count, c.Sess.Money(sales.Amount)))),
			app.Div().Class("total").Body(app.Elem("dt").Text("Refunds"), app.Elem("dd").Text(fmt.Sprintf("%d · %s", o.Refunds.Count, c.Sess.Money(o.Refunds.Amount)))),
			app.Div().Class("total").Body(app.Elem("dt").Text("Voids"), app.Elem("dd").Text(fmt.Sprintf("%d · %s", o.Voids.Count, c.Sess.Money(o.Voids.Amount)))),
			app.Div().Class("total").Body(app.Elem("dt").Text("Net"), app.Elem("dd").Text(c.Sess.Money(o.Net))),
		),
	)
}

func (c *settlementScreen) renderLast() app.UI {
	v := c.last
	r := v.Rec
	when := r.Created.Local().Format("2006-01-02 15:04")
	batch := journal.Field(r.Fields, "BATCH_NO")
	title := "Settlement of " + when
	if batch != "" {
		title += ", batch " + batch
	}
	if r.State != pos.StateApproved {
		sv := stateOf(r.State)
		msg := r.Message
		if msg == "" {
			msg = "The batch may still be open: run settlement again once the terminal is ready."
		}
		return app.Elem("section").ID("settle-result").Class("result "+verdictOf(r.State).class()).Attr("aria-labelledby", "settle-summary").Body(
			app.Elem("h3").ID("settle-summary").Class("result-title").Body(
				app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text(sv.Icon),
				app.Text("Settlement "+strings.ToLower(sv.Words)),
			),
			app.P().Class("result-message").Text(msg),
			app.P().Class("hint").Text(title+" — reference "+r.Ref),
		)
	}
	n := v.Differences()
	icon, summary, class := "✓", "The terminal's totals match the journal.", "result approved"
	if n > 0 {
		icon, class = "⚠", "result unknown"
		summary = fmt.Sprintf("%s between the terminal and the journal: check the lines marked Differs.", capitalise(cashier.Plural(n, "difference")))
	}
	period := "since the start of that day"
	if v.Previous {
		period = "since the settlement of " + v.Since.Local().Format("2006-01-02 15:04")
	}
	p := c.Sess.Profile()
	return app.Elem("section").ID("settle-result").Class(class).Attr("aria-labelledby", "settle-summary").Body(
		app.Elem("h3").ID("settle-summary").Class("result-title").Attr("data-differences", n).Body(
			app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text(icon),
			app.Elem("span").Text(summary),
		),
		app.P().Class("hint").Text(title+". The journal's column counts what lanepay recorded "+period+"."),
		tableWrap("settle-table-caption",
			app.Elem("table").ID("settle-table").Class("compare").Body(
				app.Elem("caption").ID("settle-table-caption").Text("Terminal and journal totals"),
				tableHead("Total", "Terminal", "Journal", "Check"),
				app.Elem("tbody").Body(
					app.Range(v.Rows).Slice(func(i int) app.UI {
						row := v.Rows[i]
						cell := func(t cashier.Tally, reported bool) string {
							if !reported {
								return "not reported"
							}
							if row.NoCount {
								return c.Sess.Money(t.Amount)
							}
							return fmt.Sprintf("%d · %s", t.Count, c.Sess.Money(t.Amount))
						}
						check := app.Elem("td").Class("check check-ok").Body(
							app.Elem("span").Attr("aria-hidden", "true").Text("✓ "), app.Text("Matches"))
						if !row.Reported {
							check = app.Elem("td").Class("check").Text("—")
						} else if row.Differs() {
							check = app.Elem("td").Class("check check-diff").Body(
								app.Elem("span").Attr("aria-hidden", "true").Text("⚠ "),
								app.Elem("strong").Text("Differs: "),
								app.Text(row.Difference(p.Decimals)),
							)
						}
						cls := "row"
						if row.Differs() {
							cls = "row diff"
						}
						return app.Elem("tr").Class(cls).Attr("data-line", row.Label).Body(
							app.Elem("th").Attr("scope", "row").Text(row.Label),
							app.Elem("td").Class("num term").Text(cell(row.Terminal, row.Reported)),
							app.Elem("td").Class("num jour").Text(cell(row.Journal, true)),
							check,
						)
					}),
				),
			),
		),
	)
}
