package terminalsim

import (
	"fmt"
	"slices"
	"time"
)

// Entry is one transaction the terminal processed, as [Simulator.Ledger] and
// GET /ledger show it. Every financial request that reached processing is
// here, declined and refused ones included, and so is every settlement.
// Answers given without processing are not: bad requests, busy answers,
// duplicate references, inquiries, and requests lost to FaultSilent or
// FaultDropBefore (nothing was charged).
type Entry struct {
	Ref      string `json:"ref"`       // the client's reference; "" if it sent none, or the terminal ignores it
	TranCode string `json:"tran_code"` // as requested: "1" for a default dialect's sale
	Type     string `json:"type"`      // TypeSale, TypeVoid, ...
	Mode     string `json:"tran_mode"` // as requested, the dialect's first mode if none: "1" card, "2" UPI by default
	Amount   string `json:"amount"`    // minor units; a settlement's is its net, maybe negative
	// Refunded is the total refunded so far, minor units, when any was.
	Refunded string    `json:"refunded,omitempty"`
	State    string    `json:"state"` // StateApproved, StateDeclined, ...
	RespCode string    `json:"resp_code"`
	RespMsg  string    `json:"resp_msg"`
	AuthCode string    `json:"auth_code"`
	RRN      string    `json:"rrn"`
	OrigRef  string    `json:"orig_ref"` // the original reference a void, refund or completion sent, if any
	Batch    string    `json:"batch"`
	Invoice  string    `json:"invoice"`
	Time     time.Time `json:"time"`
}

// Entry types.
const (
	TypeSale       = "sale"
	TypeVoid       = "void"
	TypeRefund     = "refund"
	TypePreAuth    = "preauth"
	TypeCompletion = "completion"
	TypeSettlement = "settlement"
)

// Entry states. A refund, void or completion is its own entry; it also
// changes its original's state: a void makes it voided, a full refund
// refunded (a partial one leaves it approved with Refunded set), a completion
// makes the pre-auth completed. Settlement makes the batch's approved entries
// settled, except pre-auths, which stay open until completed or voided.
const (
	StateApproved  = "approved"
	StateDeclined  = "declined"
	StateVoided    = "voided"
	StateRefunded  = "refunded"
	StateCompleted = "completed"
	StateSettled   = "settled"
)

// record is an entry with what the terminal needs beyond what it shows.
type record struct {
	Entry
	amount   int64 // minor units
	refunded int64 // minor units
	card     card
	// outcome is the answer as sent (or as it would have been, for
	// FaultChargeThenDrop): an inquiry repeats it.
	outcome map[string]string
}

// ledger is the terminal's memory of transactions and its current batch.
// It is not safe for concurrent use: the terminal guards it.
type ledger struct {
	records []*record
	byRef   map[string]*record
	batch   int
}

func newLedger() *ledger {
	return &ledger{byRef: make(map[string]*record), batch: 1}
}

// batchNo formats the current batch number as terminals print it.
func (l *ledger) batchNo() string { return formatBatch(l.batch) }

func formatBatch(n int) string { return fmt.Sprintf("%06d", n) }

// add records r in the current batch. A reference is recorded once: the
// caller refuses duplicates before processing.
func (l *ledger) add(r *record) {
	if r.Batch == "" {
		r.Batch = l.batchNo()
	}
	l.records = append(l.records, r)
	if r.Ref != "" {
		l.byRef[r.Ref] = r
	}
}

// lookup finds a transaction by the client's reference.
func (l *ledger) lookup(ref string) *record {
	if ref == "" {
		return nil
	}
	return l.byRef[ref]
}

// lookupID finds the transaction whose answer carried value in the
// identifier field name. Identifiers are unique per terminal, so there is
// at most one; a scan is enough for a simulator's ledger.
func (l *ledger) lookupID(name, value string) *record {
	if value == "" {
		return nil
	}
	for _, r := range l.records {
		if r.outcome[name] == value {
			return r
		}
	}
	return nil
}

// lastFinancial is the most recent financial transaction, nil if none.
func (l *ledger) lastFinancial() *record {
	for _, r := range slices.Backward(l.records) {
		if r.Type != TypeSettlement {
			return r
		}
	}
	return nil
}

// entries copies the ledger in processing order.
func (l *ledger) entries() []Entry {
	out := make([]Entry, 0, len(l.records))
	for _, r := range l.records {
		e := r.Entry
		if r.refunded > 0 {
			e.Refunded = formatMinor(r.refunded)
		}
		out = append(out, e)
	}
	return out
}

// tally is a count and total of one kind of transaction.
type tally struct {
	count  int
	amount int64
}

func (t *tally) add(amount int64) { t.count++; t.amount += amount }

// batchTotals is what a settlement reports.
type batchTotals struct {
	batch                              int
	sales, refunds, voids, completions tally
}

// net is what the merchant gets for the batch.
func (b batchTotals) net() int64 {
	return b.sales.amount + b.completions.amount - b.refunds.amount
}

// settle totals the current batch, marks its approved entries settled and
// opens the next batch. A voided sale counts only as a void: it moved no
// money. A refunded sale still counts as a sale, its refunds as refunds.
func (l *ledger) settle() batchTotals {
	t := batchTotals{batch: l.batch}
	current := l.batchNo()
	for _, r := range l.records {
		if r.Batch != current {
			continue
		}
		switch {
		case r.Type == TypeSale && (r.State == StateApproved || r.State == StateRefunded):
			t.sales.add(r.amount)
		case r.Type == TypeCompletion && (r.State == StateApproved || r.State == StateRefunded):
			t.completions.add(r.amount)
		case r.Type == TypeRefund && r.State == StateApproved:
			t.refunds.add(r.amount)
		case r.Type == TypeVoid && r.State == StateApproved:
			t.voids.add(r.amount)
		}
		if r.State == StateApproved && r.Type != TypePreAuth && r.Type != TypeSettlement {
			r.State = StateSettled
		}
	}
	l.batch++
	return t
}
