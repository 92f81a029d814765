//go:build !js

package tabguard

import (
	"context"
	"errors"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// These tests run in synctest bubbles: time is the bubble's clock, which
// moves only when every goroutine in it waits, so a renewal every TTL/3
// and an expiry after TTL happen at exact times, without sleeping.

// memStore is the lease in memory: Update under a mutex is as atomic as
// IndexedDB's read-write transaction.
type memStore struct {
	mu    sync.Mutex
	lease *Lease
}

func (m *memStore) Update(_ context.Context, f func(cur *Lease) (*Lease, bool)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var cur *Lease
	if m.lease != nil {
		c := *m.lease
		cur = &c
	}
	if next, write := f(cur); write {
		m.lease = next
	}
	return nil
}

func (m *memStore) get() *Lease {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lease
}

// tab is one tab's way to the shared store: it can be frozen (its steps
// wait, whatever their deadline, as a frozen page runs nothing) or gone
// (a crashed tab writes nothing).
type tab struct {
	store  Store
	mu     sync.Mutex
	frozen chan struct{}
	gone   bool
	held   chan struct{} // the next step waits for it, alone
}

func (t *tab) Update(ctx context.Context, f func(cur *Lease) (*Lease, bool)) error {
	t.mu.Lock()
	frozen, gone, held := t.frozen, t.gone, t.held
	t.held = nil
	t.mu.Unlock()
	if held != nil {
		<-held
	}
	if gone {
		return errors.New("the tab is gone")
	}
	if frozen != nil {
		<-frozen
	}
	return t.store.Update(ctx, f)
}

func (t *tab) freeze() {
	t.mu.Lock()
	t.frozen = make(chan struct{})
	t.mu.Unlock()
}

func (t *tab) thaw() {
	t.mu.Lock()
	close(t.frozen)
	t.frozen = nil
	t.mu.Unlock()
}

func (t *tab) crash() {
	t.mu.Lock()
	t.gone = true
	t.mu.Unlock()
}

const ttl = 15 * time.Second

// newTab makes a guard named owner on the shared store.
func newTab(store Store, owner string) (*Guard, *tab) {
	tb := &tab{store: store}
	return New(tb, &Options{TTL: ttl, Owner: owner}), tb
}

func mustAcquire(t *testing.T, g *Guard) func() {
	t.Helper()
	release, err := g.Acquire(context.Background())
	if err != nil {
		t.Fatalf("%s: Acquire: %v", g.Owner(), err)
	}
	return release
}

func mustRefuse(t *testing.T, g *Guard, when string) {
	t.Helper()
	release, err := g.Acquire(context.Background())
	if err == nil {
		release()
		t.Fatalf("%s took the terminal %s", g.Owner(), when)
	}
	if !errors.Is(err, ErrHeld) {
		t.Fatalf("%s %s: %v, want ErrHeld", g.Owner(), when, err)
	}
}

// Two tabs: while one holds the terminal, for as long as it holds it,
// the other is refused; once it lets go, the other takes it at once.
func TestOneHolderAcrossTabs(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, _ := newTab(&store, "a")
		b, _ := newTab(&store, "b")
		release := mustAcquire(t, a)
		mustRefuse(t, b, "while a holds it")
		// Held ten terms: renewed all along.
		time.Sleep(10 * ttl)
		mustRefuse(t, b, "ten terms on, a still holding it")
		if l := store.get(); l == nil || l.Owner != "a" || l.Until <= time.Now().UnixMilli() {
			t.Fatalf("a's lease after ten terms: %+v, want renewed", l)
		}
		release()
		if l := store.get(); l != nil {
			t.Errorf("after a let go the lease is %+v, want none", l)
		}
		mustAcquire(t, b)()
	})
}

// A tab's own second holder is refused too: one at a time.
func TestOneHolderInATab(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, _ := newTab(&store, "a")
		release := mustAcquire(t, a)
		mustRefuse(t, a, "a second time")
		release()
		mustAcquire(t, a)()
	})
}

// A tab that crashes holding the terminal gives nothing back: its lease
// keeps the other out until it expires, TTL after its last renewal, and
// no longer.
func TestCrashedHolderExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, at := newTab(&store, "a")
		b, _ := newTab(&store, "b")
		releaseA := mustAcquire(t, a)
		defer releaseA() // ends the crashed tab's goroutines; writes nothing
		time.Sleep(ttl / 2)
		at.crash()
		until := store.get().Until
		time.Sleep(time.Duration(until-time.Now().UnixMilli())*time.Millisecond - time.Millisecond)
		mustRefuse(t, b, "1 ms before a's lease ends")
		time.Sleep(time.Millisecond)
		release := mustAcquire(t, b)
		if early := time.Until(time.UnixMilli(until)); early > 0 {
			t.Errorf("b took it %v before a's lease ended", early)
		}
		release()
	})
}

