package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	last *settlementView
	// open is what the journal holds since the last settlement: what the
	// next settlement should report.
	open      *batchTotals
	since     time.Time // start of the open period
	sincePrev bool      // since is a settlement, not the day's start
	loadErr   string

	mountCtx app.Context
}

func newSettlementScreen() *settlementScreen { return &settlementScreen{} }

func (c *settlementScreen) Session(s *session) *settlementScreen { c.Sess = s; return c }

func (c *settlementScreen) OnMount(ctx app.Context) {
	c.mountCtx = ctx
	// Re-render on status changes: Run settlement follows the connection.
	c.watch(ctx, c.Sess, nil)
	c.load()
}

// tally is a count and an amount of one kind of transaction.
type tally struct {
	Count  int
	Amount pos.Amount
}

func (t *tally) add(a pos.Amount) { t.Count++; t.Amount += a }

// batchTotals are a batch's money, split as terminals report it.
type batchTotals struct {
	Sales, Completions, Refunds, Voids tally
	Net                                pos.Amount
}

// totalsField names the terminal's fields for each line of batchTotals.
var totalsFields = []struct {
	label, prefix string
	get           func(*batchTotals) *tally
}{
	{"Sales", "SALE", func(b *batchTotals) *tally { return &b.Sales }},
	{"Pre-auth completions", "COMPLETION", func(b *batchTotals) *tally { return &b.Completions }},
	{"Refunds", "REFUND", func(b *batchTotals) *tally { return &b.Refunds }},
	{"Voids", "VOID", func(b *batchTotals) *tally { return &b.Voids }},
}

// terminalTotals reads a settlement's answer: SALE_COUNT, SALE_AMOUNT, ...,
// NET_AMOUNT. Amounts are in the profile's amount format (minor units by
// default); NET_AMOUNT may be negative. Fields the terminal did not send,
// or sent unreadable, are listed in missing and are not compared.
func terminalTotals(fields map[string]string, p *pos.Profile) (t batchTotals, missing map[string]bool) {
	missing = map[string]bool{}
	num := func(name string) (string, bool) {
		v := strings.TrimSpace(journal.Field(fields, name))
		if v == "" {
			missing[name] = true
			return "", false
		}
		return v, true
	}
	amount := func(name string) pos.Amount {
		v, ok := num(name)
		if !ok {
			return 0
		}
		a, err := parseSignedAmount(v, p)
		if err != nil {
			missing[name] = true
		}
		return a
	}
	for _, f := range totalsFields {
		tl := f.get(&t)
		if v, ok := num(f.prefix + "_COUNT"); ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				missing[f.prefix+"_COUNT"] = true
			}
			tl.Count = n
		}
		tl.Amount = amount(f.prefix + "_AMOUNT")
	}
	t.Net = amount("NET_AMOUNT")
	return t, missing
}

func parseSignedAmount(v string, p *pos.Profile) (pos.Amount, error) {
	neg := strings.HasPrefix(v, "-")
	v = strings.TrimPrefix(v, "-")
	var a pos.Amount
	var err error
	if p.AmountFormat == pos.AmountDecimal {
		a, err = pos.ParseAmount(v, p.Decimals)
	} else {
		a, err = pos.ParseKeypad(v)
	}
	if neg {
		a = -a
	}
	return a, err
}

// roleOf is a record's role; what the Console sent counts by its code, as
// the terminal counts it.
func roleOf(r journal.Record, p *pos.Profile) pos.Role {
	if r.Role == till.RoleConsole {
		if t, ok := p.Type(r.TypeCode); ok {
			return t.Role
		}
	}
	return pos.Role(r.Role)
}

// journalTotals adds up recs the way a terminal closes its batch: approved
// (or later refunded) sales and completions, approved refunds and voids; a
// voided sale counts only as its void, which takes its original's amount
// when it carries none. Net is sales plus completions minus refunds.
func journalTotals(recs []journal.Record, p *pos.Profile) batchTotals {
	var t batchTotals
	byRef := make(map[string]journal.Record, len(recs))
	voided := map[string]bool{}
	for _, r := range recs {
		byRef[r.Ref] = r
		if roleOf(r, p) == pos.RoleVoid && r.State == pos.StateApproved && r.OrigRef != "" {
			// A void sent from the Console does not mark its original in
			// the journal; the terminal has cancelled it all the same.
			voided[r.OrigRef] = true
		}
	}
	for _, r := range recs {
		counted := (r.State == pos.StateApproved || r.State == pos.StateRefunded) && !voided[r.Ref]
		switch roleOf(r, p) {
		case pos.RoleSale:
			if counted {
				t.Sales.add(r.Amount)
			}
		case pos.RoleCompletion:
			if counted {
				t.Completions.add(r.Amount)
			}
		case pos.RoleRefund:
			if r.State == pos.StateApproved {
				t.Refunds.add(r.Amount)
			}
		case pos.RoleVoid:
			if r.State == pos.StateApproved {
				a := r.Amount
				if a == 0 {
					a = byRef[r.OrigRef].Amount
				}
				t.Voids.add(a)
			}
		}
	}
	t.Net = t.Sales.Amount + t.Completions.Amount - t.Refunds.Amount
	return t
}

