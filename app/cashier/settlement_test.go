package cashier

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
)

// settlementFields is a settlement answer as the simulator sends it.
func settlementFields() map[string]string {
	return map[string]string{
		"RESP_CODE": "00", "RESP_MSG": "SETTLEMENT SUCCESSFUL", "BATCH_NO": "000001", "NEXT_BATCH_NO": "000002",
		"SALE_COUNT": "2", "SALE_AMOUNT": "3234",
		"REFUND_COUNT": "1", "REFUND_AMOUNT": "500",
		"VOID_COUNT": "1", "VOID_AMOUNT": "1000",
		"COMPLETION_COUNT": "0", "COMPLETION_AMOUNT": "0",
		"NET_AMOUNT": "2734",
	}
}

func TestTerminalTotals(t *testing.T) {
	decimal := pos.DefaultProfile()
	decimal.AmountFormat = pos.AmountDecimal
	with := func(change func(map[string]string)) map[string]string {
		f := settlementFields()
		change(f)
		return f
	}
	tests := []struct {
		name        string
		fields      map[string]string
		p           *pos.Profile
		want        Totals
		wantMissing []string
	}{
		{"as the simulator sends it", settlementFields(), pos.DefaultProfile(),
			Totals{Sales: Tally{2, 3234}, Refunds: Tally{1, 500}, Voids: Tally{1, 1000}, Net: 2734}, nil},
		{"more refunded than sold", with(func(f map[string]string) { f["NET_AMOUNT"] = "-250" }), pos.DefaultProfile(),
			Totals{Sales: Tally{2, 3234}, Refunds: Tally{1, 500}, Voids: Tally{1, 1000}, Net: -250}, nil},
		{"names are case-insensitive, as in the terminal's cJSON", with(func(f map[string]string) { delete(f, "SALE_COUNT"); f["sale_count"] = "2" }), pos.DefaultProfile(),
			Totals{Sales: Tally{2, 3234}, Refunds: Tally{1, 500}, Voids: Tally{1, 1000}, Net: 2734}, nil},
		{"a field not sent is missing", with(func(f map[string]string) { delete(f, "VOID_COUNT") }), pos.DefaultProfile(),
			Totals{Sales: Tally{2, 3234}, Refunds: Tally{1, 500}, Voids: Tally{0, 1000}, Net: 2734}, []string{"VOID_COUNT"}},
		{"not minor units: unreadable, not zero", with(func(f map[string]string) { f["REFUND_AMOUNT"] = "5.00" }), pos.DefaultProfile(),
			Totals{Sales: Tally{2, 3234}, Refunds: Tally{1, 0}, Voids: Tally{1, 1000}, Net: 2734}, []string{"REFUND_AMOUNT"}},
		{"a negative count is unreadable", with(func(f map[string]string) { f["SALE_COUNT"] = "-1" }), pos.DefaultProfile(),
			Totals{Sales: Tally{-1, 3234}, Refunds: Tally{1, 500}, Voids: Tally{1, 1000}, Net: 2734}, []string{"SALE_COUNT"}},
		{"decimal amounts in a decimal profile", map[string]string{"SALE_COUNT": "1", "SALE_AMOUNT": "12.34", "NET_AMOUNT": "-1.50"}, decimal,
			Totals{Sales: Tally{1, 1234}, Net: -150}, []string{"COMPLETION_AMOUNT", "COMPLETION_COUNT", "REFUND_AMOUNT", "REFUND_COUNT", "VOID_AMOUNT", "VOID_COUNT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, missing := terminalTotals(tt.fields, tt.p)
			if got != tt.want {
				t.Errorf("totals %+v, want %+v", got, tt.want)
			}
			var names []string
			for name := range missing {
				names = append(names, name)
			}
			slices.Sort(names)
			if !slices.Equal(names, tt.wantMissing) {
				t.Errorf("missing %v, want %v", names, tt.wantMissing)
			}
		})
	}
}

// gap is what TotalsRow.Gap returns.
type gap struct {
	count  int
	amount pos.Amount
}

