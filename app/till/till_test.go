package till_test

import (
	"context"
	"errors"
	"net"
	"strings"
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

func TestRunThroughFaults(t *testing.T) {
	sim := tilltest.Sim(t, "")
	tests := []struct {
		name        string
		minor       int64
		timeout     int
		stopAfter   time.Duration
		wantRun     pos.State // what Run reports
		wantFinal   pos.State // after recovery
		wantCharged int       // ledger entries, approved
		wantKinds   []string  // frame kinds journalled
	}{
		{name: "approved", minor: 1234, wantRun: pos.StateApproved, wantFinal: pos.StateApproved, wantCharged: 1},
		{name: "declined", minor: 1051, wantRun: pos.StateDeclined, wantFinal: pos.StateDeclined},
		{name: "9.01 silent, timeout, inquiry says not found", minor: 901, timeout: 1, wantRun: pos.StateUnknown, wantFinal: pos.StateNotCharged},
		{name: "9.02 charged, outcome lost, inquiry finds it", minor: 902, wantRun: pos.StateUnknown, wantFinal: pos.StateApproved, wantCharged: 1},
		{name: "9.03 dropped before processing", minor: 903, wantRun: pos.StateUnknown, wantFinal: pos.StateNotCharged},
		{name: "9.04 ack and echo logged", minor: 904, wantRun: pos.StateApproved, wantFinal: pos.StateApproved, wantCharged: 1, wantKinds: []string{"terminal message", "echo"}},
		{name: "9.05 malformed logged", minor: 905, wantRun: pos.StateApproved, wantFinal: pos.StateApproved, wantCharged: 1, wantKinds: []string{"terminal message"}},
		{name: "9.06 slow, stop waiting, inquiry in progress then approved", minor: 906, stopAfter: 300 * time.Millisecond, wantRun: pos.StateUnknown, wantFinal: pos.StateApproved, wantCharged: 1},
		{name: "9.07 over-size refused", minor: 907, wantRun: pos.StateApproved, wantFinal: pos.StateApproved, wantCharged: 1, wantKinds: []string{"refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pos.DefaultProfile()
			// The terminal keeps references, as the simulator does:
			// TestNotChargedOnlyOnProof covers a till yet to learn it.
			p.KeepsReferences = true
			if tt.timeout > 0 {
				p.TimeoutSeconds = tt.timeout
			}
			j := journal.NewMemory()
			tl := tilltest.Till(t, sim, j, p, nil)
			ctx := context.Background()
			if tt.stopAfter > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.stopAfter)
				defer cancel()
			}
			rec, err := tl.Run(ctx, sale(tt.minor))
			if err != nil {
				t.Fatal(err)
			}
			if rec.State != tt.wantRun {
				t.Fatalf("Run ended %s, want %s", rec.State, tt.wantRun)
			}
			testkit.Eventually(t, "recovery to settle "+rec.Ref, func() bool { return stateOf(t, j, rec.Ref) == tt.wantFinal })
			n, state := ledgerCount(sim, rec.Ref)
			charged := 0
			if state == "approved" {
				charged = n
			}
			if charged != tt.wantCharged {
				t.Errorf("ledger: %d approved entries (%d in all, state %q), want %d", charged, n, state, tt.wantCharged)
			}
			final, _ := j.Get(context.Background(), rec.Ref)
			var kinds []string
			for _, e := range final.Events {
				for _, f := range e.Frames {
					kinds = append(kinds, f.Kind)
				}
			}
			all := strings.Join(kinds, ",")
			if !strings.Contains(all, "request") {
				t.Errorf("the request frame is not in the journal: %v", kinds)
			}
			for _, k := range tt.wantKinds {
				if !strings.Contains(all, k) {
					t.Errorf("journal frames lack %q: %v", k, kinds)
				}
			}
			var states []pos.State
			for _, e := range final.Events {
				if e.State != "" {
					states = append(states, e.State)
				}
			}
			if len(states) < 3 || states[0] != pos.StatePending || states[1] != pos.StateSent || states[2] != tt.wantRun {
				t.Errorf("journal states %v, want pending, sent, %s, in that order", states, tt.wantRun)
			}
		})
	}
}

