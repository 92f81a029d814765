package cashier

import (
	"context"
	"sync"

	"github.com/lanepay/lanepay/app/till"
)

// Lifecycle is the one place that starts and stops the till. The page's
// start, Connect, a change of settings and a new profile all restart it
// here, one restart after another: the old till is stopped, its loops
// ended, before the next one starts, so two tills never run at once (two
// sockets to the terminal, two recoveries asking about one transaction).
// Restarts asked for while one runs are folded into one, with the latest
// configuration.
type Lifecycle struct {
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	mu      sync.Mutex
	cur     *till.Till
	next    *till.Config  // the restart asked for, if any
	wake    chan struct{} // a restart is asked for
	changed func()
}

// NewLifecycle starts a till with cfg. changed, if not nil, is called
// (from any goroutine) when Till returns another till.
func NewLifecycle(cfg till.Config, changed func()) *Lifecycle {
	ctx, cancel := context.WithCancel(context.Background())
	l := &Lifecycle{ctx: ctx, cancel: cancel, done: make(chan struct{}),
		wake: make(chan struct{}, 1), changed: changed}
	l.cur = till.New(cfg)
	l.cur.Start(ctx)
	go l.run()
	return l
}

// Till is the till in use. During a restart it is the one being replaced,
// which refuses new work as not connected: nothing is sent on it.
func (l *Lifecycle) Till() *till.Till {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur
}

// Restart replaces the till with one made from cfg. It returns at once.
func (l *Lifecycle) Restart(cfg till.Config) {
	l.mu.Lock()
	l.next = &cfg
	l.mu.Unlock()
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// ReconnectNow skips the wait before the till's next connection attempt.
// While a restart is pending it does nothing: the next till connects at
// once, and the till being replaced must not.
func (l *Lifecycle) ReconnectNow() {
	l.mu.Lock()
	t, pending := l.cur, l.next != nil
	l.mu.Unlock()
	if !pending {
		t.ReconnectNow()
	}
}

// Close stops the till and the lifecycle, and waits for both.
func (l *Lifecycle) Close() {
	l.cancel()
	<-l.done
	l.Till().Stop()
}

func (l *Lifecycle) run() {
	defer close(l.done)
	for {
		select {
		case <-l.ctx.Done():
			return
		case <-l.wake:
		}
		l.mu.Lock()
		pending, old := l.next != nil, l.cur
		l.mu.Unlock()
		if !pending {
			continue
		}
		old.Stop()
		// The latest configuration, asked for before the old till stopped
		// or while it did: restarts in between are folded into this one.
		l.mu.Lock()
		t := till.New(*l.next)
		l.cur, l.next = t, nil
		l.mu.Unlock()
		// Started after it is the current till, so that whatever its
		// first status change makes the page read finds it.
		t.Start(l.ctx)
		if l.changed != nil {
			l.changed()
		}
	}
}