func TestCompareTotals(t *testing.T) {
	term, missing := terminalTotals(settlementFields(), pos.DefaultProfile())
	lessSold := term
	lessSold.Sales, lessSold.Net = Tally{1, 1234}, term.Net-2000
	moreRefunded := term
	moreRefunded.Refunds = Tally{2, 700}
	noNet := settlementFields()
	delete(noNet, "NET_AMOUNT")
	termNoNet, missingNet := terminalTotals(noNet, pos.DefaultProfile())
	tests := []struct {
		name    string
		term    Totals
		missing map[string]bool
		jour    Totals
		want    map[string]gap // line: the terminal's figures less the journal's, for the lines that differ
	}{
		{"the same totals", term, missing, term, map[string]gap{}},
		{"the journal sold less", term, missing, lessSold, map[string]gap{
			"Sales": {1, 2000},
			"Net":   {0, 2000},
		}},
		{"the journal refunded more", term, missing, moreRefunded, map[string]gap{
			"Refunds": {-1, -200},
		}},
		{"a line the terminal did not report is no difference", termNoNet, missingNet, Totals{Sales: term.Sales, Refunds: term.Refunds, Voids: term.Voids}, map[string]gap{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]gap{}
			rows := compareTotals(tt.term, tt.missing, tt.jour)
			for _, r := range rows {
				var g gap
				g.count, g.amount = r.Gap()
				if r.Differs() {
					got[r.Label] = g
				} else if g != (gap{}) {
					t.Errorf("%s does not differ but has a gap of %v", r.Label, g)
				}
			}
			if len(got) != len(tt.want) {
				t.Errorf("differences %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: %+v, want %+v", k, got[k], v)
				}
			}
			if n := (&Settlement{Rows: rows}).Differences(); n != len(tt.want) {
				t.Errorf("%d differences counted, want %d", n, len(tt.want))
			}
		})
	}
}

func TestSettlementPeriod(t *testing.T) {
	ctx := context.Background()
	j := journal.NewMemory()
	settle := func(ref string, created time.Time, state pos.State) journal.Record {
		return addRecord(t, j, journal.Record{Ref: ref, TypeCode: "6", TypeName: "Settlement", Role: string(pos.RoleSettlement), Created: created}, pos.StateSent, state)
	}
	addRecord(t, j, sale("BEFORE", at(1, 8, 0), 100), pos.StateSent, pos.StateApproved)
	first := settle("SET-1", at(1, 9, 0), pos.StateApproved)
	addRecord(t, j, sale("A", at(1, 10, 0), 200), pos.StateSent, pos.StateApproved)
	settle("SET-FAILED", at(1, 11, 0), pos.StateDeclined) // did not close the batch
	addRecord(t, j, sale("B", at(2, 9, 0), 300), pos.StateSent, pos.StateApproved)
	second := settle("SET-2", at(2, 10, 0), pos.StateApproved)
	addRecord(t, j, sale("AFTER", at(2, 11, 0), 400), pos.StateSent, pos.StateApproved)

	since, prev, err := settlementPeriod(ctx, j, second.Created, second.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if prev == nil || prev.Ref != first.Ref || !since.Equal(first.Created) {
		t.Fatalf("the period before SET-2 starts at %v (%v), want SET-1", since, prev)
	}
	recs, err := periodRecords(ctx, j, since, false, second.Created)
	if err != nil {
		t.Fatal(err)
	}
	// Across two days, newest first per day; settlements are left out.
	if got := refs(recs); !slices.Equal(got, []string{"B", "A"}) {
		t.Errorf("period records %v, want B and A", got)
	}

	// No earlier settlement: the period is the day.
	since, prev, err = settlementPeriod(ctx, j, first.Created, first.Ref)
	if err != nil {
		t.Fatal(err)
	}
	if prev != nil || !since.Equal(at(1, 0, 0)) {
		t.Errorf("the first settlement's period starts at %v (%v), want the day's start", since, prev)
	}

	v, err := viewSettlement(ctx, j, second, pos.DefaultProfile())
	if err != nil {
		t.Fatal(err)
	}
	if !v.Previous || len(v.Rows) != 5 {
		t.Fatalf("view %+v", v)
	}
	if v.Rows[0].Journal != (Tally{2, 500}) {
		t.Errorf("the journal's sales for SET-2 are %+v, want 2 and 5.00", v.Rows[0].Journal)
	}
	// The test's settlements carry no totals: nothing is reported, so
	// nothing can differ.
	if n := v.Differences(); n != 0 {
		t.Errorf("%d differences without a report", n)
	}

	// What the screen reads: the last settlement, and what came since.
	last, open, err := LoadSettlements(ctx, j, pos.DefaultProfile(), at(2, 12, 0))
	if err != nil {
		t.Fatal(err)
	}
	if last == nil || last.Rec.Ref != second.Ref || len(last.Rows) != 5 {
		t.Errorf("the last settlement is %+v, want SET-2 compared", last)
	}
	if !open.Previous || !open.Since.Equal(second.Created) || open.Totals.Sales != (Tally{1, 400}) {
		t.Errorf("the open period is %+v, want AFTER since SET-2", open)
	}
}
