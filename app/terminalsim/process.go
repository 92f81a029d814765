package terminalsim

import (
	"maps"
	"slices"
	"strings"
	"sync"
	"time"
)

// terminal is the simulated terminal's state and transaction logic, apart
// from any transport: its ledger, its one busy slot, its counters.
type terminal struct {
	tid, mid string
	// d is the wire as the terminal speaks it, and echoRef whether its
	// answers carry the request's reference. Both are set before the
	// terminal serves anyone, and never change.
	d       *Dialect
	echoRef bool

	mu       sync.Mutex
	ledger   *ledger
	busy     bool
	inFlight string // reference of the transaction being processed, if it has one
	invoice  int    // last invoice number given
	rrnSeq   int    // last RRN sequence number given
}

// newTerminal makes a terminal speaking the default dialect.
func newTerminal(tid, mid string) *terminal {
	return &terminal{tid: tid, mid: mid, d: &defaultDialect, echoRef: true, ledger: newLedger()}
}

// base starts an answer to req: the fields every answer carries.
func (t *terminal) base(req request, now time.Time) answer {
	a := answer{"TID": t.tid, "MID": t.mid, "BATCH_NO": t.ledger.batchNo()}
	a.stamp(now)
	t.setRef(a, req.ref)
	a.setIf(t.d.CodeField, req.code)
	return a
}

// setRef puts the request's reference in the answer, unless the terminal
// does not echo references.
func (t *terminal) setRef(a answer, ref string) {
	if t.echoRef {
		a.setIf(t.d.ReferenceField, ref)
	}
}

// result sets the answer's result and message.
func (t *terminal) result(a answer, code, msg string) {
	a.setIf(t.d.ResultField, code)
	a.setIf(t.d.MessageField, msg)
}

// refused answers a request rejected before processing.
func (t *terminal) refused(req request, r *refusal, now time.Time) answer {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.base(req, now)
	t.result(a, r.code, r.msg)
	return a
}

// begin takes the busy slot for req (a financial request or a settlement).
// If it cannot, it returns the answer to send instead: busy, or duplicate
// reference. Either way nothing is charged or recorded.
func (t *terminal) begin(req request, now time.Time) (answer, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	var r *refusal
	switch {
	case t.busy:
		r = &refusal{respBusy, msgBusy}
	case t.ledger.lookup(req.ref) != nil:
		r = &refusal{respDuplicate, "DUPLICATE " + upper(t.d.ReferenceField)}
	default:
		t.busy, t.inFlight = true, req.ref
		return nil, true
	}
	a := t.base(req, now)
	t.result(a, r.code, r.msg)
	a.setIf(t.d.ModeField, req.mode)
	a.setIf(t.d.AmountField, req.amountText)
	a.setIf(t.d.OriginalReferenceField, req.origRef)
	return a, false
}

// abandon releases the busy slot without recording anything: the request
// was lost (a fault) or the simulator is closing.
func (t *terminal) abandon() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.busy, t.inFlight = false, ""
}

// finish processes the request begin accepted, records it, releases the busy
// slot and returns the outcome. Recording and releasing happen under one
// lock so that an inquiry never sees the transaction neither in progress
// nor recorded.
func (t *terminal) finish(req request, now time.Time) answer {
	t.mu.Lock()
	defer t.mu.Unlock()
	defer func() { t.busy, t.inFlight = false, "" }()
	if req.role() == roleSettlement {
		return t.settle(req, now)
	}
	rec := t.process(req, now)
	t.ledger.add(rec)
	return rec.outcome
}

// process decides a financial request against the ledger. The caller holds
// t.mu.
func (t *terminal) process(req request, now time.Time) *record {
	tx := &txn{t: t, req: req, now: now, amount: req.amount}
	switch req.role() {
	case roleSale, rolePreAuth:
		tx.authorize()
	case roleVoid:
		tx.void()
	case roleRefund:
		tx.refund()
	case roleCompletion:
		tx.complete()
	}
	return tx.rec
}

