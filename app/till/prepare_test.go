package till_test

import (
	"context"
	"errors"
	"maps"
	"sync"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// A prepared charge is in the journal, and holds the terminal, before
// anything reaches the terminal; Run sends it once.
func TestPreparedRunSendsOnce(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	p, err := tl.Prepare(context.Background(), sale(1234))
	if err != nil {
		t.Fatal(err)
	}
	if got := stateOf(t, j, p.Ref()); got != pos.StatePending {
		t.Errorf("prepared entry is %s, want pending", got)
	}
	if n, _ := ledgerCount(sim, p.Ref()); n != 0 {
		t.Errorf("the terminal got the prepared charge %d times before Run", n)
	}
	if got := tl.Status().Held; got != p.Ref() {
		t.Errorf("Status().Held = %q, want %q", got, p.Ref())
	}
	if _, err := tl.Run(context.Background(), sale(1)); !errors.Is(err, till.ErrBusy) {
		t.Errorf("a second charge while one is prepared: err = %v, want ErrBusy", err)
	}
	rec, err := p.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.State != pos.StateApproved || rec.Ref != p.Ref() || rec.Amount != 1234 {
		t.Errorf("Run = %s %s %d, want approved %s 1234", rec.State, rec.Ref, rec.Amount, p.Ref())
	}
	if n, state := ledgerCount(sim, p.Ref()); n != 1 || state != "approved" {
		t.Errorf("the terminal has the charge %d times (%s), want once, approved", n, state)
	}
	if got := tl.Status().Held; got != "" {
		t.Errorf("Status().Held = %q after Run, want empty", got)
	}
	if _, err := p.Run(context.Background(), nil); !errors.Is(err, till.ErrPreparedUsed) {
		t.Errorf("second Run: err = %v, want ErrPreparedUsed", err)
	}
	if err := p.Cancel("late"); !errors.Is(err, till.ErrPreparedUsed) {
		t.Errorf("Cancel after Run: err = %v, want ErrPreparedUsed", err)
	}
	if n, _ := ledgerCount(sim, p.Ref()); n != 1 {
		t.Errorf("the terminal has the charge %d times after a second Run, want once", n)
	}
}

// A press that never becomes a tap sends nothing, leaves its entry
// settled as not charged and frees the terminal, whether the page cancels
// it or it expires.
func TestPreparedCancelSendsNothing(t *testing.T) {
	tests := []struct {
		name     string
		cancel   func(p *till.Prepared) error
		wantNote string
	}{
		{"cancelled", func(p *till.Prepared) error { return p.Cancel("the test let go") }, "not sent: the test let go"},
		{"expired", func(*till.Prepared) error { return nil }, "not sent: nothing sent it within 200ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := tilltest.Sim(t, "")
			j := journal.NewMemory()
			tl := tilltest.Till(t, sim, j, nil, func(c *till.Config) { c.PrepareHold = 200 * time.Millisecond })

			pr, err := tl.Prepare(context.Background(), sale(500))
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.cancel(pr); err != nil {
				t.Fatal(err)
			}
			testkit.Eventually(t, "the entry settled", func() bool { return stateOf(t, j, pr.Ref()) == pos.StateNotCharged })
			testkit.Eventually(t, "the terminal freed", func() bool { return tl.Status().Held == "" })
			if rec, err := j.Get(context.Background(), pr.Ref()); err != nil || rec.Message != tt.wantNote || rec.Events[len(rec.Events)-1].By != "client" {
				t.Errorf("the entry says %q by %q (%v), want %q by the client", rec.Message, rec.Events[len(rec.Events)-1].By, err, tt.wantNote)
			}
			if _, err := pr.Run(context.Background(), nil); !errors.Is(err, till.ErrPreparedUsed) {
				t.Errorf("Run after %s: err = %v, want ErrPreparedUsed", tt.name, err)
			}
			if n := len(sim.Ledger()); n != 0 {
				t.Errorf("the terminal got %d transactions", n)
			}
			rec, err := tl.Run(context.Background(), sale(700))
			if err != nil || rec.State != pos.StateApproved {
				t.Errorf("the next charge: %s, %v; want approved", rec.State, err)
			}
		})
	}
}

// A journal that refuses the pending entry leaves nothing held.
func TestPrepareJournalFailureFreesTheTerminal(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	j.FailWrites(journal.ErrFull)
	if _, err := tl.Prepare(context.Background(), sale(1000)); !errors.Is(err, till.ErrJournal) {
		t.Fatalf("err = %v, want ErrJournal", err)
	}
	if got := tl.Status().Held; got != "" {
		t.Errorf("Status().Held = %q after a failed prepare, want empty", got)
	}
	j.FailWrites(nil)
	if _, err := tl.Run(context.Background(), sale(1000)); err != nil {
		t.Errorf("the next charge: %v", err)
	}
}

