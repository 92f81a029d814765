package main

import (
	"context"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
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
	p := pos.DefaultProfile()
	got, missing := terminalTotals(settlementFields(), p)
	want := batchTotals{Sales: tally{2, 3234}, Refunds: tally{1, 500}, Voids: tally{1, 1000}, Net: 2734}
	if got != want || len(missing) != 0 {
		t.Errorf("terminalTotals = %+v missing %v, want %+v", got, missing, want)
	}

	f := settlementFields()
	f["NET_AMOUNT"] = "-250" // more refunded than sold
	delete(f, "VOID_COUNT")
	f["REFUND_AMOUNT"] = "5.00" // not minor units: unreadable, not zero
	delete(f, "SALE_COUNT")
	f["sale_count"] = "2" // names are case-insensitive, as in the terminal's cJSON
	got, missing = terminalTotals(f, p)
	if got.Net != -250 {
		t.Errorf("negative net read as %d", got.Net)
	}
	if got.Sales.Count != 2 {
		t.Errorf("lower-case sale_count read as %d", got.Sales.Count)
	}
	for _, name := range []string{"VOID_COUNT", "REFUND_AMOUNT"} {
		if !missing[name] {
			t.Errorf("%s not reported as missing or unreadable: %v", name, missing)
		}
	}

	dec := pos.DefaultProfile()
	dec.AmountFormat = pos.AmountDecimal
	got, missing = terminalTotals(map[string]string{"SALE_COUNT": "1", "SALE_AMOUNT": "12.34", "NET_AMOUNT": "-1.50"}, dec)
	if got.Sales.Amount != 1234 || got.Net != -150 || missing["SALE_AMOUNT"] || missing["NET_AMOUNT"] {
		t.Errorf("decimal amounts read as %+v, missing %v", got, missing)
	}
}

func TestJournalTotals(t *testing.T) {
	p := pos.DefaultProfile()
	rec := func(ref string, role pos.Role, amount pos.Amount, state pos.State, orig string) journal.Record {
		return journal.Record{Ref: ref, Role: string(role), Amount: amount, State: state, OrigRef: orig}
	}
	recs := []journal.Record{
		rec("S1", pos.RoleSale, 1234, pos.StateApproved, ""),
		rec("S2", pos.RoleSale, 2000, pos.StateRefunded, ""), // still a sale; its refund counts apart
		rec("R2", pos.RoleRefund, 500, pos.StateApproved, "S2"),
		rec("S3", pos.RoleSale, 1000, pos.StateVoided, ""), // counts only as its void
		rec("V3", pos.RoleVoid, 0, pos.StateApproved, "S3"),
		rec("S4", pos.RoleSale, 1051, pos.StateDeclined, ""),
		rec("S5", pos.RoleSale, 300, pos.StateUnknown, ""),
		rec("P1", pos.RolePreauth, 5000, pos.StateApproved, ""), // holds money, is not paid out
		rec("C1", pos.RoleCompletion, 4500, pos.StateApproved, "P1"),
		// Sent from the Console: counted by their code, and a console void
		// cancels its sale although the journal did not mark it voided.
		{Ref: "K1", Role: till.RoleConsole, TypeCode: "1", Amount: 700, State: pos.StateApproved},
		{Ref: "K2", Role: till.RoleConsole, TypeCode: "1", Amount: 800, State: pos.StateApproved},
		{Ref: "K3", Role: till.RoleConsole, TypeCode: "2", State: pos.StateApproved, OrigRef: "K2"},
		{Ref: "K4", Role: till.RoleConsole, TypeCode: "99", Amount: 100, State: pos.StateApproved},
	}
	got := journalTotals(recs, p)
	want := batchTotals{
		Sales:       tally{3, 1234 + 2000 + 700},
		Completions: tally{1, 4500},
		Refunds:     tally{1, 500},
		Voids:       tally{2, 1000 + 800},
		Net:         1234 + 2000 + 700 + 4500 - 500,
	}
	if got != want {
		t.Errorf("journalTotals =\n%+v, want\n%+v", got, want)
	}
}

