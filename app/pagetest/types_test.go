//go:build !js

package pagetest

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPreauthAndCompletion runs the profile's other charge types from
// the Charge screen: a pre-auth, then its completion by reference, paid by
// UPI/QR, and a refund typed by hand.
func TestBrowserPreauthAndCompletion(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	if err := chromedp.Do(ctx, choose("tran-type", "4"), choose("mode", "2")); err != nil {
		t.Fatal(err)
	}
	verdict, err := charge(ctx, "30.00")
	if err != nil || verdict != "Approved" {
		t.Fatalf("pre-auth: %q %v", verdict, err)
	}
	preauth, _ := textOf(ctx, "result-ref")
	if e := ledgerEntry(s.ledger(t), preauth); e == nil || e["type"] != "preauth" || e["tran_mode"] != "2" {
		t.Fatalf("ledger entry of the pre-auth: %v", e)
	}

	if err := chromedp.Do(ctx,
		clickSel("#new-sale"),
		choose("tran-type", "5"),
		fill("orig-ref", preauth),
	); err != nil {
		t.Fatal(err)
	}
	verdict, err = charge(ctx, "25.00")
	if err != nil || verdict != "Approved" {
		t.Fatalf("completion: %q %v", verdict, err)
	}
	completion, _ := textOf(ctx, "result-ref")
	e := ledgerEntry(s.ledger(t), completion)
	if e == nil || e["type"] != "completion" || e["orig_ref"] != preauth || e["amount"] != "2500" {
		t.Fatalf("ledger entry of the completion: %v", e)
	}

	// A completion without its original reference is refused on screen,
	// before anything is sent.
	before := len(s.ledger(t))
	if err := chromedp.Do(ctx,
		clickSel("#new-sale"),
		choose("tran-type", "5"),
		// Type only once the form shows the completion's fields, as a
		// person would; typing into a field the page is replacing is lost.
		waitContains("#charge", "completion"),
		poll(`!!document.getElementById("orig-ref") && document.getElementById("orig-ref").value === ""`),
		fill("amount", "1.00"),
		clickSel("#charge"),
		waitContains("#form-error", "original transaction"),
	); err != nil {
		t.Fatalf("%v; the screen reads:\n%s", err, screenText(ctx))
	}
	if after := len(s.ledger(t)); after != before {
		t.Errorf("a completion without its original reached the terminal: %d → %d ledger entries", before, after)
	}
}
