//go:build !js

package pagetest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
	"github.com/lanepay/lanepay/app/testkit"
)

// These tests take payments the way a shop's billing software hands them
// to lanepay (app/handoff): from the example billing page in the
// repository (app/handoff/example/billing.html), served by the test on
// another origin, through the Pay screen (/pay), and back.

// billingSite serves the example billing page on a loopback port of its
// own, another origin than the till's, and records every return it gets
// (a request of the page with the outcome's status in its query).
type billingSite struct {
	origin string // http://127.0.0.1:PORT, allowed in the till's Settings
	// other is the same site by another name (http://localhost:PORT):
	// another origin, which the till does not allow.
	other string

	mu      sync.Mutex
	returns []url.Values
}

func startBilling(t *testing.T) *billingSite {
	t.Helper()
	page, err := os.ReadFile("../handoff/example/billing.html")
	if err != nil {
		t.Fatal(err)
	}
	b := &billingSite{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/billing.html" {
			http.NotFound(w, r)
			return
		}
		if q := r.URL.Query(); q.Has("status") {
			b.mu.Lock()
			b.returns = append(b.returns, q)
			b.mu.Unlock()
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	}))
	t.Cleanup(srv.Close)
	b.origin = srv.URL
	b.other = strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)
	return b
}

// returned waits for the return after the first n and gives it.
func (b *billingSite) returned(t *testing.T, n int) url.Values {
	t.Helper()
	testkit.Eventually(t, "a return to the billing page", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		return len(b.returns) > n
	})
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.returns[n]
}

func (b *billingSite) count() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.returns)
}

// handOffURL is the /pay address the billing page makes for a bill, with
// the page as its return.
func handOffURL(s *stack, returnOrigin, amount, invoice string) string {
	q := url.Values{"amount": {amount}, "invoice": {invoice}, "return": {returnOrigin + "/billing.html?till=" + url.QueryEscape(s.url)}}
	return s.url + "/pay?" + q.Encode()
}

// openTill opens the till connected to the terminal at termAddr and
// allows the billing site's origin in Settings, as the shop would: one
// origin a line, Save origins.
func openTill(t *testing.T, ctx context.Context, s *stack, b *billingSite, termAddr string) {
	t.Helper()
	if err := chromedp.Do(ctx, pagedrive.OpenApp(s.url, termAddr)); err != nil {
		t.Fatalf("open %s: %v\n%s", s.url, err, screenText(ctx))
	}
	drive(t, ctx,
		clickSel("#nav-settings"),
		fill("billing-origins", b.origin+"/\n"),
		clickSel("#save-origins"),
		waitText("#billing-notice", "Saved: 1 origin allowed."),
	)
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("billing-origins"))); got != b.origin {
		t.Errorf("the saved origins read %q, want %q", got, b.origin)
	}
}

// payReady opens a hand-off and waits until its Charge can be tapped,
// checking the bill it shows; nothing is charged by opening it.
func payReady(t *testing.T, ctx context.Context, s *stack, link, amount, invoice string) {
	t.Helper()
	before := len(s.ledger(t))
	drive(t, ctx,
		// After a hand-off, the page is on its way back to the billing
		// page: a navigation started before that load ends is aborted.
		pollAcross(`document.readyState === "complete" && location.pathname !== "/pay"`),
		chromedp.Navigate(link),
		chromedp.WaitEnabled(chromedp.ID("pay-charge")),
		waitContains("#pay-amount", amount),
		waitText("#pay-invoice", invoice),
		afterPaint(),
	)
	if n := len(s.ledger(t)); n != before {
		t.Fatalf("opening the hand-off charged: the terminal has %d transactions, had %d", n, before)
	}
}

// openAnswered opens a hand-off that goes back to the billing page by
// itself, maybe before its own load ends: chromedp.Navigate, which waits
// for that load, would fail as the page goes.
func openAnswered(t *testing.T, ctx context.Context, link string) {
	t.Helper()
	res, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: link})
	if err == nil && res.ErrorText != "" {
		err = errors.New(res.ErrorText)
	}
	if err != nil {
		t.Fatalf("open %s: %v", link, err)
	}
}