// gatedStore holds every outcome's write until gate is closed.
type gatedStore struct {
	journal.Store
	gate chan struct{}
}

func (g gatedStore) Append(ctx context.Context, ref string, e journal.Event) (journal.Record, error) {
	if e.State == pos.StateApproved || e.State == pos.StateDeclined {
		<-g.gate
	}
	return g.Store.Append(ctx, ref, e)
}

// The outcome reaches the page as soon as the terminal answers, while its
// journal write is still under way, and as it will be written.
func TestPreparedRunShowsTheOutcomeBeforeItsWrite(t *testing.T) {
	sim := tilltest.Sim(t, "")
	mem := journal.NewMemory()
	j := gatedStore{Store: mem, gate: make(chan struct{})}
	tl := tilltest.Till(t, sim, j, nil, nil)
	p, err := tl.Prepare(context.Background(), sale(4200))
	if err != nil {
		t.Fatal(err)
	}
	seen := make(chan journal.Record, 2)
	done := make(chan journal.Record, 1)
	go func() {
		rec, err := p.Run(context.Background(), func(r journal.Record) { seen <- r })
		if err != nil {
			t.Error(err)
		}
		done <- rec
	}()
	var early journal.Record
	select {
	case early = <-seen:
	case <-time.After(10 * time.Second):
		t.Fatal("no outcome while its write was held")
	}
	// The move to sent is written beside the exchange, so it may or may
	// not be in yet; the outcome cannot be.
	if got := stateOf(t, mem, p.Ref()); got != pos.StatePending && got != pos.StateSent {
		t.Errorf("when the outcome was shown the journal had %s, want it before the outcome (its write held)", got)
	}
	close(j.gate)
	written := <-done
	if early.State != pos.StateApproved || early.Ref != p.Ref() || early.Amount != 4200 {
		t.Errorf("shown %s %s %d, want approved %s 4200", early.State, early.Ref, early.Amount, p.Ref())
	}
	if early.State != written.State || early.Message != written.Message || !maps.Equal(early.Fields, written.Fields) {
		t.Errorf("shown %s %q %v, but written %s %q %v", early.State, early.Message, early.Fields, written.State, written.Message, written.Fields)
	}
	if len(seen) != 0 {
		t.Errorf("the outcome was shown more than once")
	}
}

// A press outlives a reconnect: the request goes on the new link, once,
// rather than failing on the closed one as "not charged"; but not to
// another terminal than the one journalled.
func TestPreparedRunAfterReconnect(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	var mu sync.Mutex
	var clients []*terminal.Client
	tl := tilltest.Till(t, sim, j, nil, func(c *till.Config) {
		connect := c.Dial
		c.Dial = func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			cl, err := connect(ctx, opts)
			if err == nil {
				mu.Lock()
				clients = append(clients, cl)
				mu.Unlock()
			}
			return cl, err
		}
	})
	dials := func() int { mu.Lock(); defer mu.Unlock(); return len(clients) }

	pr, err := tl.Prepare(context.Background(), sale(900))
	if err != nil {
		t.Fatal(err)
	}
	// The link drops after the press, and is made again.
	mu.Lock()
	clients[0].Close()
	mu.Unlock()
	testkit.Eventually(t, "the link down", func() bool { return tl.Status().Link != till.Ready })
	tl.ReconnectNow()
	testkit.Eventually(t, "the new link", func() bool { return dials() == 2 && tl.Status().Link == till.Ready })
	rec, err := pr.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.State != pos.StateApproved {
		t.Errorf("after a reconnect the prepared charge ended %s (%s), want approved", rec.State, rec.Message)
	}
	if n, _ := ledgerCount(sim, pr.Ref()); n != 1 {
		t.Errorf("the terminal has the charge %d times, want once", n)
	}
}

// A handed-off sale's invoice is journalled with it, from the first
// (pending) write, so that a second hand-off of the bill finds it even
// when its outcome is lost.
func TestPreparedJournalsInvoice(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	o := sale(1234)
	o.Invoice = "INV-1001"
	p, err := tl.Prepare(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := j.List(context.Background(), journal.Filter{Invoice: "INV-1001"})
	if err != nil || len(recs) != 1 || recs[0].Ref != p.Ref() || recs[0].State != pos.StatePending {
		t.Fatalf("the invoice's entries before the send: %v %v", recs, err)
	}
	rec, err := p.Run(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Invoice != "INV-1001" || rec.State != pos.StateApproved {
		t.Errorf("Run = %s with invoice %q, want approved with INV-1001", rec.State, rec.Invoice)
	}
}
