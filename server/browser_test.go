package main

import (
	"context"
	"net"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
	"github.com/lanepay/lanepay/app/terminalsim"
)

// The page actions, by the short names the tests read best with.
var (
	requireBrowser = pagedrive.RequireBrowser
	newBrowser     = pagedrive.NewBrowser
	poll           = pagedrive.Poll
	fill           = pagedrive.Fill
	clickSel       = pagedrive.Click
	waitText       = pagedrive.WaitText
	afterPaint     = pagedrive.AfterPaint
	textOf         = pagedrive.TextOf
	charge         = pagedrive.Charge
	jsString       = pagedrive.JSString
)

// testStack is a server with the simulated terminal beside it.
type testStack struct {
	d   *daemon
	sim *terminalsim.Simulator
}

func startStack(t *testing.T) *testStack {
	t.Helper()
	d := startServer(t, config{Sim: true})
	return &testStack{d: d, sim: d.sim}
}

// ledgerFor counts the simulator's entries with this reference and
// returns the last one's state.
func (s *testStack) ledgerFor(ref string) (n int, state string) {
	for _, e := range s.sim.Ledger() {
		if e.Ref == ref {
			n++
			state = e.State
		}
	}
	return n, state
}

// openApp loads the page from the server and connects to the test's
// simulated terminal as a cashier would, until the status says Ready.
func openApp(t *testing.T, ctx context.Context, s *testStack) {
	t.Helper()
	if err := chromedp.Do(ctx, pagedrive.OpenApp(s.d.URL(), s.sim.WSAddr())); err != nil {
		t.Fatalf("open %s: %v\nthe page reads:\n%s", s.d.URL(), err, pagedrive.ScreenText(ctx))
	}
}

// closedAddr is a loopback address nothing listens on, for a server the
// test starts there later.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