// A hand-off is charged on the cashier's tap, once, and returns to the
// billing page with the outcome's fields; the same invoice handed off
// again returns the recorded outcome at once, and the terminal is charged
// once.
func TestBrowserPayApprovedOnce(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	b := startBilling(t)
	ctx := newBrowser(t)
	openTill(t, ctx, s, b, s.sim.WSAddr())

	link := handOffURL(s, b.origin, "12.34", "INV-1001")
	payReady(t, ctx, s, link, "₹12.34", "INV-1001")
	drive(t, ctx,
		clickSel("#pay-charge"),
		pollAcross(`location.origin === `+jsString(b.origin)+` && document.getElementById("outcome") && !document.getElementById("outcome").hidden`),
	)
	q := b.returned(t, 0)
	ledger := s.ledger(t)
	if len(ledger) != 1 {
		t.Fatalf("the terminal has %d transactions, want 1: %v", len(ledger), ledger)
	}
	e := ledger[0]
	want := map[string]any{"status": "approved", "ref": e["ref"], "invoice": "INV-1001", "amount": "12.34",
		"auth_code": e["auth_code"], "message": e["resp_msg"], "till": s.url}
	for k, w := range want {
		if q.Get(k) != w {
			t.Errorf("the return's %s is %q, want %q (%v)", k, q.Get(k), w, q)
		}
	}
	if card := q.Get("card"); len(card) < 8 || strings.Trim(card[:len(card)-4], "*Xx") != "" {
		t.Errorf("the return's card is %q, want it masked", card)
	}
	// The billing page shows what came back.
	if got := textSel(ctx, `#outcome-fields [data-field="status"] td`); got != "approved" {
		t.Errorf("the billing page shows status %q", got)
	}

	// Again: answered from the journal, with no tap and no charge.
	openAnswered(t, ctx, link)
	again := b.returned(t, 1)
	if again.Get("status") != "approved" || again.Get("ref") != q.Get("ref") || again.Get("auth_code") != q.Get("auth_code") {
		t.Errorf("the second hand-off returned %v, want the first's outcome %v", again, q)
	}
	if n := len(s.ledger(t)); n != 1 {
		t.Errorf("the terminal has %d transactions after the second hand-off, want 1", n)
	}
}

// A declined bill returns declined with the terminal's words; handed off
// again, it may be tried again.
func TestBrowserPayDeclined(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	b := startBilling(t)
	ctx := newBrowser(t)
	openTill(t, ctx, s, b, s.sim.WSAddr())

	link := handOffURL(s, b.origin, "10.51", "INV-2002")
	payReady(t, ctx, s, link, "₹10.51", "INV-2002")
	drive(t, ctx, clickSel("#pay-charge"))
	q := b.returned(t, 0)
	if q.Get("status") != "declined" || !strings.Contains(q.Get("message"), "INSUFFICIENT") || q.Get("invoice") != "INV-2002" {
		t.Errorf("the return reads %v, want declined with INSUFFICIENT FUNDS", q)
	}
	payReady(t, ctx, s, link, "₹10.51", "INV-2002")
	drive(t, ctx, clickSel("#pay-charge"))
	if q := b.returned(t, 1); q.Get("status") != "declined" {
		t.Errorf("the retry returned %v", q)
	}
	if n := len(s.ledger(t)); n != 2 {
		t.Errorf("the terminal has %d transactions, want 2 (the bill and its retry)", n)
	}
}

