package till_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// invoiceProfile voids by the terminal's invoice number and refunds by its
// RRN, taken from the original's answer, as a vendor's collection may.
func invoiceProfile() *pos.Profile {
	p := pos.DefaultProfile()
	for i, ty := range p.Types {
		switch ty.Role {
		case pos.RoleVoid:
			p.Types[i].Template = map[string]string{"TRAN_CODE": "{{code}}", "TRAN_MODE": "{{mode}}", "INVOICE_NO": "{{orig.INVOICE_NO}}"}
		case pos.RoleRefund:
			p.Types[i].Template = map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "RRN": "{{orig.RRN}}"}
		}
	}
	return p
}

// simFor starts a simulator speaking p.
func simFor(t *testing.T, p *pos.Profile) *terminalsim.Simulator {
	t.Helper()
	doc, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	d, err := terminalsim.DialectFromProfile(doc)
	if err != nil {
		t.Fatal(err)
	}
	return tilltest.SimWith(t, terminalsim.Config{Dialect: &d})
}

// A void or refund names its original by the identifiers of that sale's
// own answer, never another's.
func TestFollowUpsNameTheirOwnOriginal(t *testing.T) {
	p := invoiceProfile()
	sim := simFor(t, p)
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, p, nil)
	ctx := context.Background()
	var sales []journal.Record
	for _, minor := range []int64{1000, 2000, 3000} {
		s, err := tl.Run(ctx, sale(minor))
		if err != nil || s.State != pos.StateApproved {
			t.Fatalf("sale %d: %v %v", minor, s.State, err)
		}
		sales = append(sales, s)
	}
	v, err := tl.Run(ctx, till.Order{TypeCode: "2", OrigRef: sales[1].Ref})
	if err != nil || v.State != pos.StateApproved {
		t.Fatalf("void: %v %v", v.State, err)
	}
	r, err := tl.Run(ctx, till.Order{TypeCode: "3", Amount: 500, OrigRef: sales[2].Ref})
	if err != nil || r.State != pos.StateApproved {
		t.Fatalf("refund: %v %v", r.State, err)
	}
	want := map[string]string{sales[0].Ref: "approved", sales[1].Ref: "voided", sales[2].Ref: "approved"}
	for _, e := range sim.Ledger() {
		if w, ok := want[e.Ref]; ok && e.State != w {
			t.Errorf("the terminal has sale %s %s, want %s", e.Ref, e.State, w)
		}
	}
	if got := stateOf(t, j, sales[1].Ref); got != pos.StateVoided {
		t.Errorf("the voided sale is %s in the journal", got)
	}
	if got := stateOf(t, j, sales[2].Ref); got != pos.StateRefunded {
		t.Errorf("the refunded sale is %s in the journal", got)
	}
}

// Without the original's answer, nothing is sent: an invented or example
// identifier could void another customer's sale.
func TestFollowUpWithoutTheOriginalsAnswer(t *testing.T) {
	p := invoiceProfile()
	sim := simFor(t, p)
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, p, nil)
	ctx := context.Background()
	declined, err := tl.Run(ctx, sale(1051))
	if err != nil || declined.State != pos.StateDeclined {
		t.Fatalf("sale: %v %v", declined.State, err)
	}
	// An approved sale whose answer, as recorded by hand, has no invoice.
	const byHand = "BYHAND0000000001"
	if err := j.Begin(ctx, journal.Record{Ref: byHand, TypeCode: "1", Role: "sale", Amount: 500}); err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(ctx, byHand, journal.Event{State: pos.StateUnknown}); err != nil {
		t.Fatal(err)
	}
	if _, err := tl.ResolveByHand(ctx, byHand, true, "slip says approved"); err != nil {
		t.Fatal(err)
	}
	before := len(sim.Ledger())
	tests := []struct {
		name    string
		origRef string
		want    error
		missing string
	}{
		{"not in the journal", "NOSUCHSALE000001", till.ErrNoOriginalAnswer, ""},
		{"not approved", declined.Ref, till.ErrNoOriginalAnswer, ""},
		{"answer lacks the invoice", byHand, nil, "INVOICE_NO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tl.Run(ctx, till.Order{TypeCode: "2", OrigRef: tt.origRef})
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("void: %v, want %v", err, tt.want)
			}
			var me *pos.MissingOriginalError
			if tt.missing != "" && (!errors.As(err, &me) || me.Field != tt.missing) {
				t.Errorf("void: %v, want the original's %s missing", err, tt.missing)
			}
		})
	}
	if n := len(sim.Ledger()); n != before {
		t.Errorf("the terminal got %d requests it should not have", n-before)
	}
}