// findOriginal finds the transaction req is about, by reference and by the
// identifiers its answer carried. Named several ways, it must be the same
// transaction every way: otherwise the client mixed up two of them. If
// none is found it returns the message to refuse req with. The caller
// holds t.mu.
func (t *terminal) findOriginal(req request) (*record, string) {
	const notFound = "ORIGINAL NOT FOUND"
	var found *record
	if req.origRef != "" {
		if found = t.ledger.lookup(req.origRef); found == nil {
			return nil, notFound
		}
	}
	for _, name := range slices.Sorted(maps.Keys(req.origIDs)) {
		r := t.ledger.lookupID(name, req.origIDs[name])
		switch {
		case r == nil:
			return nil, notFound
		case found != nil && r != found:
			return nil, "ORIGINAL MISMATCH"
		}
		found = r
	}
	if found == nil {
		return nil, notFound
	}
	return found, ""
}

// txn is one financial request being decided.
type txn struct {
	t      *terminal
	req    request
	now    time.Time
	amount int64 // minor units: the request's, or taken from the original
	card   card
	rec    *record
}

// authorize decides a sale or a pre-auth the way the simulated issuer does:
// by the amount's last two digits. Fault trigger amounts are approved, so
// that the fault is the only thing a test sees.
func (x *txn) authorize() {
	x.card = cardFor(x.t.d.instrument(x.req.payMode()), x.t.invoice)
	if faultFor(FaultNone, x.amount) != FaultNone {
		x.approve()
		return
	}
	switch x.amount % 100 {
	case 51:
		x.decline(respInsufficient, "INSUFFICIENT FUNDS")
	case 5:
		x.decline(respDoNotHonour, "DO NOT HONOUR")
	default:
		x.approve()
	}
}

// void cancels a sale, pre-auth or completion of the open batch in full.
func (x *txn) void() {
	orig := x.original()
	if orig == nil {
		return
	}
	if x.req.amountText == "" {
		x.amount = orig.amount
	}
	switch {
	case orig.Type != TypeSale && orig.Type != TypePreAuth && orig.Type != TypeCompletion:
		x.refuse(respInvalidTxn, "CANNOT VOID A "+strings.ToUpper(orig.Type))
	case orig.State == StateVoided:
		x.refuse(respInvalidTxn, "ALREADY VOIDED")
	case orig.State == StateDeclined:
		x.refuse(respInvalidTxn, "ORIGINAL NOT APPROVED")
	case orig.State == StateSettled:
		x.refuse(respInvalidTxn, "BATCH ALREADY SETTLED")
	case orig.State == StateRefunded || orig.refunded > 0:
		x.refuse(respInvalidTxn, "ALREADY REFUNDED")
	case orig.State == StateCompleted:
		x.refuse(respInvalidTxn, "PRE-AUTH ALREADY COMPLETED")
	case x.req.amountText != "" && x.amount != orig.amount:
		x.refuse(respInvalidAmount, "AMOUNT DOES NOT MATCH ORIGINAL")
	default:
		x.approve()
		orig.State = StateVoided
	}
}

// refund gives back part or all of a sale or completion, in this batch or
// a settled one. Without an amount it refunds what is left.
func (x *txn) refund() {
	orig := x.original()
	if orig == nil {
		return
	}
	left := orig.amount - orig.refunded
	if x.req.amountText == "" {
		x.amount = left
	}
	switch {
	case orig.Type != TypeSale && orig.Type != TypeCompletion:
		x.refuse(respInvalidTxn, "CANNOT REFUND A "+strings.ToUpper(orig.Type))
	case orig.State == StateVoided:
		x.refuse(respInvalidTxn, "ORIGINAL VOIDED")
	case orig.State == StateDeclined:
		x.refuse(respInvalidTxn, "ORIGINAL NOT APPROVED")
	case left <= 0:
		x.refuse(respInvalidTxn, "ALREADY REFUNDED")
	case x.amount > left:
		x.refuse(respInvalidAmount, "AMOUNT EXCEEDS ORIGINAL")
	default:
		x.approve()
		orig.refunded += x.amount
		if orig.refunded == orig.amount {
			orig.State = StateRefunded
		}
	}
}

