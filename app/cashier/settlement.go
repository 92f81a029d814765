package cashier

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

// Settlement is one settlement with the comparison of the terminal's
// totals with the journal's; a settlement that was not approved has
// none.
type Settlement struct {
	Rec      journal.Record
	Since    time.Time // start of the period it closed, in the journal
	Previous bool      // Since is the previous settlement, not the day's start
	Rows     []TotalsRow
}

// Differences counts the lines where the terminal and the journal
// disagree.
func (v *Settlement) Differences() int {
	n := 0
	for _, r := range v.Rows {
		if r.Differs() {
			n++
		}
	}
	return n
}

// OpenPeriod is what the journal holds since the last settlement: what
// the next settlement should report.
type OpenPeriod struct {
	Totals   Totals
	Since    time.Time // start of the period
	Previous bool      // Since is a settlement, not the day's start
}

// LoadSettlements reads the last settlement, with its comparison, and
// the period open since it, up to until.
func LoadSettlements(ctx context.Context, j journal.Store, p *pos.Profile, until time.Time) (last *Settlement, open OpenPeriod, err error) {
	since, prev, err := settlementPeriod(ctx, j, until, "")
	if err == nil && prev != nil {
		last, err = viewSettlement(ctx, j, *prev, p)
	}
	if err != nil {
		return nil, OpenPeriod{}, err
	}
	recs, err := periodRecords(ctx, j, since, prev == nil, until)
	return last, OpenPeriod{Totals: CountTotals(recs, p), Since: since, Previous: prev != nil}, err
}

// RunSettlement closes the terminal's batch with the settlement type
// code, through the till so that it is journalled and guarded like any
// transaction, and compares the totals the terminal reports with the
// journal's.
func RunSettlement(t *till.Till, j journal.Store, p *pos.Profile, code string) (*Settlement, error) {
	rctx, cancel := context.WithTimeout(context.Background(), time.Duration(p.TimeoutSeconds+10)*time.Second)
	rec, err := t.Run(rctx, till.Order{TypeCode: code})
	cancel()
	if err != nil {
		return nil, err
	}
	qctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	v, err := viewSettlement(qctx, j, rec, p)
	if err != nil {
		return nil, errors.New(journal.UserMessage(err))
	}
	return v, nil
}

// totalsFields names the terminal's fields for each line of Totals.
var totalsFields = []struct {
	label, prefix string
	get           func(*Totals) *Tally
}{
	{"Sales", "SALE", func(b *Totals) *Tally { return &b.Sales }},
	{"Pre-auth completions", "COMPLETION", func(b *Totals) *Tally { return &b.Completions }},
	{"Refunds", "REFUND", func(b *Totals) *Tally { return &b.Refunds }},
	{"Voids", "VOID", func(b *Totals) *Tally { return &b.Voids }},
}

// terminalTotals reads a settlement's answer: SALE_COUNT, SALE_AMOUNT, ...,
// NET_AMOUNT. Amounts are in the profile's amount format (minor units by
// default); NET_AMOUNT may be negative. Fields the terminal did not send,
// or sent unreadable, are listed in missing and are not compared.
func terminalTotals(fields map[string]string, p *pos.Profile) (t Totals, missing map[string]bool) {
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

// TotalsRow is one line of the comparison.
type TotalsRow struct {
	Label    string
	Terminal Tally
	Journal  Tally
	NoCount  bool // Net has an amount only
	Reported bool // the terminal sent this line
}

// Differs reports a line where the terminal and the journal disagree.
func (r TotalsRow) Differs() bool {
	if !r.Reported {
		return false
	}
	if r.NoCount {
		return r.Terminal.Amount != r.Journal.Amount
	}
	return r.Terminal != r.Journal
}

// Gap is by how much the terminal's figures are above the journal's (below
// when negative): its count of transactions, none on a line with no
// count (Net), and its amount. Both are 0 on a line that does not differ;
// the page says them in the cashier's words.
func (r TotalsRow) Gap() (count int, amount pos.Amount) {
	if !r.Differs() {
		return 0, 0
	}
	if !r.NoCount {
		count = r.Terminal.Count - r.Journal.Count
	}
	return count, r.Terminal.Amount - r.Journal.Amount
}

// compareTotals lines the terminal's totals up with the journal's.
func compareTotals(term Totals, missing map[string]bool, jour Totals) []TotalsRow {
	var rows []TotalsRow
	for _, f := range totalsFields {
		rows = append(rows, TotalsRow{
			Label:    f.label,
			Terminal: *f.get(&term),
			Journal:  *f.get(&jour),
			Reported: !missing[f.prefix+"_COUNT"] && !missing[f.prefix+"_AMOUNT"],
		})
	}
	return append(rows, TotalsRow{
		Label:    "Net",
		Terminal: Tally{Amount: term.Net},
		Journal:  Tally{Amount: jour.Net},
		NoCount:  true,
		Reported: !missing["NET_AMOUNT"],
	})
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
func viewSettlement(ctx context.Context, j journal.Store, rec journal.Record, p *pos.Profile) (*Settlement, error) {
	v := &Settlement{Rec: rec}
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
	v.Rows = compareTotals(term, missing, CountTotals(recs, p))
	return v, nil
}
