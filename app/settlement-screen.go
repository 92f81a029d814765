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

// settlementScreen closes the terminal's batch and puts the totals the
// terminal reports next to what the journal recorded for the same period,
// so a missing or doubled transaction shows before the money is paid out.
type settlementScreen struct {
	app.Compo
	sessionWatch
	Sess *session

	confirming bool
	running    bool
	runErr     error
	// last is the latest settlement, from the journal or just run; a
	// settlement that was not approved has no comparison.
	last *cashier.Settlement
	// open is what the journal holds since the last settlement: what the
	// next settlement should report.
	open    *cashier.OpenPeriod
	loadErr error

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
			c.loadErr = err
			if err != nil {
				return
			}
			if c.last == nil || (last != nil && !last.Rec.Created.Before(c.last.Rec.Created)) {
				c.last = last
			}
			c.open = &open
		})
	})
}

func (c *settlementScreen) onRun(ctx app.Context, e app.Event) {
	c.confirming, c.runErr = true, nil
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
		c.runErr = words.Errorf("The profile has no settlement type: add one with the role settlement in Settings.")
		c.confirming = false
		return
	}
	c.confirming, c.running, c.runErr = false, true, nil
	ctx := c.mountCtx
	ctx.Async(func() {
		v, err := cashier.RunSettlement(t, j, p, st.Code)
		ctx.Dispatch(func(ctx app.Context) {
			c.running = false
			if err != nil {
				c.runErr = err
				return
			}
			c.last = v
			c.load()
		})
	})
}

// runErrWords says why a settlement did not run: this screen's own words,
// or the till's (userMessage, in English, said in the cashier's language
// where the catalog has it).
func runErrWords(v voice, err error) string {
	if err == nil {
		return ""
	}
	if _, ok := errors.AsType[*words.Error](err); ok {
		return v.Err(err)
	}
	return capitalise(userMessage(v, err))
}

func (c *settlementScreen) Render() app.UI {
	v := c.Sess.voice()
	st := c.Sess.Till().Status()
	ready := st.Link == till.Ready && st.InFlight == nil
	_, hasType := c.Sess.Profile().TypeByRole(pos.RoleSettlement)
	return app.Div().Class("panes settlement").Body(
		app.Elem("section").Class("pane").Attr("aria-labelledby", "settlement-title").Body(
			app.Elem("h2").ID("settlement-title").Text(v.T("Settlement")),
			app.P().Class("hint").Text(v.T("Settlement closes the terminal's batch: its card payments go for payout and can no longer be voided (refunds stay possible). lanepay then compares the terminal's totals with its own journal.")),
			c.renderOpen(v),
			app.If(c.loadErr != nil, func() app.UI {
				return app.P().Class("field-error").Attr("role", "alert").Text(journalWords(v, c.loadErr))
			}),
			app.If(!c.confirming, func() app.UI {
				return app.Button().ID("settle-run").Type("button").Class("button primary").
					Disabled(!ready || c.running || !hasType).Text(v.T("Run settlement")).OnClick(c.onRun)
			}),
			app.If(!ready && !c.running, func() app.UI {
				return app.P().Class("hint").Text(v.T("Connect to the terminal to run a settlement."))
			}),
			app.If(c.confirming, func() app.UI {
				return app.Div().ID("settle-confirm-box").Class("confirm").Attr("role", "alertdialog").
					Attr("aria-labelledby", "settle-confirm-text").Body(
					app.P().ID("settle-confirm-text").Text(v.T("Close the batch now? After settlement, today's sales can no longer be voided.")),
					app.Button().ID("settle-confirm").Type("button").Class("button danger").Disabled(!ready).
						Text(v.T("Yes, run settlement")).OnClick(c.onConfirm),
					app.Button().ID("settle-cancel").Type("button").Class("button secondary").Text(v.T("Cancel")).OnClick(c.onCancel),
				)
			}),
			// The outcome in one sentence for screen readers; the table
			// below is there to be read at will, not announced whole.
			app.P().ID("settle-status").Class("sr-only").Attr("role", "status").Attr("aria-live", "polite").Text(c.announcement(v)),
			app.If(c.running, func() app.UI {
				return app.P().Class("progress-what").Text(v.T("Settling… waiting for the terminal."))
			}),
			app.P().ID("settle-error").Class("field-error").Attr("role", "alert").Text(runErrWords(v, c.runErr)),
			app.If(c.last != nil && !c.running, func() app.UI { return c.renderLast(v) }),
		),
	)
}

// announcement is what the status region says: progress, then the
// outcome of the settlement just run.
func (c *settlementScreen) announcement(v voice) string {
	switch {
	case c.running:
		return v.T("Settling: waiting for the terminal.")
	case c.last == nil || c.runErr != nil:
		return ""
	case c.last.Rec.State != pos.StateApproved:
		return v.T("Settlement %s.", strings.ToLower(stateOf(v, c.last.Rec.State).Words))
	case c.last.Differences() == 0:
		return v.T("Settlement done. The terminal's totals match the journal.")
	}
	return v.Plural(c.last.Differences(), "Settlement done, with %d difference between the terminal and the journal.", "Settlement done, with %d differences between the terminal and the journal.")
}

