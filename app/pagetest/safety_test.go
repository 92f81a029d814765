//go:build !js

package pagetest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// These tests hold the app to its promises in a real browser against the
// real simulator: never charge twice, never lose an outcome.

// journalRecord reads one transaction from the page's IndexedDB journal.
func journalRecord(ctx context.Context, ref string) (map[string]any, error) {
	js := `new Promise((res, rej) => {
		const r = indexedDB.open("lanepay");
		r.onerror = () => rej(r.error);
		r.onsuccess = () => {
			const db = r.result;
			const g = db.transaction("transactions").objectStore("transactions").get(` + jsString(ref) + `);
			g.onsuccess = () => { db.close(); res(g.result ? g.result.json : ""); };
			g.onerror = () => rej(g.error);
		};
	})`
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil || raw == "" {
		return nil, err
	}
	var rec map[string]any
	return rec, json.Unmarshal([]byte(raw), &rec)
}

// journalRefs lists every reference in the page's journal.
func journalRefs(ctx context.Context) ([]string, error) {
	js := `new Promise((res, rej) => {
		const r = indexedDB.open("lanepay");
		r.onerror = () => rej(r.error);
		r.onsuccess = () => {
			const db = r.result;
			const g = db.transaction("transactions").objectStore("transactions").getAllKeys();
			g.onsuccess = () => { db.close(); res(g.result); };
			g.onerror = () => rej(g.error);
		};
	})`
	return chromedp.Run(ctx, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
}

func frameKinds(rec map[string]any) string {
	var kinds []string
	events, _ := rec["events"].([]any)
	for _, e := range events {
		frames, _ := e.(map[string]any)["frames"].([]any)
		for _, f := range frames {
			kinds = append(kinds, f.(map[string]any)["kind"].(string))
		}
	}
	return strings.Join(kinds, ",")
}

// useSettings stores app settings pointing at the test's simulator (as the
// Settings screen would) and reloads.
func useSettings(t *testing.T, ctx context.Context, s *stack, timeout int, profile *pos.Profile) {
	t.Helper()
	host, port, _ := strings.Cut(s.sim.WSAddr(), ":")
	set, _ := json.Marshal(map[string]any{
		"terminals":       []map[string]string{{"name": "Sim", "host": host, "port": port, "conn": "ws"}},
		"timeout_seconds": timeout,
		"theme":           "system",
	})
	js := `localStorage.setItem("lanepay.settings", ` + jsString(string(set)) + `);`
	if profile != nil {
		p, _ := json.Marshal(profile)
		js += `localStorage.setItem("lanepay.profile", ` + jsString(string(p)) + `);`
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		poll("(() => { "+js+" return true; })()"),
		chromedp.Reload(),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		waitText(`#status .status-text`, "Ready"),
	); err != nil {
		t.Fatal(err)
	}
}

func TestBrowserFaultAmounts(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	useSettings(t, ctx, s, 2, nil)
	tests := []struct {
		amount    string
		first     string // verdict as the charge ends
		final     string // verdict after recovery
		charged   bool
		wantKinds []string
	}{
		{amount: "9.02", first: "Outcome unknown", final: "Approved", charged: true},
		{amount: "9.03", first: "Outcome unknown", final: "Not charged"},
		{amount: "9.01", first: "Outcome unknown", final: "Not charged"},
		{amount: "9.04", first: "Approved", final: "Approved", charged: true, wantKinds: []string{"terminal message", "echo"}},
		{amount: "9.05", first: "Approved", final: "Approved", charged: true, wantKinds: []string{"terminal message"}},
		{amount: "9.07", first: "Approved", final: "Approved", charged: true, wantKinds: []string{"refused"}},
	}
	for _, tt := range tests {
		t.Run(tt.amount, func(t *testing.T) {
			verdict, err := charge(ctx, tt.amount)
			if err != nil {
				t.Fatal(err)
			}
			// A fast recovery may already have settled it.
			if verdict != tt.first && verdict != tt.final {
				t.Fatalf("verdict %q, want %q", verdict, tt.first)
			}
			if err := chromedp.Do(ctx, waitText("#result-verdict", tt.final)); err != nil {
				t.Fatal(err)
			}
			ref, _ := textOf(ctx, "result-ref")
			n, state := s.ledgerFor(t, ref)
			switch {
			case tt.charged && (n != 1 || state != "approved"):
				t.Errorf("ledger has %s %d times (state %q), want once approved", ref, n, state)
			case !tt.charged && state == "approved":
				t.Errorf("ledger charged %s, want not charged", ref)
			}
			rec, err := journalRecord(ctx, ref)
			if err != nil || rec == nil {
				t.Fatalf("journal has no %s: %v", ref, err)
			}
			kinds := frameKinds(rec)
			for _, k := range tt.wantKinds {
				if !strings.Contains(kinds, k) {
					t.Errorf("journal frames of %s lack %q: %s", ref, k, kinds)
				}
			}
		})
	}
}

func TestBrowserReloadWhileInFlight(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(2 * time.Second)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	if err := chromedp.Do(ctx,
		fill("amount", "12.00"),
		chromedp.Click(chromedp.ID("charge")),
		chromedp.WaitVisible(chromedp.ID("in-progress")),
	); err != nil {
		t.Fatal(err)
	}
	// Reload once the request is on its way: journalled and sent.
	var refs []string
	var err error
	testkit.Until(func() bool {
		refs, err = journalRefs(ctx)
		return err != nil || len(refs) > 0
	})
	if err != nil || len(refs) != 1 {
		t.Fatalf("journal while in flight: %v %v, want one transaction", refs, err)
	}
	var rec map[string]any
	if !testkit.Until(func() bool {
		rec, err = journalRecord(ctx, refs[0])
		return err == nil && rec["state"] == "sent"
	}) {
		t.Fatalf("never recorded as sent: %v %v", rec, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
	); err != nil {
		t.Fatal(err)
	}
	refs, err = journalRefs(ctx)
	if err != nil || len(refs) != 1 {
		t.Fatalf("journal after reload: %v %v, want one transaction", refs, err)
	}
	ref := refs[0]
	if !testkit.Until(func() bool {
		rec, err = journalRecord(ctx, ref)
		return err != nil || rec["state"] == "approved"
	}) {
		t.Fatalf("after reload %s is still %v", ref, rec["state"])
	}
	if err != nil {
		t.Fatal(err)
	}
	if n, state := s.ledgerFor(t, ref); n != 1 || state != "approved" {
		t.Errorf("ledger has %s %d times (%q), want once approved", ref, n, state)
	}
	// The unknown banner goes once recovery has settled it, and what it
	// became is said where the cashier looks, until dismissed.
	if err := chromedp.Do(ctx,
		poll(`!document.getElementById("unresolved")`),
		waitContains(`.recovered-item[data-ref=`+jsString(ref)+`]`, "Sale ₹12.00 — Approved, confirmed by the terminal at"),
		clickSel(`.recovered-item[data-ref=`+jsString(ref)+`] button`),
		poll(`!document.getElementById("recovered")`),
	); err != nil {
		t.Errorf("%v\n%s", err, screenText(ctx))
	}
}

func TestBrowserDoubleTapChargesOnce(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(500 * time.Millisecond)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	// Two taps and an Enter in the same instant, as a hurried thumb does.
	if err := chromedp.Do(ctx,
		fill("amount", "5.00"),
		poll(`(() => { const b = document.getElementById("charge"); b.click(); b.click(); const f = document.querySelector(".charge-form"); if (f) f.requestSubmit(); return true; })()`),
		chromedp.WaitVisible(chromedp.ID("result-verdict")),
	); err != nil {
		t.Fatal(err)
	}
	// The next sale is the event after which anything doubled has reached
	// the terminal: the till sends one charge at a time, in order, and the
	// terminal processes one at a time, so a doubled charge would be
	// processed before it, or have it turned away as busy.
	if v, err := charge(ctx, "6.00"); err != nil || v != "Approved" {
		t.Fatalf("the next sale: %q, %v", v, err)
	}
	if n := len(s.ledger(t)) - 1; n != 1 {
		t.Errorf("the terminal processed %d transactions, want 1", n)
	}
}

// Two tabs of the till, a charge in flight in one: the other refuses to
// charge, and one request reaches the terminal. With Web Locks, as on
// this device, and without them, as over plain HTTP from another machine
// (no secure context), where the guard is a lease in IndexedDB
// (app/tabguard).
func TestBrowserTwoTabsChargeOnce(t *testing.T) {
	for _, tt := range []struct {
		name  string
		locks bool
	}{{"Web Locks", true}, {"without Web Locks", false}} {
		t.Run(tt.name, func(t *testing.T) {
			s := startStack(t)
			s.sim.SetDelay(2 * time.Second)
			tab1 := newBrowser(t)
			tab2, cancel := chromedp.NewContext(tab1)
			defer cancel()
			for _, tab := range []context.Context{tab1, tab2} {
				if !tt.locks {
					if _, err := chromedp.Call(tab, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: noWebLocks}); err != nil {
						t.Fatal(err)
					}
				}
			}
			openApp(t, tab1, s)
			if err := chromedp.Do(tab2,
				chromedp.Navigate(s.url),
				chromedp.WaitVisible(`.shell[data-mounted="true"]`),
				waitText(`#status .status-text`, "Ready"),
				fill("amount", "7.00"),
			); err != nil {
				t.Fatal(err)
			}
			for _, tab := range []context.Context{tab1, tab2} {
				if locks, _ := chromedp.Run(tab, chromedp.Evaluate[bool](`!!navigator.locks`)); locks != tt.locks {
					t.Fatalf("navigator.locks present: %v, want %v", locks, tt.locks)
				}
			}
			if err := chromedp.Do(tab1,
				fill("amount", "7.00"),
				chromedp.Click(chromedp.ID("charge")),
				chromedp.WaitVisible(chromedp.ID("in-progress")),
			); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(tab2,
				chromedp.Click(chromedp.ID("charge")),
				poll(`(document.getElementById("form-error") || {textContent: ""}).textContent.includes("nother lanepay tab")`),
			); err != nil {
				screen, _ := chromedp.Run(tab2, chromedp.Evaluate[string](`document.getElementById("screen").innerText`))
				t.Fatalf("%v; the second tab reads:\n%s", err, screen)
			}
			if err := chromedp.Do(tab1, waitText("#result-verdict", "Approved")); err != nil {
				t.Fatal(err)
			}
			if n := len(s.ledger(t)); n != 1 {
				t.Errorf("the terminal processed %d transactions, want 1", n)
			}
			// Once the first tab's charge is over, the second may charge.
			// Reloaded first: it read the first tab's charge in the
			// journal while it was pending, and a tab does not follow
			// the other's journal entries as they change.
			drive(t, tab2, chromedp.Reload(), chromedp.WaitVisible(`.shell[data-mounted="true"]`), waitText(`#status .status-text`, "Ready"))
			if v, err := charge(tab2, "7.00"); err != nil || v != "Approved" {
				t.Errorf("the second tab, once the first is done: %q, %v", v, err)
			}
		})
	}
}

// noWebLocks takes navigator.locks away, as a page that is not a secure
// context lacks it.
const noWebLocks = `Object.defineProperty(Navigator.prototype, "locks", {get() { return undefined; }, configurable: true});`

// unknownThenCharge leaves a sale's outcome unknown on a terminal that
// cannot be asked (no status inquiry in its profile: 9.02 charges, then
// drops the connection), then taps Charge for the next sale, which asks
// first. It returns the unknown sale's reference.
func unknownThenCharge(t *testing.T, ctx context.Context, s *stack) string {
	t.Helper()
	useSettings(t, ctx, s, 0, tilltest.ProfileWithout(pos.RoleInquiry))
	if verdict, err := charge(ctx, "9.02"); err != nil || verdict != "Outcome unknown" {
		t.Fatalf("9.02: %q %v, want Outcome unknown", verdict, err)
	}
	ref, _ := textOf(ctx, "result-ref")
	drive(t, ctx,
		poll(`(() => { const b = document.getElementById("new-sale"); if (b) b.click(); return !!document.getElementById("charge"); })()`),
		waitText(`#status .status-text`, "Ready"),
		poll(`!!document.getElementById("unresolved")`),
		fill("amount", "1.00"),
		chromedp.Click(chromedp.ID("charge")),
	)
	return ref
}

func TestBrowserUnknownNeedsConfirmationAndHand(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	ref := unknownThenCharge(t, ctx, s)
	// A new charge asks first, and sends nothing until confirmed.
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("confirm-charge"))); err != nil {
		t.Fatal(err)
	}
	if n := len(s.ledger(t)); n != 1 {
		t.Fatalf("ledger has %d entries before confirming, want 1 (the 9.02)", n)
	}
	// The cashier reads the slip: approved. Recorded by hand with a note.
	if err := chromedp.Do(ctx,
		fill("hand-note", "slip shows approved"),
		chromedp.Click(`#unresolved [data-ref="`+ref+`"] .approve`),
		poll(`!document.getElementById("unresolved")`),
	); err != nil {
		t.Fatal(err)
	}
	rec, err := journalRecord(ctx, ref)
	if err != nil || rec["state"] != "approved" {
		t.Fatalf("journal: %v %v, want approved", rec["state"], err)
	}
	events := rec["events"].([]any)
	last := events[len(events)-1].(map[string]any)
	if last["by"] != "cashier" || last["note"] != "slip shows approved" {
		t.Errorf("last journal event %v, want the cashier's note", last)
	}
}

