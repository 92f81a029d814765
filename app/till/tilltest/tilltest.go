// Package tilltest starts tills on the simulated terminal, over loopback
// sockets, for the tests of the till and of the page that drives it.
package tilltest

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/till"
)

// Sim starts a quiet simulator that answers at once (SetDelay gives it a
// card's time), with its WebSocket on addr (a free loopback port if empty)
// and no TCP listener; the test closes it.
func Sim(t testing.TB, addr string) *terminalsim.Simulator {
	t.Helper()
	return SimWith(t, terminalsim.Config{WSAddr: addr})
}

// SimWith starts a simulator as Sim does, with the rest of cfg as given:
// another dialect, a terminal that does not echo references.
func SimWith(t testing.TB, cfg terminalsim.Config) *terminalsim.Simulator {
	t.Helper()
	if cfg.WSAddr == "" {
		cfg.WSAddr = "127.0.0.1:0"
	}
	cfg.TCPAddr = terminalsim.Off
	if cfg.SlowDelay == 0 {
		cfg.SlowDelay = 1500 * time.Millisecond
	}
	cfg.Logger = slog.New(slog.DiscardHandler)
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
	for deadline := time.Now().Add(20 * time.Second); tl.Status().Link != till.Ready; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("timed out waiting for the till to be Ready")
		}
	}
}

// ProfileWithout is the default profile without the transaction types of
// role: a terminal that cannot do that, such as one that cannot be asked
// for a transaction's status (pos.RoleInquiry).
func ProfileWithout(role pos.Role) *pos.Profile {
	p := pos.DefaultProfile()
	p.Types = slices.DeleteFunc(p.Types, func(t pos.TranType) bool { return t.Role == role })
	return p
}
