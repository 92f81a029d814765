package till_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// When the terminal's "not found" proves nothing, the cashier compares
// the terminal's last transaction with the one in doubt.
func TestLastTransaction(t *testing.T) {
	sim := tilltest.SimWith(t, terminalsim.Config{IgnoresRefs: true})
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	ctx := context.Background()
	rec, err := tl.Run(ctx, sale(902)) // charged, its answer lost
	if err != nil || rec.State != pos.StateUnknown {
		t.Fatalf("Run: %v %v", rec.State, err)
	}
	tilltest.WaitReady(t, tl) // the terminal dropped the connection
	f, err := tl.LastTransaction(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !f.Approved {
		t.Errorf("the last transaction reads %v, want the approved 9.02", f.Fields)
	}
	if got, _ := f.Get("AMOUNT"); got != "902" {
		t.Errorf("the last transaction's amount is %q, want 902", got)
	}
	if n := len(sim.Ledger()); n != 1 {
		t.Errorf("asking charged something: %d ledger entries", n)
	}
	without := tilltest.Till(t, sim, journal.NewMemory(), tilltest.ProfileWithout(pos.RoleLastTransaction), nil)
	if _, err := without.LastTransaction(ctx); !errors.Is(err, till.ErrNoLastTransaction) {
		t.Errorf("without the request: %v, want ErrNoLastTransaction", err)
	}
}

// Recovery tells what it settled, so that the cashier hears it.
func TestOnSettled(t *testing.T) {
	sim := tilltest.Sim(t, "")
	var mu sync.Mutex
	var got []journal.Record
	with := func(cfg *till.Config) {
		cfg.OnSettled = func(r journal.Record) {
			mu.Lock()
			got = append(got, r)
			mu.Unlock()
		}
	}
	j := journal.NewMemory()
	p := pos.DefaultProfile()
	p.KeepsReferences = true
	tl := tilltest.Till(t, sim, j, p, with)
	ctx := context.Background()
	charged, err := tl.Run(ctx, sale(902))
	if err != nil {
		t.Fatal(err)
	}
	tilltest.WaitReady(t, tl) // the terminal dropped the connection
	// Recovery asks about the first before the till takes another charge:
	// one sent meanwhile would find the terminal busy.
	testkit.Eventually(t, "the first settled", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 1
	})
	notSent, err := tl.Run(ctx, sale(903))
	if err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, "both settled", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) == 2
	})
	want := map[string]pos.State{charged.Ref: pos.StateApproved, notSent.Ref: pos.StateNotCharged}
	for _, r := range got {
		if want[r.Ref] != r.State {
			t.Errorf("told %s %s, want %s", r.Ref, r.State, want[r.Ref])
		}
	}
	// An outcome the terminal gave at once is not news.
	tilltest.WaitReady(t, tl)
	if _, err := tl.Run(ctx, sale(100)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 {
		t.Errorf("told of %d transactions, want the 2 recovery settled", len(got))
	}
}