// complete captures an approved pre-auth, once, for at most its amount.
// Without an amount it captures the pre-auth's.
func (x *txn) complete() {
	orig := x.original()
	if orig == nil {
		return
	}
	if x.req.amountText == "" {
		x.amount = orig.amount
	}
	switch {
	case orig.Type != TypePreAuth:
		x.refuse(respInvalidTxn, "ORIGINAL NOT A PRE-AUTH")
	case orig.State == StateVoided:
		x.refuse(respInvalidTxn, "PRE-AUTH VOIDED")
	case orig.State == StateDeclined:
		x.refuse(respInvalidTxn, "PRE-AUTH NOT APPROVED")
	case orig.State == StateCompleted:
		x.refuse(respInvalidTxn, "PRE-AUTH ALREADY COMPLETED")
	case x.amount > orig.amount:
		x.refuse(respInvalidAmount, "AMOUNT EXCEEDS PRE-AUTH")
	default:
		x.approve()
		orig.State = StateCompleted
	}
}

// original finds the transaction a void, refund or completion is about,
// and pays with its instrument. It refuses the request if there is none.
func (x *txn) original() *record {
	orig, why := x.t.findOriginal(x.req)
	if orig == nil {
		x.refuse(respNotFound, why)
		return nil
	}
	x.card = orig.card
	return orig
}

// approve records the transaction approved, online: it gets an invoice
// number, an RRN, the dialect's identifiers and an approval code.
func (x *txn) approve() {
	x.online(x.t.d.ApprovedValue, msgApproved, StateApproved)
	x.rec.AuthCode = newAuthCode()
	x.rec.outcome[fieldAuthCode] = x.rec.AuthCode
}

// decline records an issuer's decline: online, so it has an RRN, but no
// approval code.
func (x *txn) decline(code, msg string) {
	x.online(code, msg, StateDeclined)
}

// online records a transaction the (simulated) host decided. Its answer
// carries the identifiers a later request may name it by.
func (x *txn) online(code, msg, state string) {
	x.t.invoice++
	x.t.rrnSeq++
	x.record(code, msg, state)
	x.rec.Invoice = formatInvoice(x.t.invoice)
	x.rec.RRN = newRRN(x.now, x.t.rrnSeq)
	x.rec.outcome[fieldInvoice] = x.rec.Invoice
	x.rec.outcome[fieldRRN] = x.rec.RRN
	for i, name := range x.t.d.IDFields {
		x.rec.outcome[name] = newID(i, x.t.invoice)
	}
}

// refuse records a request the terminal turned down itself, offline: no
// invoice number, no RRN. It is still recorded, declined, so that an
// inquiry after a lost answer reports the refusal.
func (x *txn) refuse(code, msg string) {
	x.record(code, msg, StateDeclined)
}

func formatInvoice(n int) string { return formatBatch(n) }

// record builds the ledger record and the outcome sent to the client.
func (x *txn) record(code, msg, state string) {
	req, d := x.req, x.t.d
	mode := req.payMode()
	amountText := req.amountText
	if amountText == "" && x.amount > 0 {
		amountText = d.formatAmount(x.amount)
	}
	a := x.t.base(req, x.now)
	x.t.result(a, code, msg)
	a.setIf(d.ModeField, mode)
	a.setIf(d.AmountField, amountText)
	a.setIf(d.OriginalReferenceField, req.origRef)
	a.setIf("CARD_NO", x.card.number)
	a.setIf("CARD_TYPE", x.card.kind)
	x.rec = &record{
		Entry: Entry{
			Ref:      req.ref,
			TranCode: req.code,
			Type:     string(req.role()),
			Mode:     mode,
			Amount:   formatMinor(x.amount),
			State:    state,
			RespCode: code,
			RespMsg:  msg,
			OrigRef:  req.origRef,
			Batch:    x.t.ledger.batchNo(),
			Time:     x.now,
		},
		amount:  x.amount,
		card:    x.card,
		outcome: a,
	}
}

