package till_test

import (
	"context"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// "Not charged" only on proof: a status inquiry's "not found" settles a
// lost outcome as not charged only once the terminal has shown that it
// keeps lanepay's references (evidence.go).
func TestNotChargedOnlyOnProof(t *testing.T) {
	tests := []struct {
		name string
		sim  terminalsim.Config
		// first, a sale whose answer may show the terminal keeps references
		warmUp bool
		keeps  bool // the profile says so
		fault  int64
		want   pos.State // after recovery has asked
		proven bool      // TrustsNotFound afterwards
	}{
		{name: "a new till does not trust not found", fault: 903, want: pos.StateUnknown},
		{name: "the profile's word is trusted", keeps: true, fault: 903, want: pos.StateNotCharged, proven: true},
		{name: "an answer carrying the reference proves it", warmUp: true, fault: 903, want: pos.StateNotCharged, proven: true},
		{name: "an answer without the reference proves nothing", sim: terminalsim.Config{NoRefEcho: true}, warmUp: true, fault: 903, want: pos.StateUnknown},
		{name: "a charge found by inquiry proves it", sim: terminalsim.Config{NoRefEcho: true}, fault: 902, want: pos.StateApproved, proven: true},
		// Item 1 of the issue, at the till: a terminal that drops the
		// reference charges, loses the answer, and finds nothing when
		// asked. "Not charged" here would invite a second charge.
		{name: "a terminal that ignores references charged", sim: terminalsim.Config{IgnoresRefs: true}, warmUp: true, fault: 902, want: pos.StateUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := tilltest.SimWith(t, tt.sim)
			p := pos.DefaultProfile()
			p.KeepsReferences = tt.keeps
			j := journal.NewMemory()
			tl := tilltest.Till(t, sim, j, p, nil)
			ctx := context.Background()
			if tt.warmUp {
				if rec, err := tl.Run(ctx, sale(1000)); err != nil || rec.State != pos.StateApproved {
					t.Fatalf("warm-up sale: %v %v", rec.State, err)
				}
			}
			rec, err := tl.Run(ctx, sale(tt.fault))
			if err != nil || rec.State != pos.StateUnknown {
				t.Fatalf("Run: %v %v, want unknown", rec.State, err)
			}
			// Recovery has asked once the journal has its answer: a state,
			// or the note that the answer proves nothing.
			testkit.Eventually(t, "the inquiry's answer", func() bool {
				r, _ := j.Get(ctx, rec.Ref)
				return r.State != pos.StateUnknown || lastNote(r) == till.NoteNotFoundUnproven
			})
			if got := stateOf(t, j, rec.Ref); got != tt.want {
				t.Errorf("after recovery %s, want %s", got, tt.want)
			}
			if got := tl.TrustsNotFound(); got != tt.proven {
				t.Errorf("TrustsNotFound = %v, want %v", got, tt.proven)
			}
		})
	}
}

// Evidence is the terminal's: a till on another terminal, or sending the
// reference in another field, starts without it.
func TestEvidenceIsPerTerminalAndField(t *testing.T) {
	sim := tilltest.Sim(t, "")
	ev := &till.MemoryEvidence{}
	j := journal.NewMemory()
	with := func(cfg *till.Config) { cfg.Evidence = ev }
	tl := tilltest.Till(t, sim, j, nil, with)
	if rec, err := tl.Run(context.Background(), sale(1000)); err != nil || rec.State != pos.StateApproved {
		t.Fatalf("sale: %v %v", rec.State, err)
	}
	if !tl.TrustsNotFound() {
		t.Fatal("an answer with the reference did not count as evidence")
	}
	tests := []struct {
		name string
		with func(*till.Config)
	}{
		{"another terminal", func(cfg *till.Config) { cfg.Evidence, cfg.Terminal = ev, "Back office (10.0.0.9)" }},
		{"another reference field", func(cfg *till.Config) {
			cfg.Evidence = ev
			cfg.Profile.ReferenceField = "ECR_REF"
			for i := range cfg.Profile.Types {
				delete(cfg.Profile.Types[i].Template, "REF_NO")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other := tilltest.Till(t, sim, journal.NewMemory(), pos.DefaultProfile(), tt.with)
			if other.TrustsNotFound() {
				t.Error("evidence about one terminal and field was taken for another")
			}
		})
	}
}

func lastNote(r journal.Record) string {
	if len(r.Events) == 0 {
		return ""
	}
	return r.Events[len(r.Events)-1].Note
}
