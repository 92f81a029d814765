package cashier

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/handoff"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

const billing = "https://billing.example"

// payCore is a core on sim, Ready, that allows the billing origin.
func payCore(t *testing.T, sim *terminalsim.Simulator, j journal.Store) *Core {
	t.Helper()
	c := newCore(t, sim, nil, j, nil)
	set, err := WithOrigins(c.Settings(), billing+"\n")
	if err == nil {
		err = c.ApplySettings(set)
	}
	if err != nil {
		t.Fatal(err)
	}
	if sim != nil {
		testkit.Eventually(t, "Ready", func() bool { return c.Till().Status().Link == till.Ready })
	}
	return c
}

// handOff starts a hand-off of amount for invoice, with more parameters
// (split) if given, and closes it with the test.
func handOff(t *testing.T, c *Core, amount, invoice string, more ...string) *Pay {
	t.Helper()
	q := url.Values{"amount": {amount}, "invoice": {invoice}, "return": {billing + "/paid?session=7"}}
	for i := 0; i+1 < len(more); i += 2 {
		q.Set(more[i], more[i+1])
	}
	p := c.StartPay(q)
	t.Cleanup(p.Close)
	return p
}

// waitStage waits until p is at stage, and returns its view.
func waitStage(t *testing.T, p *Pay, stage PayStage) PayView {
	t.Helper()
	testkit.Eventually(t, "the hand-off's stage", func() bool { return p.View().Stage == stage })
	return p.View()
}

// waitEnded waits until p has ended (done or refused), and returns its
// view.
func waitEnded(t *testing.T, p *Pay) PayView {
	t.Helper()
	testkit.Eventually(t, "the hand-off's end", func() bool {
		s := p.View().Stage
		return s == PayDone || s == PayRefused
	})
	return p.View()
}

// charges counts the terminal's financial transactions.
func charges(sim *terminalsim.Simulator) int { return len(sim.Ledger()) }

// returned reads the outcome's parameters from the return address.
func returned(t *testing.T, v PayView) url.Values {
	t.Helper()
	u, err := url.Parse(v.ReturnURL)
	if err != nil || u.Host != "billing.example" || u.Path != "/paid" {
		t.Fatalf("returns to %q (%v)", v.ReturnURL, err)
	}
	return u.Query()
}

// A refused hand-off names the parameter, charges nothing and reads
// nothing: a return origin the shop has not allowed, a bad amount,
// another currency, an odd invoice.
func TestPayRefusesParameters(t *testing.T) {
	c := payCore(t, nil, journal.NewMemory())
	tests := []struct {
		name  string
		q     url.Values
		param string
	}{
		{"an origin not allowed", url.Values{"amount": {"10"}, "invoice": {"7"}, "return": {"https://evil.example/paid"}}, "return"},
		{"allowed, but on another port", url.Values{"amount": {"10"}, "invoice": {"7"}, "return": {"https://billing.example:8443/paid"}}, "return"},
		{"a bad amount", url.Values{"amount": {"1,00"}, "invoice": {"7"}, "return": {billing}}, "amount"},
		{"another currency", url.Values{"amount": {"10"}, "currency": {"USD"}, "invoice": {"7"}, "return": {billing}}, "currency"},
		{"an odd invoice", url.Values{"amount": {"10"}, "invoice": {"<b>7"}, "return": {billing}}, "invoice"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := c.StartPay(tt.q)
			defer p.Close()
			v := p.View()
			if v.Stage != PayRefused || v.Param != tt.param {
				t.Fatalf("stage %v, parameter %q (%s), want refused for %q", v.Stage, v.Param, v.Problem, tt.param)
			}
			if !strings.Contains(v.Problem, tt.param) || !strings.HasSuffix(v.Problem, "Nothing was charged.") {
				t.Errorf("the refusal reads %q", v.Problem)
			}
			if v.ReturnURL != "" {
				t.Errorf("a refusal returns to %q", v.ReturnURL)
			}
			p.Charge()
			if p.View().Stage != PayRefused {
				t.Error("a tap charged a refused hand-off")
			}
		})
	}
	// No origin is allowed until the shop adds one.
	fresh := newCore(t, nil, nil, journal.NewMemory(), nil)
	p := fresh.StartPay(url.Values{"amount": {"10"}, "invoice": {"7"}, "return": {billing}})
	defer p.Close()
	if v := p.View(); v.Stage != PayRefused || v.Param != "return" {
		t.Errorf("with no origin allowed: stage %v on %q", v.Stage, v.Param)
	}
}

