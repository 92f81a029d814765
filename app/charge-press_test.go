//go:build !wasm

package main

import (
	"context"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// slowCancels holds every not-charged write for a while, as a slow disk
// holds a cancelled press's.
type slowCancels struct{ journal.Store }

func (s slowCancels) Append(ctx context.Context, ref string, e journal.Event) (journal.Record, error) {
	if e.State == pos.StateNotCharged {
		time.Sleep(200 * time.Millisecond)
	}
	return s.Store.Append(ctx, ref, e)
}

// startTill starts a till on a simulator that answers at once.
func startTill(t *testing.T, j journal.Store) (*till.Till, *terminalsim.Simulator) {
	t.Helper()
	sim := tilltest.Sim(t, "")
	return tilltest.Till(t, sim, j, nil, nil), sim
}

// prepared is a press whose charge is prepared, as onChargePress makes it.
func prepared(t *testing.T, tl *till.Till, o till.Order) *press {
	t.Helper()
	pr := newPress(o)
	pr.p, pr.err = tl.Prepare(context.Background(), o)
	close(pr.done)
	if pr.err != nil {
		t.Fatal(pr.err)
	}
	return pr
}

func TestRunOrder(t *testing.T) {
	sale := till.Order{TypeCode: "1", Amount: 1000}
	tests := []struct {
		name string
		// run calls runOrder as the tap would, given a till with a
		// prepared press on it.
		run       func(tl *till.Till, pr *press) (journal.Record, error)
		wantSends int // requests for the press's own reference
		pressEnd  pos.State
	}{
		{"the tap takes its press", func(tl *till.Till, pr *press) (journal.Record, error) {
			return runOrder(context.Background(), tl, pr, nil, sale, nil)
		}, 1, pos.StateApproved},
		{"another order cancels the press", func(tl *till.Till, pr *press) (journal.Record, error) {
			return runOrder(context.Background(), tl, pr, nil, till.Order{TypeCode: "1", Amount: 2000}, nil)
		}, 0, pos.StateNotCharged},
		{"a tap after a dropped press waits for it", func(tl *till.Till, pr *press) (journal.Record, error) {
			go pr.cancel("slid off")
			return runOrder(context.Background(), tl, nil, pr, till.Order{TypeCode: "1", Amount: 3000}, nil)
		}, 0, pos.StateNotCharged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := journal.NewMemory()
			tl, sim := startTill(t, slowCancels{mem})
			pr := prepared(t, tl, sale)
			rec, err := tt.run(tl, pr)
			if err != nil {
				t.Fatalf("the tap's charge: %v", err)
			}
			if rec.State != pos.StateApproved {
				t.Errorf("the tap's charge ended %s, want approved", rec.State)
			}
			sends := 0
			for _, e := range sim.Ledger() {
				if e.Ref == pr.p.Ref() {
					sends++
				}
			}
			if sends != tt.wantSends {
				t.Errorf("the press's charge reached the terminal %d times, want %d", sends, tt.wantSends)
			}
			if tt.pressEnd == pos.StateNotCharged {
				pr.wait()
			}
			if got, err := mem.Get(context.Background(), pr.p.Ref()); err != nil || got.State != tt.pressEnd {
				t.Errorf("the press's entry is %s (%v), want %s", got.State, err, tt.pressEnd)
			}
		})
	}
}

// While a charge is prepared or in flight, session changes wait for a
// task of their own; otherwise (Ready at start-up) they are told at once.
func TestSessionNotifyDefersWhileCharging(t *testing.T) {
	sim := tilltest.Sim(t, "")
	life := cashier.NewLifecycle(tilltest.Config(sim, journal.NewMemory(), nil), nil)
	t.Cleanup(life.Close)
	tl := life.Till()
	tilltest.WaitReady(t, tl)
	var q fakeTasks
	s := &session{listeners: map[int]func(){}, life: life}
	s.changed = &backgroundTask{f: s.tell, schedule: q.schedule}
	told := 0
	s.subscribe(func() { told++ })

	s.notify()
	if told != 1 || len(q) != 0 {
		t.Fatalf("idle: told %d times with %d tasks queued, want at once", told, len(q))
	}
	pr := prepared(t, tl, till.Order{TypeCode: "1", Amount: 100})
	s.notify()
	s.notify()
	if told != 1 || len(q) != 1 {
		t.Errorf("with a charge prepared: told %d more times with %d tasks queued, want none and one task", told-1, len(q))
	}
	q.runAll()
	if told != 2 {
		t.Errorf("the queued task told %d times, want once", told-1)
	}
	// In flight: the press's Held has become InFlight.
	sim.SetDelay(500 * time.Millisecond)
	ran := make(chan error, 1)
	go func() {
		_, err := pr.p.Run(context.Background(), nil)
		ran <- err
	}()
	testkit.Eventually(t, "the charge to go in flight", func() bool { return tl.Status().InFlight != nil })
	told = 0
	s.notify()
	if told != 0 || len(q) != 1 {
		t.Errorf("with a charge in flight: told %d times with %d tasks queued, want none and one task", told, len(q))
	}
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	q.runAll()
	told = 0
	s.notify()
	if told != 1 {
		t.Errorf("after the charge: told %d times, want at once", told)
	}
}
