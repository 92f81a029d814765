//go:build !js

package pagetest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A charge from the Charge screen: approved, its fields and receipt on
// screen and in the terminal's ledger; declined, with the terminal's
// words.
func TestBrowserChargeApprovedAndDeclined(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	verdict, err := charge(ctx, "12.34")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Approved" {
		t.Fatalf("charging 12.34: verdict %q, want Approved", verdict)
	}
	ref, err := textOf(ctx, "result-ref")
	if err != nil || ref == "" {
		t.Fatalf("no reference on screen: %q %v", ref, err)
	}
	// The fields and the receipt to print follow the verdict, a paint later.
	if _, err := chromedp.Run(ctx, poll(`!!document.getElementById("result-fields") && !!document.querySelector("#result .receipt-print")`)); err != nil {
		t.Fatalf("the result's fields and receipt never came: %v", err)
	}
	fields, err := textOf(ctx, "result-fields")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AUTH_CODE", "RRN", "CARD_NO", ref} {
		if !strings.Contains(fields, want) {
			t.Errorf("response fields on screen lack %q:\n%s", want, fields)
		}
	}
	ledger := s.ledger(t)
	if len(ledger) != 1 {
		t.Fatalf("ledger has %d entries, want 1: %v", len(ledger), ledger)
	}
	if ledger[0]["ref"] != ref || ledger[0]["amount"] != "1234" || ledger[0]["state"] != "approved" {
		t.Errorf("ledger entry %v, want ref %s amount 1234 approved", ledger[0], ref)
	}

	// Wait for the button to come back before the second sale.
	verdict, err = charge(ctx, "10.51")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Declined" {
		t.Fatalf("charging 10.51: verdict %q, want Declined", verdict)
	}
	msg, _ := textOf(ctx, "result-message")
	if !strings.Contains(msg, "INSUFFICIENT") {
		t.Errorf("decline message %q, want the terminal's INSUFFICIENT FUNDS", msg)
	}
}

func TestBrowserRejectsBadAmount(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	err := chromedp.Do(ctx,
		fill("amount", "12.345"),
		chromedp.Click(chromedp.ID("charge")),
		poll(`document.querySelector("#form-error").textContent.length > 0`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.ledger(t)); n != 0 {
		t.Errorf("a bad amount reached the terminal: %d ledger entries", n)
	}
}

func TestBrowserKeepsConnectionSettings(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	// Point at a peer that listens on a path, as some vendor samples do.
	url := "ws://" + s.sim.WSAddr() + "/ws"
	err := chromedp.Do(ctx,
		fill("terminal-ip", url),
		chromedp.Click(chromedp.ID("connect")),
		waitText(`#status .status-text`, "Ready"),
		chromedp.Reload(),
		waitText(`#status .status-text`, "Ready"),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("terminal-ip")))
	if err != nil {
		t.Fatal(err)
	}
	if got != url {
		t.Errorf("after reload Terminal IP is %q, want %q", got, url)
	}
}

// A tap's change is on the page before the browser gets control back: the
// frame loop of the patched go-app (app/cmd/patchdeps) renders it at
// once, where go-app as released renders it on a timer 8.3 ms later. The
// key is clicked and the field read in one script, so no timing is
// involved: the field has changed by the time click() returns, or not.
func TestBrowserTapRendersInTheSameTask(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const field = document.getElementById("amount");
		const before = field.value;
		document.querySelector('.keypad [data-key="7"]').click();
		return [before, field.value];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] == got[1] {
		t.Fatalf("the amount read %q before the tap and %q right after it: the tap's render waited for a later task", got[0], got[1])
	}
	// And the change is the tap's: it still reads the same once settled.
	if _, err := chromedp.Run(ctx, poll(`document.getElementById("amount").value === `+jsString(got[1]))); err != nil {
		t.Fatalf("the amount moved on from %q: %v", got[1], err)
	}
}