// A tab frozen while it holds the terminal (the back-forward cache, a
// background tab frozen) stops renewing: its lease expires, the other tab
// takes the terminal, and when the frozen tab thaws its renewal does not
// take it back, nor does its release remove the other's lease.
func TestFrozenHolderDoesNotTakeBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, at := newTab(&store, "a")
		b, _ := newTab(&store, "b")
		releaseA := mustAcquire(t, a)
		at.freeze()
		time.Sleep(ttl + time.Second)
		releaseB := mustAcquire(t, b)
		at.thaw()
		synctest.Wait() // a's renewal, held by the freeze, has run
		if l := store.get(); l == nil || l.Owner != "b" {
			t.Fatalf("after a thawed the lease is %+v, want b's", l)
		}
		time.Sleep(ttl) // a's renewals go on failing, b's on succeeding
		if l := store.get(); l == nil || l.Owner != "b" {
			t.Fatalf("a term after a thawed the lease is %+v, want b's", l)
		}
		releaseA()
		if l := store.get(); l == nil || l.Owner != "b" {
			t.Fatalf("a's release left the lease %+v, want b's", l)
		}
		mustRefuse(t, a, "while b holds it")
		releaseB()
		mustAcquire(t, a)()
	})
}

// A renewal under way when its holder lets go writes nothing: the lease
// is not taken again after it was given back.
func TestRenewalAfterReleaseWritesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, at := newTab(&store, "a")
		b, _ := newTab(&store, "b")
		release := mustAcquire(t, a)
		at.freeze()
		time.Sleep(ttl / 3) // the renewal starts, and waits on the freeze
		synctest.Wait()
		released := make(chan struct{})
		go func() { release(); close(released) }()
		synctest.Wait() // release has ended the holding, and waits for the renewal
		at.thaw()
		<-released
		if l := store.get(); l != nil {
			t.Fatalf("after the release the lease is %+v, want none", l)
		}
		mustAcquire(t, b)()
	})
}

// The page hidden while a renewal is under way: the renewal, coming
// after the lease was given back, does not take it again.
func TestRenewalAfterPageHiddenWritesNothing(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, at := newTab(&store, "a")
		b, _ := newTab(&store, "b")
		release := mustAcquire(t, a)
		renewal := make(chan struct{})
		at.mu.Lock()
		at.held = renewal
		at.mu.Unlock()
		time.Sleep(ttl / 3) // the renewal starts, and waits
		synctest.Wait()
		a.PageHidden()
		synctest.Wait() // given back
		if l := store.get(); l != nil {
			t.Fatalf("once given back the lease is %+v, want none", l)
		}
		close(renewal)
		synctest.Wait()
		if l := store.get(); l != nil {
			t.Fatalf("the renewal that came after took the lease again: %+v", l)
		}
		mustAcquire(t, b)()
		release()
	})
}

// Tabs pressing Charge at the same instant: one takes the terminal.
func TestSimultaneousClaims(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		const n = 8
		var wg sync.WaitGroup
		var mu sync.Mutex
		var held []func()
		refused := 0
		for i := range n {
			g, _ := newTab(&store, string(rune('a'+i)))
			wg.Go(func() {
				release, err := g.Acquire(context.Background())
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					held = append(held, release)
				case errors.Is(err, ErrHeld):
					refused++
				default:
					t.Errorf("%s: %v", g.Owner(), err)
				}
			})
		}
		wg.Wait()
		if len(held) != 1 || refused != n-1 {
			t.Fatalf("%d tabs took the terminal, %d were refused; want 1 and %d", len(held), refused, n-1)
		}
		held[0]()
	})
}

// Hidden for good (closed, reloaded) or put in the back-forward cache,
// the page gives the lease back at once rather than when it expires.
func TestPageHiddenGivesBack(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, _ := newTab(&store, "a")
		b, _ := newTab(&store, "b")
		releaseA := mustAcquire(t, a)
		a.PageHidden()
		synctest.Wait()
		releaseB := mustAcquire(t, b)
		releaseA() // back from the cache: its release takes nothing from b
		if l := store.get(); l == nil || l.Owner != "b" {
			t.Fatalf("after a's late release the lease is %+v, want b's", l)
		}
		releaseB()
	})
}

// A store that fails refuses the claim, with an error that is not
// ErrHeld: nothing may be sent, and the cashier reads why.
func TestStoreFailureRefuses(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var store memStore
		a, at := newTab(&store, "a")
		at.crash()
		release, err := a.Acquire(context.Background())
		if err == nil {
			release()
			t.Fatal("took the terminal without a lease")
		}
		if errors.Is(err, ErrHeld) {
			t.Errorf("a failing store reads as another tab: %v", err)
		}
	})
}