// settle closes the batch: it answers the batch's totals and opens the next
// one. The caller holds t.mu.
func (t *terminal) settle(req request, now time.Time) answer {
	d := t.d
	totals := t.ledger.settle()
	closed := formatBatch(totals.batch)
	a := t.base(req, now)
	a["BATCH_NO"] = closed
	a["NEXT_BATCH_NO"] = t.ledger.batchNo()
	const msg = "SETTLEMENT SUCCESSFUL"
	t.result(a, d.ApprovedValue, msg)
	for name, tl := range map[string]tally{
		"SALE":       totals.sales,
		"REFUND":     totals.refunds,
		"VOID":       totals.voids,
		"COMPLETION": totals.completions,
	} {
		a[name+"_COUNT"] = formatMinor(int64(tl.count))
		a[name+"_AMOUNT"] = d.formatAmount(tl.amount)
	}
	a["NET_AMOUNT"] = d.formatAmount(totals.net())
	t.ledger.add(&record{
		Entry: Entry{
			Ref:      req.ref,
			TranCode: req.code,
			Type:     TypeSettlement,
			Amount:   formatMinor(totals.net()),
			State:    StateSettled,
			RespCode: d.ApprovedValue,
			RespMsg:  msg,
			Batch:    closed,
			Time:     now,
		},
		outcome: a,
	})
	return a
}

// inquire answers a status inquiry about req.origRef. It needs no busy slot:
// asking is how a client recovers, busy terminal or not.
func (t *terminal) inquire(req request, now time.Time) answer {
	t.mu.Lock()
	defer t.mu.Unlock()
	if req.origRef != "" && t.busy && t.inFlight == req.origRef {
		a := t.base(req, now)
		a.setIf(t.d.OriginalReferenceField, req.origRef)
		a.setIf(t.d.StatusField, t.d.StatusInProgress)
		t.result(a, respInProgress, msgInProgress)
		return a
	}
	rec := t.ledger.lookup(req.origRef)
	if rec == nil {
		a := t.notFound(req, now)
		a.setIf(t.d.OriginalReferenceField, req.origRef)
		return a
	}
	return t.found(req, rec, req.origRef, now)
}

// lastTransaction answers the most recent financial transaction, whatever
// its reference: what a cashier asks a terminal for when no reference is
// to be trusted. One still in progress is not recorded yet, so the answer
// never waits for it.
func (t *terminal) lastTransaction(req request, now time.Time) answer {
	t.mu.Lock()
	defer t.mu.Unlock()
	rec := t.ledger.lastFinancial()
	if rec == nil {
		return t.notFound(req, now)
	}
	return t.found(req, rec, rec.Ref, now)
}

// notFound answers an inquiry about a transaction the terminal does not
// have. The caller holds t.mu.
func (t *terminal) notFound(req request, now time.Time) answer {
	a := t.base(req, now)
	a.setIf(t.d.StatusField, t.d.StatusNotFound)
	t.result(a, respNotFound, msgNotFound)
	return a
}

// found answers an inquiry with rec's stored outcome, as the client would
// have read it, under the inquiry's own reference and code; origRef names
// rec. The caller holds t.mu.
func (t *terminal) found(req request, rec *record, origRef string, now time.Time) answer {
	a := t.base(req, now)
	maps.Copy(a, rec.outcome)
	delete(a, t.d.ReferenceField)
	delete(a, t.d.OriginalReferenceField)
	t.setRef(a, req.ref)
	a.setIf(t.d.CodeField, req.code)
	a.setIf(t.d.OriginalReferenceField, origRef)
	a["ORIG_TRAN_CODE"] = rec.TranCode
	a["TXN_STATE"] = rec.State
	a.setIf(t.d.StatusField, t.d.StatusFound)
	return a
}

// entries copies the ledger.
func (t *terminal) entries() []Entry {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ledger.entries()
}

// batchNo is the open batch's number.
func (t *terminal) batchNo() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ledger.batchNo()
}