// The question an unknown outcome asks is answered by its own button
// only: a second tap on Charge, or Enter in the amount, is the double tap
// the question is there to stop, and sends nothing.
func TestBrowserUnknownConfirmationNeedsItsOwnButton(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	unknownThenCharge(t, ctx, s)
	drive(t, ctx,
		chromedp.WaitVisible(chromedp.ID("confirm-charge")),
		// Focus goes to the question's safe answer.
		poll(`(document.activeElement || {}).id === "confirm-cancel"`),
	)
	// The question, and the unknown outcome listed beside the form, pass
	// the accessibility audit too.
	vs, err := audit(ctx, axeScript(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range vs {
		t.Errorf("%s", v)
	}
	for _, again := range []struct {
		name string
		do   chromedp.Action[chromedp.Void]
	}{
		{"a second tap on Charge", chromedp.Click(chromedp.ID("charge"))},
		{"Enter in the amount", chromedp.Steps(poll(`(() => { document.getElementById("amount").focus(); return true; })()`), chromedp.KeyEvent("\r"))},
	} {
		// Past the paint after it: a question answered would be gone.
		if err := chromedp.Do(ctx, again.do, afterPaint()); err != nil {
			t.Fatalf("%s: %v", again.name, err)
		}
		if n := len(s.ledger(t)); n != 1 {
			t.Fatalf("after %s the terminal has %d transactions, want 1 (the 9.02): it charged without Charge anyway", again.name, n)
		}
		if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("confirm-charge")`)); !ok {
			t.Fatalf("after %s the question is gone\n%s", again.name, screenText(ctx))
		}
	}
	// Charge anyway is also the event after which a charge either of
	// them started would have reached the terminal: the till sends one at
	// a time, in order, and the terminal processes one at a time. Such a
	// charge would be a third transaction, or have Charge anyway's turned
	// away as busy.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("confirm-charge")),
		poll(`(document.getElementById("result-verdict") || {}).textContent === "Approved"`),
	); err != nil {
		t.Fatalf("Charge anyway: %v\n%s", err, screenText(ctx))
	}
	if n := len(s.ledger(t)); n != 2 {
		t.Errorf("after Charge anyway the terminal has %d transactions, want 2", n)
	}
}
