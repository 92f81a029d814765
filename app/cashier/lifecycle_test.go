package cashier

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

// connections counts the terminal connections tills hold, and the most
// held at once: a connection counts as held until its client is done,
// as a new one is dialled.
type connections struct {
	mu      sync.Mutex
	clients []*terminal.Client
	max     int
	dials   atomic.Int64
}

// config is a till's configuration on url, every connection counted by
// c; timeout tells one configuration from another.
func (c *connections) config(url string, timeout int) till.Config {
	p := pos.DefaultProfile()
	p.TimeoutSeconds = timeout
	return till.Config{Journal: journal.NewMemory(), Profile: p, Terminal: url, Logf: func(string, ...any) {},
		Dial: func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			c.dials.Add(1)
			cl, err := terminal.Connect(ctx, url, p, opts)
			if err != nil {
				return nil, err
			}
			c.mu.Lock()
			c.clients = append(c.clients, cl)
			c.max = max(c.max, c.held())
			c.mu.Unlock()
			return cl, nil
		}}
}

func (c *connections) counts() (live, most int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.held(), c.max
}

// held counts the clients not done yet (c.mu held).
func (c *connections) held() int {
	n := 0
	for _, cl := range c.clients {
		select {
		case <-cl.Done():
		default:
			n++
		}
	}
	return n
}

// Restarts asked for at once, from several goroutines, as quick taps and
// a start-up do: one till at a time, never two connections, and the
// last configuration asked for wins.
func TestLifecycleQuickRestarts(t *testing.T) {
	sim := tilltest.Sim(t, "")
	url := "ws://" + sim.WSAddr() + "/"
	var c connections
	l := NewLifecycle(c.config(url, 30), nil)
	defer l.Close()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 10 {
				l.Restart(c.config(url, 100+g*10+i))
				time.Sleep(time.Duration(i) * time.Millisecond)
			}
		})
	}
	wg.Wait()
	l.Restart(c.config(url, 999))
	settled(t, l)
	testkit.Eventually(t, "the last till Ready", func() bool { return l.Till().Status().Link == till.Ready })
	if got := l.Till().Profile().TimeoutSeconds; got != 999 {
		t.Errorf("the till runs the configuration of timeout %d, want the last asked for", got)
	}
	live, most := c.counts()
	if live != 1 || most != 1 {
		t.Errorf("%d connections now, %d at most, want 1 and 1", live, most)
	}
	testkit.Eventually(t, "one client at the terminal", func() bool { return sim.Clients() == 1 })
}

// Connect while a restart is pending reconnects nothing: the till being
// replaced must not dial again, and its successor dials at once anyway.
func TestLifecycleReconnectDuringRestart(t *testing.T) {
	sim := tilltest.Sim(t, "")
	url := "ws://" + sim.WSAddr() + "/"
	var c connections
	l := NewLifecycle(c.config(url, 30), nil)
	defer l.Close()
	testkit.Eventually(t, "Ready", func() bool { return l.Till().Status().Link == till.Ready })
	old := l.Till()
	l.Restart(c.config(url, 31))
	l.ReconnectNow()
	settled(t, l)
	if l.Till() == old {
		t.Fatal("the till was not replaced")
	}
	testkit.Eventually(t, "the new till Ready", func() bool { return l.Till().Status().Link == till.Ready })
	if n := c.dials.Load(); n != 2 {
		t.Errorf("%d dials, want 2: one per till", n)
	}
	if _, most := c.counts(); most != 1 {
		t.Errorf("%d connections at once, want 1", most)
	}
}

// A charge on the till being replaced is refused, with nothing sent:
// never a request shown as in progress that did not go out.
func TestLifecycleChargeDuringRestart(t *testing.T) {
	sim := tilltest.Sim(t, "")
	url := "ws://" + sim.WSAddr() + "/"
	var c connections
	l := NewLifecycle(c.config(url, 30), nil)
	defer l.Close()
	testkit.Eventually(t, "Ready", func() bool { return l.Till().Status().Link == till.Ready })
	old := l.Till()
	l.Restart(c.config(url, 31))
	settled(t, l)
	if _, err := old.Run(context.Background(), till.Order{TypeCode: "1", Amount: 100}); err == nil {
		t.Error("a charge on a stopped till was sent")
	}
	if n := len(sim.Ledger()); n != 0 {
		t.Errorf("the terminal has %d transactions", n)
	}
}

func TestLifecycleClose(t *testing.T) {
	sim := tilltest.Sim(t, "")
	url := "ws://" + sim.WSAddr() + "/"
	var c connections
	l := NewLifecycle(c.config(url, 30), nil)
	testkit.Eventually(t, "Ready", func() bool { return l.Till().Status().Link == till.Ready })
	l.Restart(c.config(url, 31))
	l.Close()
	testkit.Eventually(t, "no connection left", func() bool { live, _ := c.counts(); return live == 0 })
	if st := l.Till().Status(); st.Link != till.Disconnected {
		t.Errorf("after Close the till is %v", st.Link)
	}
}
