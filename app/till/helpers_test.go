package till_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/server/terminalsim"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func quietf(string, ...any) {}

func startSim(t testing.TB, addr string) *terminalsim.Simulator {
	t.Helper()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	sim := terminalsim.New(terminalsim.Config{WSAddr: addr, TCPAddr: terminalsim.Off,
		SlowDelay: 1500 * time.Millisecond, Logger: quiet})
	if err := sim.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// newTill starts a till on the simulator and waits until it is Ready.
func newTill(t testing.TB, sim *terminalsim.Simulator, j journal.Store, p *pos.Profile) *till.Till {
	t.Helper()
	return newTillWith(t, sim, j, p, nil)
}

// newTillWith is newTill with the configuration changed by with first.
func newTillWith(t testing.TB, sim *terminalsim.Simulator, j journal.Store, p *pos.Profile, with func(*till.Config)) *till.Till {
	t.Helper()
	if p == nil {
		p = pos.DefaultProfile()
	}
	url := "ws://" + sim.WSAddr() + "/"
	cfg := till.Config{Journal: j, Profile: p, Terminal: url, Logf: quietf, RetryInquiry: 200 * time.Millisecond,
		Dial: func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			return terminal.Connect(ctx, url, p, opts)
		}}
	if with != nil {
		with(&cfg)
	}
	tl := till.New(cfg)
	tl.Start(context.Background())
	t.Cleanup(tl.Stop)
	waitFor(t, "till ready", func() bool { return tl.Status().Link == till.Ready })
	return tl
}

func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func sale(minor int64) till.Order {
	return till.Order{TypeCode: "1", Amount: pos.Amount(minor)}
}

func ledgerCount(sim *terminalsim.Simulator, ref string) (n int, state string) {
	for _, e := range sim.Ledger() {
		if e.Ref == ref {
			n++
			state = e.State
		}
	}
	return n, state
}

func stateOf(t testing.TB, j journal.Store, ref string) pos.State {
	t.Helper()
	r, err := j.Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return r.State
}