// A hand-off waits for the cashier's tap, charges once, and returns the
// outcome with its fields; the same invoice handed off again gets the
// recorded outcome at once, and nothing is charged again.
func TestPayApprovedOnceByInvoice(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	c := payCore(t, sim, j)

	p := handOff(t, c, "12.34", "INV-1001")
	v := waitStage(t, p, PayReady)
	if v.Request.Amount != 1234 || v.Request.Invoice != "INV-1001" {
		t.Fatalf("the hand-off reads %+v", v.Request)
	}
	if n := charges(sim); n != 0 {
		t.Fatalf("the terminal has %d transactions before the tap", n)
	}
	p.Charge()
	p.Charge() // a double tap
	v = waitEnded(t, p)
	if v.Stage != PayDone || !v.Own || v.Answered {
		t.Fatalf("after the tap: %+v", v)
	}
	q := returned(t, v)
	ledger := sim.Ledger()
	if len(ledger) != 1 {
		t.Fatalf("the terminal has %d transactions, want 1", len(ledger))
	}
	want := map[string]string{"status": "approved", "ref": ledger[0].Ref, "invoice": "INV-1001", "amount": "12.34", "session": "7"}
	for k, w := range want {
		if q.Get(k) != w {
			t.Errorf("the return's %s is %q, want %q", k, q.Get(k), w)
		}
	}
	for _, k := range []string{"auth_code", "card", "message"} {
		if q.Get(k) == "" {
			t.Errorf("the return has no %s: %s", k, v.ReturnURL)
		}
	}
	if rec, err := j.Get(context.Background(), q.Get("ref")); err != nil || rec.Invoice != "INV-1001" {
		t.Errorf("the journal's entry: invoice %q (%v)", rec.Invoice, err)
	}

	again := handOff(t, c, "12.34", "INV-1001")
	av := waitEnded(t, again)
	if av.Stage != PayDone || !av.Answered || av.Outcome != v.Outcome {
		t.Errorf("the second hand-off: %+v, want the first's outcome answered", av)
	}
	if n := charges(sim); n != 1 {
		t.Errorf("the terminal has %d transactions after the second hand-off, want 1", n)
	}

	// Another amount on the paid bill is refused without split=1, and
	// waits for a tap with it.
	if v := waitEnded(t, handOff(t, c, "5.00", "INV-1001")); v.Stage != PayRefused || !strings.Contains(v.Problem, "split=1") {
		t.Errorf("a second payment without split: %+v", v)
	}
	split := handOff(t, c, "5.00", "INV-1001", "split", "1")
	waitStage(t, split, PayReady)
	split.Charge()
	if v := waitEnded(t, split); v.Outcome.Status != handoff.StatusApproved {
		t.Errorf("the split payment: %+v", v)
	}
	if n := charges(sim); n != 2 {
		t.Errorf("the terminal has %d transactions after the split payment, want 2", n)
	}
}

// A declined bill goes back declined, and may be tried again.
func TestPayDeclinedMayRetry(t *testing.T) {
	sim := tilltest.Sim(t, "")
	c := payCore(t, sim, journal.NewMemory())
	p := handOff(t, c, "10.51", "INV-2")
	waitStage(t, p, PayReady)
	p.Charge()
	v := waitEnded(t, p)
	if q := returned(t, v); q.Get("status") != "declined" || !strings.Contains(q.Get("message"), "INSUFFICIENT") {
		t.Errorf("the return reads %v", q)
	}
	again := handOff(t, c, "10.51", "INV-2")
	waitStage(t, again, PayReady)
}