func TestJournalFailureStopsCharging(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	j.FailWrites(journal.ErrFull)
	_, err := tl.Run(context.Background(), sale(1000))
	if !errors.Is(err, till.ErrJournal) {
		t.Fatalf("err = %v, want ErrJournal", err)
	}
	if n := len(sim.Ledger()); n != 0 {
		t.Errorf("the terminal got %d transactions without a journal entry", n)
	}
}

func TestOneInFlight(t *testing.T) {
	sim := tilltest.Sim(t, "")
	sim.SetDelay(300 * time.Millisecond)
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	var wg sync.WaitGroup
	errs := make([]error, 5)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = tl.Run(context.Background(), sale(500))
		}()
	}
	wg.Wait()
	ok, busy := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, till.ErrBusy):
			busy++
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if ok != 1 || busy != 4 {
		t.Errorf("%d ran and %d were refused as busy, want 1 and 4", ok, busy)
	}
	if n := len(sim.Ledger()); n != 1 {
		t.Errorf("the terminal got %d transactions, want 1", n)
	}
}

func TestOtherTabLock(t *testing.T) {
	sim := tilltest.Sim(t, "")
	tl := tilltest.Till(t, sim, journal.NewMemory(), nil, func(c *till.Config) {
		c.Lock = func(context.Context) (func(), error) { return nil, till.ErrOtherTab }
	})
	if _, err := tl.Run(context.Background(), sale(100)); !errors.Is(err, till.ErrOtherTab) {
		t.Fatalf("err = %v, want ErrOtherTab", err)
	}
	if n := len(sim.Ledger()); n != 0 {
		t.Errorf("the terminal got %d transactions while another tab held the lock", n)
	}
}

// TestRecoveryAfterReload: a page crashed after the journal entry (and
// perhaps the send); a new till on the same journal settles both.
func TestRecoveryAfterReload(t *testing.T) {
	sim := tilltest.Sim(t, "")
	p := pos.DefaultProfile()
	p.KeepsReferences = true
	j := journal.NewMemory()
	ctx := context.Background()
	// One sent before the crash, one never sent.
	sent, err := p.BuildRequest("1", pos.RequestParams{Amount: 777, Ref: "CRASHSENT0000001"})
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{"CRASHSENT0000001", "CRASHNOTSENT0001"} {
		if err := j.Begin(ctx, journal.Record{Ref: ref, TypeCode: "1", Role: "sale", Amount: 777, RefSent: true}); err != nil {
			t.Fatal(err)
		}
	}
	c, err := terminal.Connect(ctx, "ws://"+sim.WSAddr()+"/", p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(ctx, sent); err != nil {
		t.Fatal(err)
	}
	c.Close()

	tilltest.Till(t, sim, j, p, nil)
	testkit.Eventually(t, "both settled", func() bool {
		return stateOf(t, j, "CRASHSENT0000001") == pos.StateApproved && stateOf(t, j, "CRASHNOTSENT0001") == pos.StateNotCharged
	})
	if n, _ := ledgerCount(sim, "CRASHSENT0000001"); n != 1 {
		t.Errorf("the sent sale is in the ledger %d times, want once", n)
	}
}

func TestResolveByHandWithoutInquiry(t *testing.T) {
	sim := tilltest.Sim(t, "")
	p := tilltest.ProfileWithout(pos.RoleInquiry)
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, p, nil)
	rec, err := tl.Run(context.Background(), sale(902))
	if err != nil || rec.State != pos.StateUnknown {
		t.Fatalf("Run: %v %v, want unknown", rec.State, err)
	}
	if tl.CanInquire() {
		t.Fatal("CanInquire with no inquiry type")
	}
	if _, err := tl.Recover(context.Background()); !errors.Is(err, till.ErrNoInquiry) {
		t.Fatalf("Recover: %v, want ErrNoInquiry", err)
	}
	got, err := tl.ResolveByHand(context.Background(), rec.Ref, true, "slip says approved, auth 123456")
	if err != nil {
		t.Fatal(err)
	}
	if got.State != pos.StateApproved || got.Events[len(got.Events)-1].By != "cashier" {
		t.Errorf("by hand: %s by %s", got.State, got.Events[len(got.Events)-1].By)
	}
	if _, err := tl.ResolveByHand(context.Background(), rec.Ref, false, "again"); err == nil {
		t.Error("resolving a settled transaction again succeeded")
	}
}