func (c *settlementScreen) renderOpen(v voice) app.UI {
	if c.open == nil {
		return app.P().Class("hint").Text(v.T("Reading the journal…"))
	}
	o, sales := c.open.Totals, c.open.Totals.Charged()
	heading := v.T("In the journal since the start of today")
	if c.open.Previous {
		heading = v.T("In the journal since the last settlement (%s)", v.DateTime(c.open.Since))
	}
	line := func(label string, t cashier.Tally) app.UI {
		return app.Div().Class("total").Body(app.Elem("dt").Text(label),
			app.Elem("dd").Attr("aria-label", moneyLabel(v, t.Amount, t.Count, true)).Text(countMoney(v, t)))
	}
	return app.Div().ID("settle-open").Class("totals").Body(
		app.Elem("h3").Text(heading),
		app.Elem("dl").Class("totals-list").Body(
			line(v.T("Sales"), sales),
			line(v.T("Refunds"), o.Refunds),
			line(v.T("Voids"), o.Voids),
			app.Div().Class("total").Body(app.Elem("dt").Text(v.T("Net")),
				app.Elem("dd").Attr("aria-label", v.MoneyWords(o.Net)).Text(v.Money(o.Net))),
		),
	)
}

func (c *settlementScreen) renderLast(v voice) app.UI {
	last := c.last
	r := last.Rec
	when := v.DateTime(r.Created)
	batch := journal.Field(r.Fields, "BATCH_NO")
	title := v.T("Settlement of %s", when)
	if batch != "" {
		title = v.T("Settlement of %s, batch %s", when, batch)
	}
	if r.State != pos.StateApproved {
		sv := stateOf(v, r.State)
		msg := v.T("The batch may still be open: run settlement again once the terminal is ready.")
		if r.Message != "" {
			msg = v.T(r.Message) // the terminal's words
		}
		return app.Elem("section").ID("settle-result").Class("result "+verdictOf(r.State).class()).Attr("aria-labelledby", "settle-summary").Body(
			app.Elem("h3").ID("settle-summary").Class("result-title").Body(
				app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text(sv.Icon),
				app.Text(v.T("Settlement %s", strings.ToLower(sv.Words))),
			),
			app.P().Class("result-message").Text(msg),
			app.P().Class("hint").Text(v.T("%s — reference %s", title, r.Ref)),
		)
	}
	n := last.Differences()
	icon, summary, class := "✓", v.T("The terminal's totals match the journal."), "result approved"
	if n > 0 {
		icon, class = "⚠", "result unknown"
		summary = v.Plural(n, "%d difference between the terminal and the journal: check the line marked Differs.", "%d differences between the terminal and the journal: check the lines marked Differs.")
	}
	about := v.T("%s. The journal's column counts what lanepay recorded since the start of that day.", title)
	if last.Previous {
		about = v.T("%s. The journal's column counts what lanepay recorded since the settlement of %s.", title, v.DateTime(last.Since))
	}
	return app.Elem("section").ID("settle-result").Class(class).Attr("aria-labelledby", "settle-summary").Body(
		app.Elem("h3").ID("settle-summary").Class("result-title").Attr("data-differences", n).Body(
			app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text(icon),
			app.Elem("span").Text(summary),
		),
		app.P().Class("hint").Text(about),
		tableWrap("settle-table-caption",
			app.Elem("table").ID("settle-table").Class("compare").Body(
				app.Elem("caption").ID("settle-table-caption").Text(v.T("Terminal and journal totals")),
				tableHead(v.T("Total"), v.T("Terminal"), v.T("Journal"), v.T("Check")),
				app.Elem("tbody").Body(
					app.Range(last.Rows).Slice(func(i int) app.UI {
						row := last.Rows[i]
						cell := func(class string, t cashier.Tally, reported bool) app.UI {
							td := app.Elem("td").Class(class)
							switch {
							case !reported:
								return td.Text(v.T("not reported"))
							case row.NoCount:
								return td.Attr("aria-label", v.MoneyWords(t.Amount)).Text(v.Money(t.Amount))
							}
							return td.Attr("aria-label", moneyLabel(v, t.Amount, t.Count, true)).Text(countMoney(v, t))
						}
						check := app.Elem("td").Class("check check-ok").Body(
							app.Elem("span").Attr("aria-hidden", "true").Text("✓ "), app.Text(v.T("Matches")))
						if !row.Reported {
							check = app.Elem("td").Class("check").Text("—")
						} else if row.Differs() {
							check = app.Elem("td").Class("check check-diff").Body(
								app.Elem("span").Attr("aria-hidden", "true").Text("⚠ "),
								app.Elem("strong").Text(v.T("Differs:")+" "),
								app.Text(gapWords(v, row)),
							)
						}
						cls := "row"
						if row.Differs() {
							cls = "row diff"
						}
						// data-line names the line in English, for tests and
						// styles; the heading cell says it to the cashier.
						return app.Elem("tr").Class(cls).Attr("data-line", row.Label).Body(
							app.Elem("th").Attr("scope", "row").Text(v.T(row.Label)),
							cell("num term", row.Terminal, row.Reported),
							cell("num jour", row.Journal, true),
							check,
						)
					}),
				),
			),
		),
	)
}

// gapWords says by how much the terminal's figures are above (or below)
// the journal's: "Terminal 1 transaction more, ₹20.00 more".
func gapWords(v voice, row cashier.TotalsRow) string {
	count, amount := row.Gap()
	var parts []string
	switch {
	case count > 0:
		parts = append(parts, v.Plural(count, "%d transaction more", "%d transactions more"))
	case count < 0:
		parts = append(parts, v.Plural(-count, "%d transaction fewer", "%d transactions fewer"))
	}
	switch {
	case amount > 0:
		parts = append(parts, v.T("%s more", v.Money(amount)))
	case amount < 0:
		parts = append(parts, v.T("%s less", v.Money(-amount)))
	}
	if len(parts) == 0 {
		return ""
	}
	return v.T("Terminal %s", strings.Join(parts, ", "))
}
