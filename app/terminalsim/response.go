package terminalsim

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// Result codes and messages of outcomes the terminal decides itself.
const (
	respApproved     = "00"
	respDoNotHonour  = "05"
	respInProgress   = "09"
	respInsufficient = "51"
	respDuplicate    = "94"
	// respBusy is not an ISO code on purpose: "the terminal would not start
	// this transaction" must not read like an issuer decline.
	respBusy = "BY"

	msgApproved   = "APPROVED"
	msgBusy       = "TERMINAL BUSY"
	msgNotFound   = "RECORD NOT FOUND"
	msgInProgress = "TRANSACTION IN PROGRESS"
)

// WaitingMessage is what the vendor's terminal shows when it is ready: the
// simulator logs it on Start and greets every client with it.
const WaitingMessage = "Server is Waiting for Transaction"

// answer is one JSON response: every value a string, as the vendor's
// terminal sends them.
type answer map[string]string

// encode marshals an answer. A map of strings always marshals.
func (a answer) encode() []byte {
	b, err := json.Marshal(map[string]string(a))
	if err != nil {
		panic(fmt.Sprintf("terminalsim: marshal answer: %v", err))
	}
	return b
}

// setIf sets key only when value is not empty: absent beats empty for
// fields the request did not carry. An empty key is a field the dialect
// does not have, and is never set.
func (a answer) setIf(key, value string) {
	if key != "" && value != "" {
		a[key] = value
	}
}

// stamp sets the transaction date and time as terminals print them.
func (a answer) stamp(now time.Time) {
	a["TXN_DATE"] = now.Format("20060102")
	a["TXN_TIME"] = now.Format("150405")
}

// card is the masked instrument a transaction was paid with.
type card struct {
	number string // CARD_NO, masked
	kind   string // CARD_TYPE
}

// Test instruments the simulated customers pay with, picked in turn so that
// receipts and ledgers show some variety.
var (
	testCards = []card{
		{"************4242", "VISA"},
		{"************4444", "MASTERCARD"},
		{"************0017", "RUPAY"},
	}
	testVPAs = []card{
		{"cust****@okbank", "UPI"},
		{"shop****@upi", "UPI"},
	}
)

// cardFor picks the instrument for a new sale or pre-auth. mode is
// modeUPI for the UPI test instruments, anything else for cards (see
// Dialect.instrument).
func cardFor(mode string, seq int) card {
	if mode == modeUPI {
		return testVPAs[seq%len(testVPAs)]
	}
	return testCards[seq%len(testCards)]
}

const authAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"

// newAuthCode makes a 6-character approval code. Not a secret: math/rand is
// enough.
func newAuthCode() string {
	b := make([]byte, 6)
	for i := range b {
		b[i] = authAlphabet[rand.IntN(len(authAlphabet))]
	}
	return string(b)
}

// newRRN makes a 12-digit retrieval reference: the date (YYMMDD) and a
// sequence number, unique per terminal for a million transactions a day.
func newRRN(now time.Time, seq int) string {
	return now.Format("060102") + fmt.Sprintf("%06d", seq%1_000_000)
}

// newID makes the value of the index-th of a dialect's identifier fields
// for the seq-th decided transaction: 8 digits, unique per field for a
// million transactions and, for up to 90 fields, never the same as another
// field's, so that a client sending one identifier in another's place is
// caught.
func newID(index, seq int) string {
	return fmt.Sprintf("%02d%06d", 10+index%90, seq%1_000_000)
}

// greeting is the notification pushed to every client on connect: no result
// field, so clients show it rather than take it for an outcome.
func greeting(tid, mid, batch string) []byte {
	return answer{
		"EVENT":    "CONNECTED",
		"MESSAGE":  WaitingMessage,
		"TID":      tid,
		"MID":      mid,
		"BATCH_NO": batch,
	}.encode()
}
