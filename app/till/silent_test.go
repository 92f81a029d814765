package till_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// cable is the link between the till and the terminal. Pulled, it
// carries nothing either way and ends nothing: no FIN, as when a cable is
// pulled or a terminal switched off; a dial through it gets no answer.
type cable struct {
	mu        sync.Mutex
	cut       bool
	pullAfter bool // pull it once the next message has gone out
}

func (c *cable) set(cut bool) {
	c.mu.Lock()
	c.cut = cut
	c.mu.Unlock()
}

func (c *cable) isCut() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cut
}

// cableConn is a connection through a cable.
type cableConn struct {
	terminal.Conn
	cable *cable
}

func (c cableConn) Write(ctx context.Context, p []byte) error {
	if c.cable.isCut() {
		return nil // on the wire, never to arrive
	}
	err := c.Conn.Write(ctx, p)
	c.cable.mu.Lock()
	if c.cable.pullAfter {
		c.cable.cut, c.cable.pullAfter = true, false
	}
	c.cable.mu.Unlock()
	return err
}

func (c cableConn) Read(ctx context.Context) ([]byte, error) {
	for {
		p, err := c.Conn.Read(ctx)
		if err != nil || !c.cable.isCut() {
			return p, err
		}
		// Lost on the way: the reader goes on waiting.
	}
}

// The terminal's cable is pulled while it works on a charge: its answer
// is lost, and nothing tells the till the link is gone. Once the response
// timeout has passed, the outcome is unknown, and the till drops the
// connection rather than read Ready on it: the status says Disconnected
// while the cable is out. Plugged back, the till connects, and recovery
// asks about the charge and records what the terminal did: charged once,
// recorded once.
func TestSilentCutMidCharge(t *testing.T) {
	sim := tilltest.Sim(t, "")
	sim.SetDelay(200 * time.Millisecond) // the answer comes after the cut
	p := pos.DefaultProfile()
	p.TimeoutSeconds = 1
	url := "ws://" + sim.WSAddr() + "/"
	j := journal.NewMemory()
	var link cable
	var settled atomic.Int32
	tl := tilltest.Till(t, sim, j, p, func(c *till.Config) {
		c.Dial = func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			if link.isCut() {
				// As a dial that timed out, at once.
				return nil, &terminal.DialError{URL: url, Err: context.DeadlineExceeded}
			}
			conn, err := terminal.DialWebSocket(ctx, url)
			if err != nil {
				return nil, err
			}
			return terminal.New(cableConn{conn, &link}, p, opts), nil
		}
		c.OnSettled = func(journal.Record) { settled.Add(1) }
	})

	link.mu.Lock()
	link.pullAfter = true
	link.mu.Unlock()
	rec, err := tl.Run(context.Background(), sale(1200))
	if err != nil || rec.State != pos.StateUnknown {
		t.Fatalf("the charge with its answer lost: %v %v, want unknown", rec.State, err)
	}
	// Before this, the till read Ready on the dead connection until the
	// operating system's keepalive gave up, minutes later.
	testkit.Eventually(t, "the link shown down once the response timeout has passed", func() bool {
		return tl.Status().Link != till.Ready
	})
	st := tl.Status()
	t.Logf("with the cable out: link %d, reason %q", st.Link, st.Reason)
	testkit.Eventually(t, "the terminal to finish the charge", func() bool {
		n, state := ledgerCount(sim, rec.Ref)
		return n == 1 && state == "approved"
	})
	if s := stateOf(t, j, rec.Ref); s != pos.StateUnknown {
		t.Fatalf("with the cable out the journal has %s as %s, want unknown", rec.Ref, s)
	}

	link.set(false)
	tl.ReconnectNow()
	testkit.Eventually(t, "recovery to settle the charge once the cable is back", func() bool {
		return stateOf(t, j, rec.Ref) == pos.StateApproved
	})
	testkit.Eventually(t, "Ready", func() bool { return tl.Status().Link == till.Ready })
	if n, state := ledgerCount(sim, rec.Ref); n != 1 || state != "approved" {
		t.Errorf("the terminal's ledger has %s %d times (%s), want once approved", rec.Ref, n, state)
	}
	if n := settled.Load(); n != 1 {
		t.Errorf("recovery settled the charge %d times, want once", n)
	}
	if n := len(sim.Ledger()); n != 1 {
		t.Errorf("the terminal processed %d transactions, want 1", n)
	}
}

// A reply the cashier stopped waiting for keeps the connection: only the
// response timeout's silence drops it.
func TestStopWaitingKeepsTheLink(t *testing.T) {
	sim := tilltest.Sim(t, "")
	sim.SetDelay(500 * time.Millisecond)
	var dials atomic.Int32
	tl := tilltest.Till(t, sim, journal.NewMemory(), nil, func(c *till.Config) {
		dial := c.Dial
		c.Dial = func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			dials.Add(1)
			return dial(ctx, opts)
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	rec, err := tl.Run(ctx, sale(1200))
	if err != nil || rec.State != pos.StateUnknown {
		t.Fatalf("stopped waiting: %v %v, want unknown", rec.State, err)
	}
	testkit.Eventually(t, "recovery to settle it", func() bool {
		r, err := tl.Journal().Get(context.Background(), rec.Ref)
		return err == nil && !r.Unresolved()
	})
	if n := dials.Load(); n != 1 || tl.Status().Link != till.Ready {
		t.Errorf("%d dials, link %d: stopping waiting dropped the connection", n, tl.Status().Link)
	}
}
