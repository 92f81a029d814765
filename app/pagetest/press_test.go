//go:build !js

package pagetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
	"github.com/lanepay/lanepay/app/testkit"
)

// spySends records every WebSocket send of the page, and whether it came
// in the task of a click (before any task queued during the click runs).
const spySends = `(() => {
	window.__sends = [];
	let inClick = false;
	window.addEventListener("click", () => {
		inClick = true;
		const ch = new MessageChannel();
		ch.port1.onmessage = () => (inClick = false);
		ch.port2.postMessage(0);
	}, true);
	const send = WebSocket.prototype.send;
	WebSocket.prototype.send = function (data) {
		window.__sends.push({data: String(data), inClick});
		return send.call(this, data);
	};
	return true;
})()`

// centreOf is the middle of the element with the id, scrolled into view.
func centreOf(t *testing.T, ctx context.Context, id string) (x, y float64) {
	t.Helper()
	x, y, err := pagedrive.Centre(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return x, y
}

// mouse presses, moves or releases the left button at x, y, as a hand would.
func mouse(t *testing.T, ctx context.Context, typ input.DispatchMouseEventType, x, y float64) {
	t.Helper()
	if err := pagedrive.Mouse(ctx, typ, x, y); err != nil {
		t.Fatal(err)
	}
}

// waitLock waits for the page's terminal lock to be held (or free),
// failing the test with why if it never is.
func waitLock(t *testing.T, ctx context.Context, held bool, why string) {
	t.Helper()
	testkit.Eventually(t, why, func() bool {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`navigator.locks.query().then(q => q.held.some(l => l.name === "lanepay-terminal"))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return got == held
	})
}

// pressCharge types amount and presses Charge without releasing it, then
// waits until the press has journalled the charge: it returns its
// reference.
func pressCharge(t *testing.T, ctx context.Context, amount string) (ref string, x, y float64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.WaitEnabled(chromedp.ID("charge")), fill("amount", amount)); err != nil {
		t.Fatal(err)
	}
	before, err := journalRefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	x, y = centreOf(t, ctx, "charge")
	mouse(t, ctx, input.DispatchMouseEventTypeMousePressed, x, y)
	waitLock(t, ctx, true, "pressing Charge to take the terminal's lock")
	testkit.Eventually(t, "pressing Charge to journal the charge", func() bool {
		refs, err := journalRefs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range refs {
			if !slices.Contains(before, r) {
				ref = r
				return true
			}
		}
		return false
	})
	return ref, x, y
}

// Pressing Charge journals the charge and takes the terminal, sending
// nothing; the tap then sends it in its own task, once.
func TestBrowserPressPreparesTheTap(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](spySends)); err != nil {
		t.Fatal(err)
	}
	ref, x, y := pressCharge(t, ctx, "12.34")
	rec, err := journalRecord(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if rec["state"] != "pending" {
		t.Errorf("while Charge is pressed the entry is %v, want pending", rec["state"])
	}
	if n, _ := s.ledgerFor(t, ref); n != 0 {
		t.Fatalf("the terminal got the charge %d times before the tap", n)
	}

	mouse(t, ctx, input.DispatchMouseEventTypeMouseReleased, x, y)
	if err := chromedp.Do(ctx, waitText("#result-verdict", "Approved")); err != nil {
		t.Fatal(err)
	}
	type send struct {
		Data    string `json:"data"`
		InClick bool   `json:"inClick"`
	}
	sends, err := chromedp.Run(ctx, chromedp.Evaluate[[]send](`window.__sends`))
	if err != nil {
		t.Fatal(err)
	}
	var charges []send
	for _, s := range sends {
		if strings.Contains(s.Data, ref) {
			charges = append(charges, s)
		}
	}
	if len(charges) != 1 {
		t.Fatalf("the page sent %d requests for %s, want 1: %v", len(charges), ref, sends)
	}
	if !charges[0].InClick {
		t.Errorf("the request left after the tap's task: it waited on the browser")
	}
	if n, state := s.ledgerFor(t, ref); n != 1 || state != "approved" {
		t.Errorf("the terminal has %s %d times (%s), want once, approved", ref, n, state)
	}
}

// A press slid off Charge is no tap: nothing is sent, the entry ends as
// not charged, and the next charge goes through.
func TestBrowserPressSlidOffSendsNothing(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	ref, _, _ := pressCharge(t, ctx, "5.00")
	mouse(t, ctx, input.DispatchMouseEventTypeMouseMoved, 5, 5)
	mouse(t, ctx, input.DispatchMouseEventTypeMouseReleased, 5, 5)
	waitLock(t, ctx, false, "the terminal to be free again after the press slid off")
	rec, err := journalRecord(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if rec["state"] != "not_charged" {
		t.Errorf("the slid-off press's entry is %v, want not_charged", rec["state"])
	}
	if n := len(s.ledger(t)); n != 0 {
		t.Fatalf("the terminal got %d transactions from a press slid off", n)
	}
	if verdict, err := charge(ctx, "6.00"); err != nil || verdict != "Approved" {
		t.Fatalf("the next charge: %q, %v", verdict, err)
	}
	if n := len(s.ledger(t)); n != 1 {
		t.Errorf("the terminal has %d transactions, want the one charge", n)
	}
}

// The outcome is on screen once the terminal answers; if its journal
// write then fails, the cashier is told to write it down, beside it.
func TestBrowserOutcomeShownWhenItsWriteFails(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	// The journal refuses any write of an approved record, as a full disk
	// would refuse the outcome's.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
		const put = IDBObjectStore.prototype.put;
		IDBObjectStore.prototype.put = function (value, ...rest) {
			if (value && typeof value.json === "string" && value.json.includes('"state":"approved"')) {
				throw new DOMException("the disk is full", "QuotaExceededError");
			}
			return put.call(this, value, ...rest);
		};
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	verdict, err := charge(ctx, "3.00")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Approved" {
		t.Errorf("verdict %q, want Approved (the terminal approved it)", verdict)
	}
	if err := chromedp.Do(ctx, poll(`!!document.getElementById("result-warning")`)); err != nil {
		t.Fatalf("no warning that the outcome was not journalled: %v", err)
	}
	warning, err := textOf(ctx, "result-warning")
	if err != nil {
		t.Fatal(err)
	}
	ref, err := textOf(ctx, "result-ref")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(warning, "Write the outcome of "+ref+" down") {
		t.Errorf("the warning reads %q, want it to ask for %s to be written down", warning, ref)
	}
	if n, state := s.ledgerFor(t, ref); n != 1 || state != "approved" {
		t.Errorf("the terminal has %s %d times (%s), want once, approved", ref, n, state)
	}
}

// The tap's task sends the request and ends: "in progress" renders in a
// task of its own, after it, while the terminal works.
func TestBrowserTapTaskOnlySends(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(time.Second)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](spySends+` && (() => {
		// Bubbling to the window, submit comes after the app's own handler,
		// in the same task.
		window.addEventListener("submit", () => {
			window.__atSubmit = {sent: window.__sends.filter(s => s.data.includes("AMOUNT")).length,
				inProgress: !!document.getElementById("in-progress")};
		});
		return true;
	})()`)); err != nil {
		t.Fatal(err)
	}
	_, x, y := pressCharge(t, ctx, "8.00")
	mouse(t, ctx, input.DispatchMouseEventTypeMouseReleased, x, y)
	if err := chromedp.Do(ctx, poll(`!!window.__atSubmit`)); err != nil {
		t.Fatal(err)
	}
	type atSubmit struct {
		Sent       int  `json:"sent"`
		InProgress bool `json:"inProgress"`
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[atSubmit](`window.__atSubmit`))
	if err != nil {
		t.Fatal(err)
	}
	if got.Sent != 1 {
		t.Errorf("the tap's task sent %d requests, want 1", got.Sent)
	}
	if got.InProgress {
		t.Errorf(`the tap's task rendered "in progress": it held back the request and the paint`)
	}
	if err := chromedp.Do(ctx, poll(`!!document.getElementById("in-progress")`)); err != nil {
		t.Fatalf(`"in progress" never showed while the terminal worked: %v`, err)
	}
	if err := chromedp.Do(ctx, waitText("#result-verdict", "Approved")); err != nil {
		t.Fatal(err)
	}
}
