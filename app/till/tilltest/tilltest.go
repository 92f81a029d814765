// Package tilltest starts the simulated terminal, and tills on it, over
// loopback sockets: for the tests of the till, of the page that drives it
// (app, app/pagetest) and of the server (its bridge) alike. Waiting and
// quiet logging are app/testkit's.
package tilltest

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
)

// Sim starts a quiet simulator that answers at once (SetDelay gives it a
// card's time), with its WebSocket on addr (a free loopback port if empty;
// an address given again brings a terminal back where it was) and no TCP
// listener; the test closes it.
func Sim(t testing.TB, addr string) *terminalsim.Simulator {
	t.Helper()
	return SimWith(t, terminalsim.Config{WSAddr: addr})
}

// SimWith starts a simulator as Sim does, with the rest of cfg as given:
// another dialect, a terminal that does not echo references, a delay, a
// TCP listener (TCPAddr "127.0.0.1:0" for a free port; none if empty).
func SimWith(t testing.TB, cfg terminalsim.Config) *terminalsim.Simulator {
	t.Helper()
	if cfg.WSAddr == "" {
		cfg.WSAddr = "127.0.0.1:0"
	}
	if cfg.TCPAddr == "" {
		cfg.TCPAddr = terminalsim.Off
	}
	if cfg.SlowDelay == 0 {
		cfg.SlowDelay = 1500 * time.Millisecond
	}
	cfg.Logger = testkit.Discard()
	sim := terminalsim.New(cfg)
	if err := sim.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// Till starts a till on sim with journal j and profile p (the default
// if nil), its configuration changed by with if not nil, and waits until
// it is Ready; the test stops it. Inquiries are retried after 200 ms and
// nothing is logged.
func Till(t testing.TB, sim *terminalsim.Simulator, j journal.Store, p *pos.Profile, with func(*till.Config)) *till.Till {
	t.Helper()
	cfg := Config(sim, j, p)
	if with != nil {
		with(&cfg)
	}
	tl := till.New(cfg)
	tl.Start(context.Background())
	t.Cleanup(tl.Stop)
	WaitReady(t, tl)
	return tl
}

// Config is the configuration Till starts a till with: on sim, with
// journal j and profile p (the default if nil), inquiries retried after
// 200 ms, nothing logged.
func Config(sim *terminalsim.Simulator, j journal.Store, p *pos.Profile) till.Config {
	if p == nil {
		p = pos.DefaultProfile()
	}
	url := "ws://" + sim.WSAddr() + "/"
	return till.Config{Journal: j, Profile: p, Terminal: url, Logf: func(string, ...any) {}, RetryInquiry: 200 * time.Millisecond,
		Dial: func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			return terminal.Connect(ctx, url, p, opts)
		}}
}

// WaitReady waits until tl is Ready.
func WaitReady(t testing.TB, tl *till.Till) {
	t.Helper()
	testkit.Eventually(t, "the till to be Ready", func() bool { return tl.Status().Link == till.Ready })
}

// ProfileWithout is the default profile without the transaction types of
// role: a terminal that cannot do that, such as one that cannot be asked
// for a transaction's status (pos.RoleInquiry).
func ProfileWithout(role pos.Role) *pos.Profile {
	p := pos.DefaultProfile()
	p.Types = slices.DeleteFunc(p.Types, func(t pos.TranType) bool { return t.Role == role })
	return p
}