// 9.02: the terminal charges and the outcome is lost on the way back.
func TestBrowserPayUnknownOutcome(t *testing.T) {
	// The Pay screen waits for recovery, which finds it approved, and
	// returns that.
	t.Run("waits for recovery", func(t *testing.T) {
		s := startStack(t)
		s.sim.SetDelay(0)
		b := startBilling(t)
		ctx := newBrowser(t)
		openTill(t, ctx, s, b, s.sim.WSAddr())
		payReady(t, ctx, s, handOffURL(s, b.origin, "9.02", "INV-902"), "₹9.02", "INV-902")
		drive(t, ctx, clickSel("#pay-charge"))
		q := b.returned(t, 0)
		if n, state := s.ledgerFor(t, q.Get("ref")); q.Get("status") != "approved" || n != 1 || state != "approved" {
			t.Errorf("returned %v; the terminal has it %d times, %s", q, n, state)
		}
	})
	// The terminal cannot be asked (its link is cut as it drops the
	// outcome): the cashier goes back without waiting, and the billing
	// software gets unknown. Handed off again once the terminal is back,
	// the bill gets approved, and is not charged again.
	t.Run("returns unknown, then approved", func(t *testing.T) {
		s := startStack(t)
		s.sim.SetDelay(0)
		b := startBilling(t)
		link := startCutter(t, s.sim.WSAddr())
		ctx := newBrowser(t)
		openTill(t, ctx, s, b, link.addr())
		handOff := handOffURL(s, b.origin, "9.02", "INV-903")
		payReady(t, ctx, s, handOff, "₹9.02", "INV-903")
		link.cutOnDrop()
		drive(t, ctx,
			clickSel("#pay-charge"),
			waitContains("#pay-resolving", "Outcome unknown"),
			clickSel("#pay-return-unknown"),
		)
		q := b.returned(t, 0)
		ref := q.Get("ref")
		if q.Get("status") != "unknown" || ref == "" || q.Get("invoice") != "INV-903" {
			t.Fatalf("returned %v, want unknown with the reference", q)
		}
		link.restore()
		openAnswered(t, ctx, handOff)
		again := b.returned(t, 1)
		if again.Get("status") != "approved" || again.Get("ref") != ref {
			t.Errorf("the later hand-off returned %v, want %s approved", again, ref)
		}
		if n := len(s.ledger(t)); n != 1 {
			t.Errorf("the terminal has %d transactions, want 1", n)
		}
	})
}

// A return to an origin the shop has not allowed, or a bad parameter, is
// a plain refusal naming the parameter: no Charge, nothing charged,
// nothing sent back.
func TestBrowserPayRefused(t *testing.T) {
	s := startStack(t)
	b := startBilling(t)
	ctx := newBrowser(t)
	openTill(t, ctx, s, b, s.sim.WSAddr())
	for _, tt := range []struct{ name, link, param string }{
		{"an origin not allowed", handOffURL(s, b.other, "12.34", "INV-1"), "return"},
		{"a bad amount", handOffURL(s, b.origin, "12,34", "INV-1"), "amount"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			drive(t, ctx,
				chromedp.Navigate(tt.link),
				waitText("#pay-title", "Payment refused"),
				waitContains("#pay-problem", "The parameter "+tt.param+" "),
				waitContains("#pay-problem", "Nothing was charged."),
				afterPaint(),
			)
			if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#pay-charge, #charge").length`)); n != 0 {
				t.Error("the refusal offers Charge")
			}
		})
	}
	if n := len(s.ledger(t)); n != 0 {
		t.Errorf("the terminal has %d transactions, want none", n)
	}
	if n := b.count(); n != 0 {
		t.Errorf("the billing page got %d returns, want none", n)
	}
}