func TestVoidMarksTheSale(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	s, err := tl.Run(context.Background(), sale(2500))
	if err != nil || s.State != pos.StateApproved {
		t.Fatalf("sale: %v %v", s.State, err)
	}
	v, err := tl.Run(context.Background(), till.Order{TypeCode: "2", OrigRef: s.Ref})
	if err != nil || v.State != pos.StateApproved {
		t.Fatalf("void: %v %v", v.State, err)
	}
	if got := stateOf(t, j, s.Ref); got != pos.StateVoided {
		t.Errorf("sale is %s after its void, want voided", got)
	}
}

// TestRecoveryLeavesTheGuardToTheCashier: a recovery pass that read the
// charge in flight as unresolved, a moment before its outcome, does not
// take the one-in-flight guard as that charge lets go of it: the
// cashier's next charge runs at once instead of finding the till busy.
// A transaction interrupted earlier, read in the same pass, is still
// settled once the guard is free.
func TestRecoveryLeavesTheGuardToTheCashier(t *testing.T) {
	sim := tilltest.Sim(t, "")
	sim.SetDelay(300 * time.Millisecond)
	j := journal.NewMemory()
	p := pos.DefaultProfile()
	p.KeepsReferences = true
	tl := tilltest.Till(t, sim, j, p, nil)
	testkit.Eventually(t, "ready", func() bool { return tl.Status().Link == till.Ready })
	type result struct {
		rec journal.Record
		err error
	}
	done := make(chan result, 1)
	go func() {
		rec, err := tl.Run(context.Background(), sale(2500))
		done <- result{rec, err}
	}()
	testkit.Eventually(t, "the sale in flight", func() bool { return tl.Status().InFlight != nil })
	// As a page closed mid-transaction leaves it (never sent).
	const interrupted = "INTERRUPTED00001"
	if err := j.Begin(context.Background(), journal.Record{Ref: interrupted, TypeCode: "1", Role: "sale", Amount: 777, RefSent: true}); err != nil {
		t.Fatal(err)
	}
	tl.TriggerRecovery()
	// Recovering is set once the unresolved transactions are read: the
	// sale among them.
	testkit.Eventually(t, "recovery under way", func() bool { return tl.Status().Recovering })
	s := <-done
	if s.err != nil || s.rec.State != pos.StateApproved {
		t.Fatalf("sale: %v %v", s.rec.State, s.err)
	}
	sim.SetDelay(0)
	v, err := tl.Run(context.Background(), till.Order{TypeCode: "2", OrigRef: s.rec.Ref})
	if err != nil || v.State != pos.StateApproved {
		t.Fatalf("the charge after the sale: %v %v", v.State, err)
	}
	testkit.Eventually(t, "the interrupted transaction settled", func() bool { return stateOf(t, j, interrupted) == pos.StateNotCharged })
	if got := stateOf(t, j, s.rec.Ref); got != pos.StateVoided {
		t.Errorf("sale is %s after its void, want voided", got)
	}
}

