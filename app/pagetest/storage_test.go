//go:build !js

package pagetest

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserNoStorageNoCharge: without IndexedDB (as in some private modes
// and old browsers), the page must refuse to charge, say why, and send
// nothing.
func TestBrowserNoStorageNoCharge(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `Object.defineProperty(window, "indexedDB", {value: undefined});`,
	}); err != nil {
		t.Fatal(err)
	}
	host, port, _ := strings.Cut(s.sim.WSAddr(), ":")
	// The status and the form say it at once, and Charge is not offered;
	// Enter in the amount charges nothing either.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		fill("terminal-ip", host),
		fill("port", port),
		chromedp.Click(chromedp.ID("connect")),
		waitText(`#status .status-text`, "Not ready"),
		waitContains("#status", "the journal could not be opened"),
		fill("amount", "12.34"),
		poll(`document.getElementById("charge").disabled`),
		chromedp.SendKeys(chromedp.ID("amount"), "\r"),
		poll(`(document.getElementById("form-error") || {textContent: ""}).textContent.length > 0`),
	); err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	msg, _ := textOf(ctx, "form-error")
	if !strings.Contains(strings.ToLower(msg), "journal") || !strings.Contains(msg, "nothing was sent") {
		t.Errorf("the message does not say the journal failed and nothing was sent: %q", msg)
	}
	if n := len(s.ledger(t)); n != 0 {
		t.Errorf("the terminal got %d transactions without a journal", n)
	}
}

// TestBrowserStorageBlocked: where the browser blocks local and session
// storage (reading either throws, as with all cookies blocked), the app
// still starts and charges; settings then last as long as the page.
func TestBrowserStorageBlocked(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `for (const name of ["localStorage", "sessionStorage"]) {
  Object.defineProperty(window, name, {get() { throw new DOMException("The operation is insecure.", "SecurityError"); }});
}`,
	}); err != nil {
		t.Fatal(err)
	}
	openApp(t, ctx, s)
	if v, err := charge(ctx, "3.10"); err != nil || v != "Approved" {
		t.Fatalf("charge with storage blocked: verdict %q, %v\n%s", v, err, screenText(ctx))
	}
	if n := len(s.ledger(t)); n != 1 {
		t.Errorf("the terminal has %d transactions, want 1", n)
	}
}
