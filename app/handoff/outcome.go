package handoff

import (
	"net/url"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
)

// Statuses the billing software gets back.
const (
	StatusApproved   = "approved"
	StatusDeclined   = "declined"
	StatusNotCharged = "not_charged"
	// StatusUnknown: the outcome is being resolved (the terminal is asked
	// about it); a later hand-off of the same invoice returns it.
	StatusUnknown = "unknown"
)

// Outcome is what the billing software gets back for a hand-off.
type Outcome struct {
	Status   string
	Ref      string // lanepay's reference
	Invoice  string
	Amount   string // as on the bill: decimal, the profile's decimals
	AuthCode string
	Card     string // masked, as the terminal gave it
	Message  string // the terminal's words
}

// OutcomeOf is the outcome recorded for rec, in the billing software's
// terms. A sale voided or refunded since was approved.
func OutcomeOf(rec journal.Record, p *pos.Profile) Outcome {
	o := Outcome{Ref: rec.Ref, Invoice: rec.Invoice, Amount: rec.Amount.Format(p.Decimals),
		AuthCode: journal.Field(rec.Fields, journal.FieldAuthCode), Card: journal.Field(rec.Fields, journal.FieldCard),
		Message: rec.Message}
	switch rec.State {
	case pos.StateApproved, pos.StateVoided, pos.StateRefunded:
		o.Status = StatusApproved
	case pos.StateDeclined:
		o.Status = StatusDeclined
	case pos.StateNotCharged:
		o.Status = StatusNotCharged
	default:
		o.Status = StatusUnknown
	}
	return o
}

// Query is the outcome as URL parameters, the ones a field has left out.
func (o Outcome) Query() url.Values {
	q := url.Values{}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("status", o.Status)
	set("ref", o.Ref)
	set("invoice", o.Invoice)
	set("amount", o.Amount)
	set("auth_code", o.AuthCode)
	set("card", o.Card)
	set("message", o.Message)
	return q
}

// ReturnURL is ret with the outcome's parameters added to its own query
// (replacing any of the same name).
func ReturnURL(ret *url.URL, o Outcome) string {
	u := *ret
	q := u.Query()
	for k, v := range o.Query() {
		q[k] = v
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// PostMessage is the outcome as postMessage sends it to the window that
// opened lanepay: plain fields, as the return URL carries them.
func (o Outcome) PostMessage() map[string]any {
	m := map[string]any{"type": "lanepay:outcome"}
	for k, v := range o.Query() {
		m[k] = v[0]
	}
	return m
}
