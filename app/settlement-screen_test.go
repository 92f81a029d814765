package main

import (
	"testing"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// TestSettlementShowsDifference renders a comparison with a difference:
// the line is marked by class, icon and words.
func TestSettlementShowsDifference(t *testing.T) {
	sess := testSession(t)
	c := &settlementScreen{Sess: sess}
	c.last = &cashier.Settlement{
		Rec: journal.Record{Ref: "SET", Role: string(pos.RoleSettlement), State: pos.StateApproved, Created: at(1, 18, 0), Fields: map[string]string{"BATCH_NO": "000001"}},
		Rows: []cashier.TotalsRow{
			{Label: "Sales", Terminal: cashier.Tally{Count: 2, Amount: 3234}, Journal: cashier.Tally{Count: 1, Amount: 1234}, Reported: true},
			{Label: "Pre-auth completions", Reported: true},
			{Label: "Refunds", Terminal: cashier.Tally{Count: 1, Amount: 500}, Journal: cashier.Tally{Count: 1, Amount: 500}, Reported: true},
			{Label: "Voids", Reported: true},
			{Label: "Net", Terminal: cashier.Tally{Amount: 2734}, Journal: cashier.Tally{Amount: 734}, NoCount: true, Reported: true},
		},
	}
	ui := c.renderLast(sess.voice())
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
	if err := app.Match(app.Text("Terminal 1 transaction more, ₹20.00 more"), ui, append(row, 3, 2)...); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Elem("tr").Class("row").DataSet("line", "Refunds"), ui, 2, 0, 2, 2); err != nil {
		t.Error(err)
	}
}
