package terminalsim

import "testing"

// rec makes a ledger record for tests.
func rec(ref, typ, state string, amount, refunded int64) *record {
	return &record{
		Entry:    Entry{Ref: ref, Type: typ, State: state, Amount: formatMinor(amount)},
		amount:   amount,
		refunded: refunded,
	}
}

func TestLedgerSettle(t *testing.T) {
	type tallies struct{ sales, refunds, voids, completions tally }
	tests := []struct {
		name      string
		records   []*record
		want      tallies
		net       int64
		wantState map[string]string
	}{
		{
			name: "empty batch",
		},
		{
			name: "every kind",
			records: []*record{
				rec("S1", TypeSale, StateApproved, 1000, 0),
				rec("S2", TypeSale, StateVoided, 2000, 0),
				rec("V1", TypeVoid, StateApproved, 2000, 0),
				rec("S3", TypeSale, StateRefunded, 300, 300),
				rec("R1", TypeRefund, StateApproved, 300, 0),
				rec("S4", TypeSale, StateDeclined, 1051, 0),
				rec("P1", TypePreAuth, StateApproved, 5000, 0),
				rec("P2", TypePreAuth, StateCompleted, 800, 0),
				rec("C1", TypeCompletion, StateApproved, 700, 0),
				rec("X1", TypeVoid, StateDeclined, 0, 0),
			},
			want: tallies{
				sales:       tally{2, 1300},
				refunds:     tally{1, 300},
				voids:       tally{1, 2000},
				completions: tally{1, 700},
			},
			net: 1700,
			wantState: map[string]string{
				"S1": StateSettled, "S2": StateVoided, "V1": StateSettled, "S3": StateRefunded,
				"R1": StateSettled, "S4": StateDeclined, "P1": StateApproved, "P2": StateCompleted,
				"C1": StateSettled, "X1": StateDeclined,
			},
		},
		{
			name:    "refunds only make a negative net",
			records: []*record{rec("R1", TypeRefund, StateApproved, 500, 0)},
			want:    tallies{refunds: tally{1, 500}},
			net:     -500,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLedger()
			for _, r := range tt.records {
				l.add(r)
			}
			got := l.settle()
			if got.batch != 1 || l.batch != 2 {
				t.Errorf("settled batch %d, now %d; want 1, then 2", got.batch, l.batch)
			}
			if g := (tallies{got.sales, got.refunds, got.voids, got.completions}); g != tt.want {
				t.Errorf("totals = %+v, want %+v", g, tt.want)
			}
			if got.net() != tt.net {
				t.Errorf("net = %d, want %d", got.net(), tt.net)
			}
			for ref, state := range tt.wantState {
				if s := l.lookup(ref).State; s != state {
					t.Errorf("%s state = %q, want %q", ref, s, state)
				}
			}
			// A second settlement has nothing left to count.
			if again := l.settle(); again.net() != 0 || again.sales.count != 0 || again.batch != 2 {
				t.Errorf("second settlement = %+v", again)
			}
		})
	}
}

func TestLedgerEntries(t *testing.T) {
	l := newLedger()
	l.add(rec("S1", TypeSale, StateApproved, 1000, 250))
	l.add(rec("", TypeSettlement, StateSettled, 0, 0))
	got := l.entries()
	if len(got) != 2 || got[0].Refunded != "250" || got[0].Batch != "000001" || got[1].Refunded != "" {
		t.Fatalf("entries = %+v", got)
	}
	got[0].State = "tampered"
	if l.lookup("S1").State != StateApproved {
		t.Error("entries shares memory with the ledger")
	}
	if l.lookup("") != nil {
		t.Error("lookup of an empty reference found something")
	}
}