func TestReconnects(t *testing.T) {
	// Reserve a loopback port so the simulator can come back on it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	sim := tilltest.Sim(t, addr)
	// A dial can be held at its start, to see the status while it runs.
	var held atomic.Pointer[chan struct{}]
	tl := tilltest.Till(t, sim, journal.NewMemory(), nil, func(c *till.Config) {
		connect := c.Dial
		c.Dial = func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			if h := held.Load(); h != nil {
				select {
				case <-*h:
				case <-ctx.Done():
				}
			}
			return connect(ctx, opts)
		}
	})
	sim.Close()
	testkit.Eventually(t, "disconnected with a reason and a retry planned", func() bool {
		s := tl.Status()
		return s.Link == till.Disconnected && s.Attempt >= 1 && s.Reason != ""
	})
	reason := tl.Status().Reason

	release := make(chan struct{})
	held.Store(&release)
	tl.ReconnectNow()
	testkit.Eventually(t, "the retry under way", func() bool { return tl.Status().Link == till.Connecting })
	if s := tl.Status(); s.Attempt < 1 || s.Reason != reason {
		t.Errorf("while retrying: attempt %d, reason %q; want the attempt and the last failure's reason %q", s.Attempt, s.Reason, reason)
	}
	held.Store(nil)
	tilltest.Sim(t, addr) // the terminal back on the same address
	close(release)
	testkit.Eventually(t, "ready again", func() bool { return tl.Status().Link == till.Ready })
	if s := tl.Status(); s.Reason != "" {
		t.Errorf("Ready with the reason %q still set", s.Reason)
	}
	if rec, err := tl.Run(context.Background(), sale(100)); err != nil || rec.State != pos.StateApproved {
		t.Fatalf("after reconnect: %v %v", rec.State, err)
	}
}

