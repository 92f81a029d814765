package terminalsim

import (
	"strings"
	"sync"
	"time"
)

// terminal is the simulated terminal's state and transaction logic, apart
// from any transport: its ledger, its one busy slot, its counters.
type terminal struct {
	tid, mid string

	mu       sync.Mutex
	ledger   *ledger
	busy     bool
	inFlight string // REF_NO of the transaction being processed, if it has one
	invoice  int    // last invoice number given
	rrnSeq   int    // last RRN sequence number given
}

func newTerminal(tid, mid string) *terminal {
	return &terminal{tid: tid, mid: mid, ledger: newLedger()}
}

// base starts an answer to req: the fields every answer carries.
func (t *terminal) base(req request, now time.Time) answer {
	a := answer{"TID": t.tid, "MID": t.mid, "BATCH_NO": t.ledger.batchNo()}
	a.stamp(now)
	a.setIf(fieldRef, req.ref)
	a.setIf(fieldTranCode, req.code)
	return a
}

// refused answers a request rejected before processing.
func (t *terminal) refused(req request, r *refusal, now time.Time) answer {
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.base(req, now)
	a["RESP_CODE"], a["RESP_MSG"] = r.code, r.msg
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
		r = &refusal{respDuplicate, "DUPLICATE REF_NO"}
	default:
		t.busy, t.inFlight = true, req.ref
		return nil, true
	}
	a := t.base(req, now)
	a["RESP_CODE"], a["RESP_MSG"] = r.code, r.msg
	a.setIf(fieldTranMode, req.mode)
	a.setIf(fieldAmount, req.amountText)
	a.setIf(fieldOrigRef, req.origRef)
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
	if req.code == codeSettlement {
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
	var orig *record
	if req.origRef != "" {
		orig = t.ledger.lookup(req.origRef)
	}
	switch req.code {
	case codeSale, codePreAuth:
		tx.authorize()
	case codeVoid:
		tx.void(orig)
	case codeRefund:
		tx.refund(orig)
	case codeCompletion:
		tx.complete(orig)
	}
	return tx.rec
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
	x.card = cardFor(x.req.cardMode(), x.t.invoice)
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
func (x *txn) void(orig *record) {
	if !x.original(orig) {
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
func (x *txn) refund(orig *record) {
	if !x.original(orig) {
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
func (x *txn) complete(orig *record) {
	if !x.original(orig) {
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

// original checks that the transaction a void, refund or completion is about
// exists, and pays with its instrument. It refuses the request if not.
func (x *txn) original(orig *record) bool {
	if orig == nil {
		x.refuse(respNotFound, "ORIGINAL NOT FOUND")
		return false
	}
	x.card = orig.card
	return true
}

// approve records the transaction approved, online: it gets an invoice
// number, an RRN and an approval code.
func (x *txn) approve() {
	x.online(respApproved, msgApproved, StateApproved)
	x.rec.AuthCode = newAuthCode()
	x.rec.outcome["AUTH_CODE"] = x.rec.AuthCode
}

// decline records an issuer's decline: online, so it has an RRN, but no
// approval code.
func (x *txn) decline(code, msg string) {
	x.online(code, msg, StateDeclined)
}

// online records a transaction the (simulated) host decided.
func (x *txn) online(code, msg, state string) {
	x.t.invoice++
	x.t.rrnSeq++
	x.record(code, msg, state)
	x.rec.Invoice = formatInvoice(x.t.invoice)
	x.rec.RRN = newRRN(x.now, x.t.rrnSeq)
	x.rec.outcome["INVOICE_NO"] = x.rec.Invoice
	x.rec.outcome["RRN"] = x.rec.RRN
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
	req := x.req
	mode := req.cardMode()
	amountText := req.amountText
	if amountText == "" && x.amount > 0 {
		amountText = formatMinor(x.amount)
	}
	a := x.t.base(req, x.now)
	a["RESP_CODE"], a["RESP_MSG"] = code, msg
	a[fieldTranMode] = mode
	a.setIf(fieldAmount, amountText)
	a.setIf(fieldOrigRef, req.origRef)
	a.setIf("CARD_NO", x.card.number)
	a.setIf("CARD_TYPE", x.card.kind)
	x.rec = &record{
		Entry: Entry{
			Ref:      req.ref,
			TranCode: req.code,
			Type:     typeNames[req.code],
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
	totals := t.ledger.settle()
	closed := formatBatch(totals.batch)
	a := t.base(req, now)
	a["BATCH_NO"] = closed
	a["NEXT_BATCH_NO"] = t.ledger.batchNo()
	a["RESP_CODE"], a["RESP_MSG"] = respApproved, "SETTLEMENT SUCCESSFUL"
	for name, tl := range map[string]tally{
		"SALE":       totals.sales,
		"REFUND":     totals.refunds,
		"VOID":       totals.voids,
		"COMPLETION": totals.completions,
	} {
		a[name+"_COUNT"] = formatMinor(int64(tl.count))
		a[name+"_AMOUNT"] = formatMinor(tl.amount)
	}
	a["NET_AMOUNT"] = formatMinor(totals.net())
	t.ledger.add(&record{
		Entry: Entry{
			Ref:      req.ref,
			TranCode: req.code,
			Type:     TypeSettlement,
			Amount:   a["NET_AMOUNT"],
			State:    StateSettled,
			RespCode: respApproved,
			RespMsg:  a["RESP_MSG"],
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
	a := t.base(req, now)
	a[fieldOrigRef] = req.origRef
	if t.busy && t.inFlight == req.origRef {
		a["TXN_STATUS"] = "IN_PROGRESS"
		a["RESP_CODE"], a["RESP_MSG"] = respInProgress, msgInProgress
		return a
	}
	rec := t.ledger.lookup(req.origRef)
	if rec == nil {
		a["TXN_STATUS"] = "NOT_FOUND"
		a["RESP_CODE"], a["RESP_MSG"] = respNotFound, msgNotFound
		return a
	}
	// The stored outcome, as the client would have read it, under the
	// inquiry's own reference.
	for k, v := range rec.outcome {
		a[k] = v
	}
	delete(a, fieldRef)
	a.setIf(fieldRef, req.ref)
	a[fieldTranCode] = req.code
	a["ORIG_TRAN_CODE"] = rec.TranCode
	a[fieldOrigRef] = req.origRef
	a["TXN_STATUS"] = "FOUND"
	a["TXN_STATE"] = rec.State
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
