package till_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

var (
	soakN       = flag.Int("soak.n", 40, "charges in TestSoak (make soak sets it)")
	soakSeed    = flag.Uint64("soak.seed", 0, "random seed for TestSoak; 0 picks one")
	soakProfile = flag.String("soak.profile", "default", "TestSoak's profile: default, or imported (the upi-card Postman collection, on a simulator speaking it)")
)

// soakTerminal is the profile TestSoak charges with and a simulator
// speaking it. The imported profile claims nothing about references, as
// an import never does: the till learns that the terminal keeps them from
// its first answer carrying one.
func soakTerminal(t *testing.T) (*pos.Profile, *terminalsim.Simulator) {
	switch *soakProfile {
	case "default":
		return pos.DefaultProfile(), tilltest.Sim(t, "")
	case "imported":
		p := importedProfile(t)
		return p, simSpeaking(t, p, terminalsim.Config{})
	}
	t.Fatalf("-soak.profile=%q: want default or imported", *soakProfile)
	return nil, nil
}

// TestSoak runs many charges with random amounts, a quarter of them
// faulty, through the same till the page uses, against the real simulator;
// then it compares the journal with the terminal's ledger. Nothing may be
// missing from the journal, nothing charged twice, nothing left unresolved.
// -soak.profile=imported does the same with the upi-card Postman
// collection imported as a shop would, on a simulator speaking it.
func TestSoak(t *testing.T) {
	seed := *soakSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rnd := rand.New(rand.NewPCG(seed, 1))
	t.Logf("soak: %d charges, seed %d, %s profile", *soakN, seed, *soakProfile)

	p, sim := soakTerminal(t)
	saleType, _ := p.TypeByRole(pos.RoleSale)
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
		testkit.Eventually(t, fmt.Sprintf("the till to take charge %d (%d)", i, minor), func() bool {
			rec, err := tl.Run(ctx, till.Order{TypeCode: saleType.Code, Amount: pos.Amount(minor)})
			// These promise nothing was sent, so charging again is safe:
			// wait for the reconnect or the recovery to finish.
			if errors.Is(err, till.ErrNotConnected) || errors.Is(err, till.ErrBusy) {
				return false
			}
			if err != nil {
				t.Fatalf("charge %d (%d): %v", i, minor, err)
			}
			refs = append(refs, rec.Ref)
			return true
		})
	}
	testkit.Eventually(t, "every transaction resolved", func() bool {
		// Recovery again at each look: a "not found" asked before the
		// terminal showed that it keeps references settles at a later
		// pass, as it would at the page's next recovery.
		tl.TriggerRecovery()
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
