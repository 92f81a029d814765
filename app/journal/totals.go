package journal

import "github.com/lanepay/lanepay/app/pos"

// Totals are a day's money as the journal saw it.
type Totals struct {
	Sales, Refunds, Voids, Net        pos.Amount
	SaleCount, RefundCount, VoidCount int
}

// DayTotals adds up recs (typically List with a Day filter):
//   - Sales: approved sales and pre-auth completions (a completion is the
//     moment a pre-authorised amount is charged; the pre-auth itself only
//     holds money and is not counted). A sale later refunded still counts,
//     since its refund counts under Refunds; a voided sale does not count,
//     since a void cancels it as if it never happened.
//   - Refunds: approved refunds that were not themselves voided.
//   - Voids: approved voids, for information: the sale they cancel is
//     already out of Sales, so they are not subtracted again.
//   - Net = Sales - Refunds.
//
// Declined, not charged and unresolved transactions count nowhere:
// unresolved ones must be settled first (Store.Unresolved).
func DayTotals(recs []Record) Totals {
	var t Totals
	for _, r := range recs {
		switch pos.Role(r.Role) {
		case pos.RoleSale, pos.RoleCompletion:
			if r.State == pos.StateApproved || r.State == pos.StateRefunded {
				t.Sales += r.Amount
				t.SaleCount++
			}
		case pos.RoleRefund:
			if r.State == pos.StateApproved {
				t.Refunds += r.Amount
				t.RefundCount++
			}
		case pos.RoleVoid:
			if r.State == pos.StateApproved {
				t.Voids += r.Amount
				t.VoidCount++
			}
		}
	}
	t.Net = t.Sales - t.Refunds
	return t
}