// Opened with window.open, lanepay sends the outcome to the billing
// page with postMessage, to the return's origin.
func TestBrowserPayPostMessage(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	b := startBilling(t)
	ctx := newBrowser(t)
	openTill(t, ctx, s, b, s.sim.WSAddr())
	drive(t, ctx,
		chromedp.Navigate(b.origin+"/billing.html?till="+url.QueryEscape(s.url)),
		fill("amount", "4.56"),
		fill("invoice", "INV-4004"),
	)
	opened := chromedp.WaitNewTarget(ctx, func(info *target.Info) bool { return strings.HasPrefix(info.URL, s.url+"/pay?") })
	// A click of the pointer: the browser opens a window for a user's
	// gesture only.
	drive(t, ctx, chromedp.Click(chromedp.ID("pay-window")))
	var id target.ID
	select {
	case id = <-opened:
	case <-ctx.Done():
		t.Fatal("the billing page opened no lanepay window")
	}
	popup, cancel := chromedp.NewContext(ctx, chromedp.WithTargetID(id))
	defer cancel()
	drive(t, popup,
		chromedp.WaitEnabled(chromedp.ID("pay-charge")),
		waitText("#pay-invoice", "INV-4004"),
		clickSel("#pay-charge"),
	)
	drive(t, ctx, waitText("#outcome-how", "Received by postMessage."))
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll("#outcome-fields tr")].map(r => [r.dataset.field, r.cells[1].textContent]))`))
	if err != nil {
		t.Fatal(err)
	}
	ledger := s.ledger(t)
	if len(ledger) != 1 {
		t.Fatalf("the terminal has %d transactions, want 1", len(ledger))
	}
	want := map[string]any{"status": "approved", "ref": ledger[0]["ref"], "invoice": "INV-4004", "amount": "4.56", "auth_code": ledger[0]["auth_code"]}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("the message's %s is %q, want %q (%v)", k, got[k], w, got)
		}
	}
	if got["card"] == "" || got["message"] == "" {
		t.Errorf("the message lacks the card or the terminal's words: %v", got)
	}
}

// cutter stands between the page and the terminal, passing TCP through,
// and can cut the link: a terminal the till cannot reach.
type cutter struct {
	ln     net.Listener
	target string

	mu     sync.Mutex
	cut    bool // new connections are closed at once
	onDrop bool // the terminal closing a connection cuts the link
	conns  []net.Conn
}

func startCutter(t *testing.T, target string) *cutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := &cutter{ln: ln, target: target}
	go c.serve()
	t.Cleanup(func() {
		ln.Close()
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, conn := range c.conns {
			conn.Close()
		}
	})
	return c
}

func (c *cutter) addr() string { return c.ln.Addr().String() }

// cutOnDrop has the next connection the terminal closes cut the link.
func (c *cutter) cutOnDrop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.onDrop = true
}

// restore lets connections through again.
func (c *cutter) restore() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cut, c.onDrop = false, false
}

func (c *cutter) serve() {
	for {
		down, err := c.ln.Accept()
		if err != nil {
			return
		}
		c.mu.Lock()
		cut := c.cut
		c.mu.Unlock()
		if cut {
			down.Close()
			continue
		}
		up, err := net.Dial("tcp", c.target)
		if err != nil {
			down.Close()
			continue
		}
		c.mu.Lock()
		c.conns = append(c.conns, down, up)
		c.mu.Unlock()
		go func() {
			// The terminal closed it: cut, if armed, before the page
			// hears of it.
			io.Copy(down, up)
			c.mu.Lock()
			if c.onDrop {
				c.cut = true
			}
			c.mu.Unlock()
			down.Close()
		}()
		go func() {
			io.Copy(up, down)
			up.Close()
		}()
	}
}

// The Pay screen in each state a cashier meets, and the Settings field
// that allows billing software, audited by axe-core (a11y_test.go).
func TestBrowserPayAccessibility(t *testing.T) {
	script := axeScript(t)
	s := startStack(t)
	s.sim.SetDelay(0)
	b := startBilling(t)
	link := startCutter(t, s.sim.WSAddr())
	ctx := newBrowser(t)
	openTill(t, ctx, s, b, link.addr())
	for _, tc := range []struct {
		name string
		to   func(t *testing.T)
	}{
		{"settings, origins refused", func(t *testing.T) {
			drive(t, ctx, fill("billing-origins", "billing.example"), clickSel("#save-origins"),
				poll(`!!document.querySelector("#billing-errors li")`))
		}},
		{"pay, ready", func(t *testing.T) {
			payReady(t, ctx, s, handOffURL(s, b.origin, "9.02", "INV-A11Y"), "₹9.02", "INV-A11Y")
		}},
		{"pay, outcome unknown", func(t *testing.T) {
			link.cutOnDrop()
			drive(t, ctx, clickSel("#pay-charge"), waitContains("#pay-resolving", "Outcome unknown"))
		}},
		{"pay, charging", func(t *testing.T) {
			link.restore()
			s.sim.SetDelay(5 * time.Second)
			payReady(t, ctx, s, handOffURL(s, b.origin, "7.00", "INV-A11Y-2"), "₹7.00", "INV-A11Y-2")
			drive(t, ctx, clickSel("#pay-charge"), waitContains("#pay-status", "Waiting for the terminal"))
		}},
		{"pay, refused", func(t *testing.T) {
			drive(t, ctx, chromedp.Navigate(handOffURL(s, b.other, "7.00", "INV-A11Y-3")), waitText("#pay-title", "Payment refused"))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.to(t)
			vs, err := audit(ctx, script)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("%s", v)
			}
		})
	}
}