// totalsRow is one line of the comparison.
type totalsRow struct {
	Label    string
	Terminal tally
	Journal  tally
	NoCount  bool // Net has an amount only
	Reported bool // the terminal sent this line
}

// Differs reports a line where the terminal and the journal disagree.
func (r totalsRow) Differs() bool {
	if !r.Reported {
		return false
	}
	if r.NoCount {
		return r.Terminal.Amount != r.Journal.Amount
	}
	return r.Terminal != r.Journal
}

// Difference says by how much the terminal's figure is above (or below)
// the journal's.
func (r totalsRow) Difference(decimals int) string {
	if !r.Differs() {
		return ""
	}
	var parts []string
	if dc := r.Terminal.Count - r.Journal.Count; !r.NoCount && dc != 0 {
		parts = append(parts, signed(dc, plural(abs(dc), "transaction")))
	}
	if da := r.Terminal.Amount - r.Journal.Amount; da != 0 {
		parts = append(parts, signed(int(sign(da)), abs64(da).Format(decimals)))
	}
	return "Terminal " + strings.Join(parts, ", ")
}

func signed(n int, what string) string {
	if n < 0 {
		return what + " fewer"
	}
	return what + " more"
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func sign(a pos.Amount) pos.Amount {
	if a < 0 {
		return -1
	}
	return 1
}

func abs64(a pos.Amount) pos.Amount {
	if a < 0 {
		return -a
	}
	return a
}

// compareTotals lines the terminal's totals up with the journal's.
func compareTotals(term batchTotals, missing map[string]bool, jour batchTotals) []totalsRow {
	var rows []totalsRow
	for _, f := range totalsFields {
		rows = append(rows, totalsRow{
			Label:    f.label,
			Terminal: *f.get(&term),
			Journal:  *f.get(&jour),
			Reported: !missing[f.prefix+"_COUNT"] && !missing[f.prefix+"_AMOUNT"],
		})
	}
	return append(rows, totalsRow{
		Label:    "Net",
		Terminal: tally{Amount: term.Net},
		Journal:  tally{Amount: jour.Net},
		NoCount:  true,
		Reported: !missing["NET_AMOUNT"],
	})
}

// settlementView is one settlement with its comparison.
type settlementView struct {
	Rec      journal.Record
	Since    time.Time // start of the period it closed, in the journal
	Previous bool      // Since is the previous settlement, not the day's start
	Rows     []totalsRow
}

func (v *settlementView) differences() int {
	n := 0
	for _, r := range v.Rows {
		if r.Differs() {
			n++
		}
	}
	return n
}

// settlementPeriod finds where the batch that closes at until began in the
// journal: just after the last approved settlement before it (returned as
// prev), or at the start of until's day if the journal has none.
func settlementPeriod(ctx context.Context, j journal.Store, until time.Time, exclude string) (since time.Time, prev *journal.Record, err error) {
	// Only the newest few matter (the one being viewed, the one before it,
	// maybe one from another tab since): the limit stops the journal's
	// walk there instead of reading every record ever kept.
	settles, err := j.List(ctx, journal.Filter{Role: string(pos.RoleSettlement), States: []pos.State{pos.StateApproved}, Limit: 3})
	if err != nil {
		return time.Time{}, nil, err
	}
	for _, s := range settles { // newest first
		if s.Ref != exclude && s.Created.Before(until) {
			return s.Created, &s, nil
		}
	}
	y, m, d := until.Local().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.Local), nil, nil
}

// maxPeriodDays is how many days are read one by one before reading the
// whole journal is cheaper than one query per day.
const maxPeriodDays = 40