// Two hand-offs of one bill open at once (two windows): the tap on the
// second reads the journal again, finds the first's charge and answers
// with it.
func TestPayTapRereadsTheInvoice(t *testing.T) {
	sim := tilltest.Sim(t, "")
	c := payCore(t, sim, journal.NewMemory())
	first, second := handOff(t, c, "3.00", "INV-3"), handOff(t, c, "3.00", "INV-3")
	waitStage(t, first, PayReady)
	waitStage(t, second, PayReady)
	first.Charge()
	waitEnded(t, first)
	second.Charge()
	v := waitEnded(t, second)
	if v.Stage != PayDone || !v.Answered || v.Outcome.Status != handoff.StatusApproved {
		t.Errorf("the second tap: %+v", v)
	}
	if n := charges(sim); n != 1 {
		t.Errorf("the terminal has %d transactions, want 1", n)
	}
}

// 9.02: the terminal charges and the outcome is lost. The hand-off
// waits for recovery and returns approved; or it returns unknown when
// the cashier stops waiting, and a later hand-off of the bill gets
// approved, without a second charge.
func TestPayUnknownOutcome(t *testing.T) {
	t.Run("waits for recovery", func(t *testing.T) {
		sim := tilltest.Sim(t, "")
		c := payCore(t, sim, journal.NewMemory())
		p := handOff(t, c, "9.02", "INV-902")
		waitStage(t, p, PayReady)
		p.Charge()
		v := waitEnded(t, p)
		if v.Outcome.Status != handoff.StatusApproved || !v.Own {
			t.Errorf("after recovery: %+v", v)
		}
		if n := charges(sim); n != 1 {
			t.Errorf("the terminal has %d transactions, want 1", n)
		}
	})
	t.Run("returns unknown, then approved", func(t *testing.T) {
		sim := tilltest.Sim(t, "")
		j := &heldSettles{Store: journal.NewMemory(), release: make(chan struct{})}
		c := payCore(t, sim, j)
		p := handOff(t, c, "9.02", "INV-903")
		waitStage(t, p, PayReady)
		p.Charge()
		v := waitStage(t, p, PayResolving)
		if !v.Own || v.Record.Ref == "" {
			t.Fatalf("resolving: %+v", v)
		}
		p.ReturnUnknown()
		v = p.View()
		if v.Stage != PayDone || v.Outcome.Status != handoff.StatusUnknown || v.Outcome.Ref == "" || v.Answered {
			t.Fatalf("returned without waiting: %+v", v)
		}
		again := handOff(t, c, "9.02", "INV-903")
		if av := waitStage(t, again, PayResolving); av.Own || av.Record.Ref != v.Outcome.Ref {
			t.Fatalf("the later hand-off while recovery asks: %+v", av)
		}
		close(j.release)
		av := waitEnded(t, again)
		if av.Outcome.Status != handoff.StatusApproved || av.Outcome.Ref != v.Outcome.Ref || !av.Answered {
			t.Errorf("the later hand-off: %+v, want %s approved", av, v.Outcome.Ref)
		}
		if n := charges(sim); n != 1 {
			t.Errorf("the terminal has %d transactions, want 1", n)
		}
	})
}

// heldSettles holds recovery's verdicts until release is closed: an
// outcome that stays unknown while the terminal cannot be asked.
type heldSettles struct {
	journal.Store
	release chan struct{}
}

func (h *heldSettles) Append(ctx context.Context, ref string, e journal.Event) (journal.Record, error) {
	if e.By == "inquiry" && e.State != "" {
		select {
		case <-h.release:
		case <-ctx.Done():
			return journal.Record{}, ctx.Err()
		}
	}
	return h.Store.Append(ctx, ref, e)
}

func TestWithOrigins(t *testing.T) {
	s, err := WithOrigins(DefaultSettings(""), "https://Billing.example/\n\n http://192.168.1.20:8080 \nhttps://billing.example:443")
	if err != nil {
		t.Fatal(err)
	}
	if want := (handoff.Origins{"https://billing.example", "http://192.168.1.20:8080"}); !equalOrigins(s.BillingOrigins, want) {
		t.Errorf("origins %v, want %v", s.BillingOrigins, want)
	}
	if err := s.Validate(); err != nil {
		t.Error(err)
	}
	if _, err := WithOrigins(s, "https://billing.example/paid"); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a path: %v", err)
	}
	// Stored by hand, not as an origin: the settings are refused whole.
	s.BillingOrigins = handoff.Origins{"https://Billing.example/x"}
	if err := s.Validate(); err == nil {
		t.Error("a stored origin with a path validates")
	}
}

func equalOrigins(a, b handoff.Origins) bool { return a.String() == b.String() }
