package till_test

import (
	"context"
	"errors"
	"flag"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

var (
	soakN    = flag.Int("soak.n", 40, "charges in TestSoak (make soak sets it)")
	soakSeed = flag.Uint64("soak.seed", 0, "random seed for TestSoak; 0 picks one")
)

// TestSoak runs many charges with random amounts, a quarter of them
// faulty, through the same till the page uses, against the real simulator;
// then it compares the journal with the terminal's ledger. Nothing may be
// missing from the journal, nothing charged twice, nothing left unresolved.
func TestSoak(t *testing.T) {
	seed := *soakSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rnd := rand.New(rand.NewPCG(seed, 1))
	t.Logf("soak: %d charges, seed %d", *soakN, seed)

	sim := tilltest.Sim(t, "")
	p := pos.DefaultProfile()
	p.TimeoutSeconds = 2 // 9.01 never answers; 9.06 answers after 1.5 s
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, p, nil)
	faults := []int64{901, 902, 903, 904, 905, 906, 907}

	ctx := context.Background()
	var refs []string
	faulty := 0
	for i := 0; i < *soakN; i++ {
		minor := 1 + rnd.Int64N(99_999)
		if minor >= 901 && minor <= 907 {
			minor += 100
		}
		if rnd.IntN(4) == 0 {
			minor = faults[rnd.IntN(len(faults))]
			faulty++
		}
		for {
			rec, err := tl.Run(ctx, sale(minor))
			// These promise nothing was sent, so charging again is safe:
			// wait for the reconnect or the recovery to finish.
			if errors.Is(err, till.ErrNotConnected) || errors.Is(err, till.ErrBusy) {
				time.Sleep(50 * time.Millisecond)
				continue
			}
			if err != nil {
				t.Fatalf("charge %d (%d): %v", i, minor, err)
			}
			refs = append(refs, rec.Ref)
			break
		}
	}
	waitFor(t, "every transaction resolved", func() bool {
		recs, err := j.Unresolved(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return len(recs) == 0
	})

	inLedger := map[string]int{}
	ledgerState := map[string]string{}
	for _, e := range sim.Ledger() {
		inLedger[e.Ref]++
		ledgerState[e.Ref] = e.State
	}
	var missing, doubled, lost, phantom, unresolved int
	journalled := map[string]bool{}
	for _, ref := range refs {
		journalled[ref] = true
		rec, err := j.Get(ctx, ref)
		if err != nil {
			t.Fatalf("journal lost %s: %v", ref, err)
		}
		if rec.Unresolved() {
			unresolved++
		}
		charged := ledgerState[ref] == "approved"
		switch {
		case charged && rec.State != pos.StateApproved:
			lost++ // charged, but the journal does not say so
			t.Errorf("%s: charged at the terminal, journal says %s", ref, rec.State)
		case !charged && rec.State == pos.StateApproved:
			phantom++
			t.Errorf("%s: journal says approved, terminal has %q", ref, ledgerState[ref])
		}
	}
	for ref, n := range inLedger {
		if !journalled[ref] {
			missing++
			t.Errorf("%s charged at the terminal but not in the journal", ref)
		}
		if n > 1 {
			doubled++
			t.Errorf("%s processed %d times", ref, n)
		}
	}
	if unresolved > 0 {
		t.Errorf("%d transactions left unresolved", unresolved)
	}
	t.Logf("soak result: charges=%d faulty=%d ledger=%d missing=%d doubled=%d lost=%d phantom=%d unresolved=%d",
		len(refs), faulty, len(inLedger), missing, doubled, lost, phantom, unresolved)
}
