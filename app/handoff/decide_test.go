package handoff

import (
	"net/url"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
)

func TestDecide(t *testing.T) {
	rec := func(ref string, state pos.State, amount pos.Amount) journal.Record {
		return journal.Record{Ref: ref, Invoice: "INV-1", Role: "sale", State: state, Amount: amount}
	}
	bill := Request{Amount: 123450, Invoice: "INV-1"}
	split := bill
	split.Split = true
	other := bill
	other.Amount = 50000
	tests := []struct {
		name  string
		r     Request
		prior []journal.Record
		want  Action
		ref   string
	}{
		{"a new bill", bill, nil, Charge, ""},
		{"declined before", bill, []journal.Record{rec("A", pos.StateDeclined, 123450)}, Charge, ""},
		{"not charged before", bill, []journal.Record{rec("A", pos.StateNotCharged, 123450)}, Charge, ""},
		{"voided before", bill, []journal.Record{rec("A", pos.StateVoided, 123450)}, Charge, ""},
		{"paid: answered, never charged again", bill, []journal.Record{rec("A", pos.StateDeclined, 123450), rec("B", pos.StateApproved, 123450)}, Answer, "B"},
		{"paid, another amount", other, []journal.Record{rec("B", pos.StateApproved, 123450)}, Refuse, "B"},
		{"paid, split asked for", split, []journal.Record{rec("B", pos.StateApproved, 123450)}, Charge, ""},
		{"refunded counts as paid", bill, []journal.Record{rec("B", pos.StateRefunded, 123450)}, Answer, "B"},
		{"paid in two parts, asked again", bill, []journal.Record{rec("B", pos.StateApproved, 23450), rec("C", pos.StateApproved, 100000)}, Refuse, "B"},
		{"outcome unknown holds the bill", split, []journal.Record{rec("B", pos.StateApproved, 100), rec("C", pos.StateUnknown, 123450)}, Resolving, "C"},
		{"pending holds it too", bill, []journal.Record{rec("C", pos.StatePending, 123450)}, Resolving, "C"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Decide(tt.r, tt.prior, inr())
			if d.Action != tt.want || d.Record.Ref != tt.ref {
				t.Errorf("Decide = %v on %q (%s), want %v on %q", d.Action, d.Record.Ref, d.Problem, tt.want, tt.ref)
			}
			if d.Action == Refuse && d.Problem == "" {
				t.Error("a refusal without a reason")
			}
		})
	}
}

func TestOutcome(t *testing.T) {
	r := journal.Record{Ref: "0MX1", Invoice: "INV-1", State: pos.StateApproved, Amount: 123450, Message: "APPROVED",
		Fields: map[string]string{"AUTH_CODE": "A1B2C3", "CARD_NO": "************4242"}}
	o := OutcomeOf(r, inr())
	ret, _ := url.Parse("https://billing.example/paid?session=9&status=stale")
	got, _ := url.Parse(ReturnURL(ret, o))
	q := got.Query()
	want := map[string]string{"status": "approved", "ref": "0MX1", "invoice": "INV-1", "amount": "1234.50",
		"auth_code": "A1B2C3", "card": "************4242", "message": "APPROVED", "session": "9"}
	for k, v := range want {
		if q.Get(k) != v {
			t.Errorf("%s = %q, want %q (%s)", k, q.Get(k), v, got)
		}
	}
	if got.Host != "billing.example" || got.Path != "/paid" {
		t.Errorf("returned to %s", got)
	}
	for state, status := range map[pos.State]string{pos.StateDeclined: StatusDeclined, pos.StateNotCharged: StatusNotCharged,
		pos.StateUnknown: StatusUnknown, pos.StateSent: StatusUnknown, pos.StateRefunded: StatusApproved} {
		r.State = state
		if got := OutcomeOf(r, inr()).Status; got != status {
			t.Errorf("%s reads %s, want %s", state, got, status)
		}
	}
	if m := o.PostMessage(); m["type"] != "lanepay:outcome" || m["status"] != "approved" {
		t.Errorf("postMessage %v", m)
	}
}