// periodRecords returns the journal's transactions created after since
// (at or after it when it is a day's start) and before until, settlements
// left out, newest first like List.
func periodRecords(ctx context.Context, j journal.Store, since time.Time, inclusive bool, until time.Time) ([]journal.Record, error) {
	var days []time.Time
	y, m, d := since.Local().Date()
	for day := time.Date(y, m, d, 0, 0, 0, 0, time.Local); !day.After(until); day = day.AddDate(0, 0, 1) {
		days = append(days, day)
		if len(days) > maxPeriodDays {
			days = []time.Time{{}} // every day, in one query
			break
		}
	}
	slices.Reverse(days)
	var out []journal.Record
	for _, day := range days {
		recs, err := j.List(ctx, journal.Filter{Day: day})
		if err != nil {
			return nil, err
		}
		for _, r := range recs {
			after := r.Created.After(since) || (inclusive && r.Created.Equal(since))
			if after && r.Created.Before(until) && pos.Role(r.Role) != pos.RoleSettlement {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// viewSettlement compares an approved settlement with the journal's period
// before it.
func viewSettlement(ctx context.Context, j journal.Store, rec journal.Record, p *pos.Profile) (*settlementView, error) {
	v := &settlementView{Rec: rec}
	if rec.State != pos.StateApproved {
		return v, nil
	}
	since, prev, err := settlementPeriod(ctx, j, rec.Created, rec.Ref)
	if err != nil {
		return nil, err
	}
	recs, err := periodRecords(ctx, j, since, prev == nil, rec.Created)
	if err != nil {
		return nil, err
	}
	term, missing := terminalTotals(rec.Fields, p)
	v.Since, v.Previous = since, prev != nil
	v.Rows = compareTotals(term, missing, journalTotals(recs, p))
	return v, nil
}

// load reads the last settlement and the open period from the journal.
func (c *settlementScreen) load() {
	j, p := c.Sess.Journal(), c.Sess.Profile()
	ctx := c.mountCtx
	ctx.Async(func() {
		qctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		// A second of slack takes in a transaction written this instant.
		until := time.Now().Add(time.Second)
		var last *settlementView
		since, prev, err := settlementPeriod(qctx, j, until, "")
		if err == nil && prev != nil {
			last, err = viewSettlement(qctx, j, *prev, p)
		}
		var open batchTotals
		if err == nil {
			var recs []journal.Record
			recs, err = periodRecords(qctx, j, since, prev == nil, until)
			open = journalTotals(recs, p)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				c.loadErr = journal.UserMessage(err)
				return
			}
			c.loadErr = ""
			if c.last == nil || (last != nil && !last.Rec.Created.Before(c.last.Rec.Created)) {
				c.last = last
			}
			c.open, c.since, c.sincePrev = &open, since, prev != nil
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
		rctx, cancel := context.WithTimeout(context.Background(), time.Duration(p.TimeoutSeconds+10)*time.Second)
		rec, err := t.Run(rctx, till.Order{TypeCode: st.Code})
		cancel()
		var v *settlementView
		if err == nil {
			qctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
			v, err = viewSettlement(qctx, j, rec, p)
			cancel()
			if err != nil {
				err = errors.New(journal.UserMessage(err))
			}
		}
		ctx.Dispatch(func(ctx app.Context) {
			c.running = false
			if err != nil {
				c.runErr = capitalise(userMessage(err))
				return
			}
			c.last = v
			c.load()
		})
	})
}

func (c *settlementScreen) money(a pos.Amount) string {
	p := c.Sess.Profile()
	return a.Format(p.Decimals) + " " + p.Currency
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
	case c.last.differences() == 0:
		return "Settlement done. The terminal's totals match the journal."
	}
	return fmt.Sprintf("Settlement done, with %s between the terminal and the journal.", plural(c.last.differences(), "difference"))
}

func (c *settlementScreen) renderOpen() app.UI {
	if c.open == nil {
		return app.P().Class("hint").Text("Reading the journal…")
	}
	o := c.open
	from := "the start of today"
	if c.sincePrev {
		from = "the last settlement (" + c.since.Local().Format("2006-01-02 15:04") + ")"
	}
	return app.Div().ID("settle-open").Class("totals").Body(
		app.Elem("h3").Text("In the journal since "+from),
		app.Elem("dl").Class("totals-list").Body(
			app.Div().Class("total").Body(app.Elem("dt").Text("Sales"), app.Elem("dd").Text(fmt.Sprintf("%d · %s", o.Sales.Count+o.Completions.Count, c.money(o.Sales.Amount+o.Completions.Amount)))),
			app.Div().Class("total").Body(app.Elem("dt").Text("Refunds"), app.Elem("dd").Text(fmt.Sprintf("%d · %s", o.Refunds.Count, c.money(o.Refunds.Amount)))),
			app.Div().Class("total").Body(app.Elem("dt").Text("Voids"), app.Elem("dd").Text(fmt.Sprintf("%d · %s", o.Voids.Count, c.money(o.Voids.Amount)))),
			app.Div().Class("total").Body(app.Elem("dt").Text("Net"), app.Elem("dd").Text(c.money(o.Net))),
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
		return app.Elem("section").ID("settle-result").Class("result "+resultClassOf(r.State)).Attr("aria-labelledby", "settle-summary").Body(
			app.Elem("h3").ID("settle-summary").Class("result-title").Body(
				app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text(sv.Icon),
				app.Text("Settlement "+strings.ToLower(sv.Words)),
			),
			app.P().Class("result-message").Text(msg),
			app.P().Class("hint").Text(title+" — reference "+r.Ref),
		)
	}
	n := v.differences()
	icon, summary, class := "✓", "The terminal's totals match the journal.", "result approved"
	if n > 0 {
		icon, class = "⚠", "result unknown"
		summary = fmt.Sprintf("%s between the terminal and the journal: check the lines marked Differs.", capitalise(plural(n, "difference")))
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
						cell := func(t tally, reported bool) string {
							if !reported {
								return "not reported"
							}
							if row.NoCount {
								return c.money(t.Amount)
							}
							return fmt.Sprintf("%d · %s", t.Count, c.money(t.Amount))
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

func resultClassOf(s pos.State) string {
	switch verdictOf(s) {
	case verdictApproved:
		return "approved"
	case verdictDeclined, verdictNotCharged:
		return "declined"
	}
	return "unknown"
}