func TestRunRawIsJournalled(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	tl := tilltest.Till(t, sim, j, nil, nil)
	tests := []struct {
		name    string
		payload string
		want    pos.State
		wantErr bool
		// lanepay's reference was added, as on every financial request
		stamped bool
	}{
		{name: "sale typed by hand", payload: `{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"4200","REF_NO":"CONSOLE000000001"}`, want: pos.StateApproved},
		{name: "declined", payload: ` {"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"1051"} `, want: pos.StateDeclined, stamped: true},
		{name: "a number amount stays a number", payload: `{"TRAN_CODE":"1","AMOUNT":1200}`, want: pos.StateApproved, stamped: true},
		{name: "an unknown code with an amount", payload: `{"TRAN_CODE":"42","AMOUNT":"100"}`, want: pos.StateDeclined, stamped: true},
		{name: "settlement is sent as typed", payload: `{"TRAN_CODE":"6"}`, want: pos.StateApproved},
		{name: "not JSON", payload: `hello`, wantErr: true},
		{name: "two objects", payload: `{"A":"1"}{"B":"2"}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, err := tl.RunRaw(context.Background(), []byte(tt.payload))
			if tt.wantErr {
				if err == nil {
					t.Fatalf("RunRaw(%s) succeeded", tt.payload)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.State != tt.want || rec.Role != till.RoleConsole {
				t.Errorf("state %s role %s, want %s console", rec.State, rec.Role, tt.want)
			}
			got, err := j.Get(context.Background(), rec.Ref)
			if err != nil || got.Events[0].State != pos.StatePending {
				t.Errorf("not journalled before sending: %v %v", got.Events, err)
			}
			sent := sentRequest(got)
			if tt.stamped != (tt.payload != sent) || tt.stamped && !strings.Contains(sent, `"REF_NO":"`+rec.Ref+`"`) {
				t.Errorf("sent %s for %s (stamped: %v)", sent, tt.payload, tt.stamped)
			}
			if got.RefSent != strings.Contains(sent, rec.Ref) {
				t.Errorf("RefSent = %v for %s", got.RefSent, sent)
			}
		})
	}
	if n, _ := ledgerCount(sim, "CONSOLE000000001"); n != 1 {
		t.Errorf("console sale reached the terminal %d times, want 1", n)
	}
}

// Without a terminal, a charge and a console payload are refused, journal
// nothing, and leave the one-in-flight guard free: asking again gives the
// same answer, not "busy".
func TestNotConnectedKeepsNothing(t *testing.T) {
	j := journal.NewMemory()
	tl := till.New(till.Config{Journal: j, Profile: pos.DefaultProfile(), Logf: quietf,
		Dial: func(context.Context, *terminal.Options) (*terminal.Client, error) {
			return nil, errors.New("no terminal here")
		}})
	for i := range 2 {
		if _, err := tl.Run(context.Background(), sale(1234)); !errors.Is(err, till.ErrNotConnected) {
			t.Fatalf("charge %d: %v, want ErrNotConnected", i+1, err)
		}
		if _, err := tl.RunRaw(context.Background(), []byte(`{"TRAN_CODE":"1","AMOUNT":"100"}`)); !errors.Is(err, till.ErrNotConnected) {
			t.Fatalf("console payload %d: %v, want ErrNotConnected", i+1, err)
		}
	}
	if recs, err := j.List(context.Background(), journal.Filter{}); err != nil || len(recs) != 0 {
		t.Errorf("journal: %d records, %v; want none", len(recs), err)
	}
}

// sentFailsOnce is a journal whose first write of a send fails, as a full
// or busy store might.
type sentFailsOnce struct {
	journal.Store
	mu     sync.Mutex
	failed bool
}

func (s *sentFailsOnce) Append(ctx context.Context, ref string, e journal.Event) (journal.Record, error) {
	s.mu.Lock()
	fail := e.State == pos.StateSent && !s.failed
	s.failed = s.failed || fail
	s.mu.Unlock()
	if fail {
		return journal.Record{}, errors.New("the store is busy")
	}
	return s.Store.Append(ctx, ref, e)
}

// A failed write of the send, done while the terminal works, is tried
// again before the outcome, which can only follow it: the outcome is
// journalled, not lost to a refused transition.
func TestSentWriteRetriedBeforeOutcome(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := &sentFailsOnce{Store: journal.NewMemory()}
	tl := tilltest.Till(t, sim, j, pos.DefaultProfile(), nil)
	rec, err := tl.Run(context.Background(), sale(1234))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if !j.failed {
		t.Fatal("the send's write never failed: the test tested nothing")
	}
	if rec.State != pos.StateApproved || stateOf(t, j, rec.Ref) != pos.StateApproved {
		t.Errorf("Run gave %s, the journal has %s; want approved in both", rec.State, stateOf(t, j, rec.Ref))
	}
}

// sentRequest is the request frame journalled for r, as it went out.
func sentRequest(r journal.Record) string {
	for _, e := range r.Events {
		for _, f := range e.Frames {
			if f.Dir == journal.DirOut {
				return f.Raw
			}
		}
	}
	return ""
}

// Recovery that finds the terminal held by another tab asks again later:
// an outcome left unknown by a reload mid-charge is settled once the
// old page's hold is gone, not at the next connection.
func TestRecoveryWaitsForTheOtherTab(t *testing.T) {
	sim := tilltest.Sim(t, "")
	j := journal.NewMemory()
	ctx := context.Background()
	if err := j.Begin(ctx, journal.Record{Ref: "HELDBYOTHERTAB01", TypeCode: "1", Role: "sale", Amount: 500, RefSent: true}); err != nil {
		t.Fatal(err)
	}
	var refusals atomic.Int32
	tilltest.Till(t, sim, j, nil, func(c *till.Config) {
		c.Lock = func(context.Context) (func(), error) {
			if refusals.Add(1) <= 3 {
				return nil, till.ErrOtherTab
			}
			return func() {}, nil
		}
	})
	testkit.Eventually(t, "recovery to settle it once the other tab let go", func() bool {
		return stateOf(t, j, "HELDBYOTHERTAB01") != pos.StatePending
	})
	if n := refusals.Load(); n < 4 {
		t.Errorf("settled after %d tries, want after the other tab's 3 refusals", n)
	}
}