func TestCompareTotals(t *testing.T) {
	p := pos.DefaultProfile()
	term, missing := terminalTotals(settlementFields(), p)
	same := term
	for _, r := range compareTotals(term, missing, same) {
		if r.Differs() || r.Difference(2) != "" {
			t.Errorf("%s differs from itself: %q", r.Label, r.Difference(2))
		}
	}

	jour := term
	jour.Sales = tally{1, 1234}
	jour.Net -= 2000
	jour.Refunds = tally{2, 700}
	rows := compareTotals(term, missing, jour)
	diff := map[string]string{}
	for _, r := range rows {
		if r.Differs() {
			diff[r.Label] = r.Difference(2)
		}
	}
	want := map[string]string{
		"Sales":   "Terminal 1 transaction more, 20.00 more",
		"Refunds": "Terminal 1 transaction fewer, 2.00 fewer",
		"Net":     "Terminal 20.00 more",
	}
	if len(diff) != len(want) {
		t.Errorf("differences %v, want %v", diff, want)
	}
	for k, v := range want {
		if diff[k] != v {
			t.Errorf("%s: %q, want %q", k, diff[k], v)
		}
	}

	// A line the terminal did not report is not a difference.
	f := settlementFields()
	delete(f, "NET_AMOUNT")
	term, missing = terminalTotals(f, p)
	for _, r := range compareTotals(term, missing, batchTotals{}) {
		if r.Label == "Net" && (r.Reported || r.Differs()) {
			t.Errorf("an unreported net is compared: %+v", r)
		}
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
	var refs []string
	for _, r := range recs {
		refs = append(refs, r.Ref)
	}
	// Across two days, newest first per day; settlements are left out.
	if !equalStrings(refs, []string{"B", "A"}) {
		t.Errorf("period records %v, want B and A", refs)
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
	if v.Rows[0].Journal != (tally{2, 500}) {
		t.Errorf("the journal's sales for SET-2 are %+v, want 2 and 5.00", v.Rows[0].Journal)
	}
	// The test's settlements carry no totals: nothing is reported, so
	// nothing can differ.
	if n := v.differences(); n != 0 {
		t.Errorf("%d differences without a report", n)
	}
}

// TestSettlementShowsDifference renders a comparison with a difference:
// the line is marked by class, icon and words.
func TestSettlementShowsDifference(t *testing.T) {
	sess := testSession(t)
	p := sess.Profile()
	term, missing := terminalTotals(settlementFields(), p)
	jour := term
	jour.Sales = tally{1, 1234}
	jour.Net -= 2000
	c := newSettlementScreen().Session(sess)
	c.last = &settlementView{
		Rec:  journal.Record{Ref: "SET", Role: string(pos.RoleSettlement), State: pos.StateApproved, Fields: settlementFields(), Created: at(1, 18, 0)},
		Rows: compareTotals(term, missing, jour),
	}
	ui := c.renderLast()
	if err := app.Match(app.Elem("section").ID("settle-result").Class("result unknown").Aria("labelledby", "settle-summary"), ui); err != nil {
		t.Fatal(err)
	}
	if err := app.Match(app.Text("2 differences between the terminal and the journal: check the lines marked Differs."), ui, 0, 1, 0); err != nil {
		t.Error(err)
	}
	// section > table-wrap > table > tbody > first row
	row := []int{2, 0, 2, 0}
	if err := app.Match(app.Elem("tr").Class("row diff").DataSet("line", "Sales"), ui, row...); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Text("⚠ "), ui, append(row, 3, 0, 0)...); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Text("Terminal 1 transaction more, 20.00 more"), ui, append(row, 3, 2)...); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Elem("tr").Class("row").DataSet("line", "Refunds"), ui, 2, 0, 2, 2); err != nil {
		t.Error(err)
	}
}
