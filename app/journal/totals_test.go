package journal

import (
	"testing"

	"github.com/lanepay/lanepay/app/pos"
)

func TestDayTotals(t *testing.T) {
	rec := func(role pos.Role, amount pos.Amount, state pos.State) Record {
		return Record{Role: string(role), Amount: amount, State: state}
	}
	recs := []Record{
		rec(pos.RoleSale, 1000, pos.StateApproved),
		rec(pos.RoleSale, 250, pos.StateApproved),
		rec(pos.RoleSale, 400, pos.StateVoided),   // cancelled: not a sale
		rec(pos.RoleSale, 600, pos.StateRefunded), // a sale, its refund below
		rec(pos.RoleSale, 9999, pos.StateDeclined),
		rec(pos.RoleSale, 9999, pos.StateUnknown),
		rec(pos.RoleSale, 9999, pos.StatePending),
		rec(pos.RoleSale, 9999, pos.StateNotCharged),
		rec(pos.RoleCompletion, 300, pos.StateApproved),
		rec(pos.RolePreauth, 9999, pos.StateApproved), // a hold, not money
		rec(pos.RoleRefund, 600, pos.StateApproved),
		rec(pos.RoleRefund, 50, pos.StateApproved),
		rec(pos.RoleRefund, 9999, pos.StateDeclined),
		rec(pos.RoleRefund, 70, pos.StateVoided), // a refund cancelled
		rec(pos.RoleVoid, 400, pos.StateApproved),
		rec(pos.RoleVoid, 9999, pos.StateDeclined),
		rec(pos.RoleInquiry, 0, pos.StateApproved),
		rec(pos.RoleSettlement, 0, pos.StateApproved),
	}
	got := DayTotals(recs)
	want := Totals{
		Sales: 1000 + 250 + 600 + 300, SaleCount: 4,
		Refunds: 650, RefundCount: 2,
		Voids: 400, VoidCount: 1,
		Net: 2150 - 650,
	}
	if got != want {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	if (DayTotals(nil) != Totals{}) {
		t.Error("no records should total zero")
	}
}
