package cashier

import (
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

// Tally is a count and an amount of one kind of transaction.
type Tally struct {
	Count  int
	Amount pos.Amount
}

func (t *Tally) add(a pos.Amount) { t.Count++; t.Amount += a }

// Totals are money split as terminals report a batch.
type Totals struct {
	Sales, Completions, Refunds, Voids Tally
	Net                                pos.Amount
}

// Charged is sales and pre-auth completions together: the money taken.
func (t Totals) Charged() Tally {
	return Tally{t.Sales.Count + t.Completions.Count, t.Sales.Amount + t.Completions.Amount}
}

// CountTotals is lanepay's one rule for adding transactions up, the way a
// terminal closes its batch. History's totals of a day, Settlement's
// journal column and its period still open all come from it, so that
// they never disagree with each other, and the CSV export carries what
// it reads (type, state, amount, original reference).
//
//   - A transaction counts under its type's role. One sent from the
//     Console counts under the role of its code's type in the profile, as
//     the terminal counts it: a sale typed in the Console is a sale, a
//     void a void. A code that is none of the profile's types counts
//     nowhere.
//   - Sales and pre-auth completions: approved ones, and ones refunded
//     since, whose refunds count apart. A completion is when a
//     pre-authorised amount is charged; the pre-auth itself only holds
//     money and counts nowhere.
//   - Refunds: approved ones.
//   - Voids: approved ones, each with its own amount or, carrying none
//     (the terminal voids the whole original), its original's when that
//     is in recs.
//   - A void cancels its original as if it never happened: a sale,
//     completion or refund that the journal marked voided, or that an
//     approved void in recs names, counts only as that void. A void sent
//     from the Console does not mark its original in the journal; the
//     terminal has cancelled it all the same.
//   - Net is sales plus completions minus refunds: voids are not
//     subtracted again.
//   - Declined, not charged and unresolved transactions count nowhere:
//     unresolved ones must be settled first.
func CountTotals(recs []journal.Record, p *pos.Profile) Totals {
	var t Totals
	byRef := make(map[string]journal.Record, len(recs))
	voided := map[string]bool{}
	for _, r := range recs {
		byRef[r.Ref] = r
		if roleOf(r, p) == pos.RoleVoid && r.State == pos.StateApproved && r.OrigRef != "" {
			voided[r.OrigRef] = true
		}
	}
	for _, r := range recs {
		charged := (r.State == pos.StateApproved || r.State == pos.StateRefunded) && !voided[r.Ref]
		switch roleOf(r, p) {
		case pos.RoleSale:
			if charged {
				t.Sales.add(r.Amount)
			}
		case pos.RoleCompletion:
			if charged {
				t.Completions.add(r.Amount)
			}
		case pos.RoleRefund:
			if r.State == pos.StateApproved && !voided[r.Ref] {
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

// roleOf is a record's role; what the Console sent counts by its code.
func roleOf(r journal.Record, p *pos.Profile) pos.Role {
	if r.Role == till.RoleConsole {
		if t, ok := p.Type(r.TypeCode); ok {
			return t.Role
		}
	}
	return pos.Role(r.Role)
}
