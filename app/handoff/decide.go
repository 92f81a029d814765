package handoff

import (
	"fmt"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
)

// Action is what a hand-off comes to once the journal has been read.
type Action int

const (
	// Charge: show the Pay screen; the cashier's tap charges.
	Charge Action = iota
	// Answer: the invoice was paid already: its recorded outcome goes
	// back at once, and nothing is charged.
	Answer
	// Resolving: a charge of this invoice has an unknown outcome, which
	// lanepay is settling; nothing may be charged until it is.
	Resolving
	// Refuse: a payment the caller did not say it meant (Problem says).
	Refuse
)

// Decision is what to do with a hand-off.
type Decision struct {
	Action Action
	// Record is the invoice's transaction Answer and Resolving are about.
	Record  journal.Record
	Problem string
}

// Decide applies the idempotency rule: the invoice is the key. prior are
// the journal's transactions for r.Invoice.
//
//   - A charge whose outcome is unknown (pending, sent, unknown) holds the
//     invoice: nothing more is charged until it is settled.
//   - An approved payment answers a second hand-off with its recorded
//     outcome, at once: a bill is never charged twice by a retry, a back
//     button or a double click in the billing software. Another amount,
//     or the same again on purpose, needs split=1, and is refused with
//     the reason without it.
//   - Declined, not charged and voided ones are history: the bill may be
//     tried again.
func Decide(r Request, prior []journal.Record, p *pos.Profile) Decision {
	var paid []journal.Record
	for _, rec := range prior {
		if rec.Unresolved() {
			return Decision{Action: Resolving, Record: rec}
		}
		// A voided sale was cancelled: the bill is unpaid again. A
		// refunded one was paid; paying it again is the caller's to say.
		if rec.State == pos.StateApproved || rec.State == pos.StateRefunded {
			paid = append(paid, rec)
		}
	}
	if len(paid) == 0 || r.Split {
		return Decision{Action: Charge}
	}
	var total pos.Amount
	for _, rec := range paid {
		total += rec.Amount
	}
	if len(paid) == 1 && paid[0].Amount == r.Amount {
		return Decision{Action: Answer, Record: paid[0]}
	}
	return Decision{Action: Refuse, Record: paid[0], Problem: fmt.Sprintf(
		"invoice %s was already paid (%s %s); a partial or repeated payment must be asked for with split=1",
		r.Invoice, total.Format(p.Decimals), p.Currency)}
}
