package tabguard

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrHeld says another tab or window holds the terminal.
var ErrHeld = errors.New("another tab or window holds the terminal")

// DefaultTTL is how long a lease lasts unless it is renewed.
const DefaultTTL = 15 * time.Second

// Store keeps the one lease. Update reads it (nil: none), calls f, and
// stores what f says, as one step that no other Update, in this tab or
// another, runs in the middle of. f must return at once: in the browser
// it runs inside the IndexedDB transaction. write false leaves the lease
// as it is; write with next nil removes it.
type Store interface {
	Update(ctx context.Context, f func(cur *Lease) (next *Lease, write bool)) error
}

// Options tune a Guard. A nil *Options means the defaults.
type Options struct {
	// TTL is how long a lease lasts unless renewed; a held lease is
	// renewed every TTL/3. Default DefaultTTL.
	TTL time.Duration
	// Owner names this tab in the lease. Default a random name, new at
	// every load of the page: a tab reloaded mid-charge is another
	// owner, and must wait for its old lease to expire unless pagehide
	// gave it back.
	Owner string
	// Wait bounds a claim or a giving back whose context has no
	// deadline: a store that does not answer refuses rather than hang a
	// charge. Default 5 s.
	Wait time.Duration
	// Logf logs for support; default nothing.
	Logf func(format string, args ...any)
}

// Guard takes the terminal for this tab, one holder at a time: its
// Acquire is a till's Lock.
type Guard struct {
	store Store
	opts  Options

	mu  sync.Mutex
	cur *holding // nil when this tab does not hold the terminal
	seq uint64
}

// holding is one Acquire's hold on the lease, renewed until it ends.
type holding struct {
	n    uint64
	stop chan struct{}
	once sync.Once
	done chan struct{} // the renewal has ended
}

func (h *holding) halt() { h.once.Do(func() { close(h.stop) }) }

// New makes a guard on store.
func New(store Store, opts *Options) *Guard {
	g := &Guard{store: store}
	if opts != nil {
		g.opts = *opts
	}
	if g.opts.TTL <= 0 {
		g.opts.TTL = DefaultTTL
	}
	if g.opts.Owner == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		g.opts.Owner = hex.EncodeToString(b[:])
	}
	if g.opts.Wait <= 0 {
		g.opts.Wait = 5 * time.Second
	}
	if g.opts.Logf == nil {
		g.opts.Logf = func(string, ...any) {}
	}
	return g
}

// Owner is the name this tab's leases carry.
func (g *Guard) Owner() string { return g.opts.Owner }

// Acquire takes the terminal for this tab, or refuses at once with
// ErrHeld when another tab holds it (it never queues: a charge that
// waited would leave at a moment nobody chose). Until release, the lease
// is renewed. Other errors mean the lease could not be read or written:
// nothing may be sent then either.
func (g *Guard) Acquire(ctx context.Context) (release func(), err error) {
	g.mu.Lock()
	if g.cur != nil {
		g.mu.Unlock()
		return nil, ErrHeld // this tab's own holder: one at a time
	}
	g.seq++
	h := &holding{n: g.seq, stop: make(chan struct{}), done: make(chan struct{})}
	g.cur = h
	g.mu.Unlock()

	ok, err := g.claim(ctx, h)
	if err != nil || !ok {
		g.end(h)
		close(h.done)
		if err != nil {
			// The claim may have been written all the same (a
			// transaction that commits after its wait gave up): give it
			// back rather than keep the others out until it expires.
			go g.giveBack(h)
			return nil, fmt.Errorf("failed to check whether another tab holds the terminal: %w", err)
		}
		return nil, ErrHeld
	}
	go g.renew(h)
	return func() {
		g.end(h)
		<-h.done
		g.giveBack(h)
	}, nil
}

// end stops h's renewal; h no longer holds the terminal for this tab.
func (g *Guard) end(h *holding) {
	g.mu.Lock()
	if g.cur == h {
		g.cur = nil
	}
	g.mu.Unlock()
	h.halt()
}

// holds reports whether h is this tab's holding still.
func (g *Guard) holds(h *holding) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.cur == h
}

// claim takes or renews the lease for h, unless h has ended meanwhile
// (checked inside the store's step, so that a renewal that comes after
// the giving back cannot take the lease again).
func (g *Guard) claim(ctx context.Context, h *holding) (ok bool, err error) {
	ctx, cancel := g.bound(ctx)
	defer cancel()
	err = g.store.Update(ctx, func(cur *Lease) (*Lease, bool) {
		if !g.holds(h) {
			return nil, false
		}
		next, got := Claim(cur, g.opts.Owner, time.Now(), g.opts.TTL)
		ok = got
		return next, got
	})
	if err != nil {
		return false, err
	}
	return ok, nil
}

// giveBack removes this tab's lease, unless a later holding of this tab
// has it now.
func (g *Guard) giveBack(h *holding) {
	ctx, cancel := g.bound(context.Background())
	defer cancel()
	err := g.store.Update(ctx, func(cur *Lease) (*Lease, bool) {
		g.mu.Lock()
		later := g.cur != nil && g.cur.n > h.n
		g.mu.Unlock()
		return nil, !later && GiveBack(cur, g.opts.Owner)
	})
	if err != nil {
		g.opts.Logf("failed to give back the lease on the terminal (it expires within %v): %v", g.opts.TTL, err)
	}
}

// renew keeps h's lease alive every TTL/3 until h ends.
func (g *Guard) renew(h *holding) {
	defer close(h.done)
	tick := time.NewTicker(g.opts.TTL / 3)
	defer tick.Stop()
	lost := false
	for {
		select {
		case <-h.stop:
			return
		case <-tick.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), g.opts.TTL/3)
		ok, err := g.claim(ctx, h)
		cancel()
		switch {
		case !g.holds(h):
			return
		case err != nil:
			g.opts.Logf("failed to renew the lease on the terminal: %v", err)
		case !ok && !lost:
			lost = true
			g.opts.Logf("another tab took the terminal while this one held it (this tab was frozen, or its timers held back, for longer than %v): until it lets go, only the terminal's busy answer keeps the two apart", g.opts.TTL)
		case ok && lost:
			lost = false
			g.opts.Logf("the lease on the terminal is this tab's again")
		}
	}
}

// PageHidden gives the lease back at once, if this tab holds it: the page
// is being closed, reloaded or put in the back-forward cache, where it
// runs nothing more (its connection to the terminal ends with it). It is
// a try: the browser may end the page before the giving back is written,
// and the lease then expires. The holder's own release, should the page
// come back from the cache, does nothing more.
func (g *Guard) PageHidden() {
	g.mu.Lock()
	h := g.cur
	g.cur = nil
	g.mu.Unlock()
	if h == nil {
		return
	}
	h.halt()
	go g.giveBack(h)
}

func (g *Guard) bound(ctx context.Context) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, g.opts.Wait)
}
