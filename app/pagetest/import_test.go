//go:build !js

package pagetest

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/terminalsim"
)

// upiCard is a collection shaped like a vendor's: Card/ and UPI/ folders,
// a Sale with no reference field, a Void and a Refund that carry the
// example's invoice and RRN, a status inquiry and a last-transaction
// request.
func upiCard(t *testing.T) string {
	t.Helper()
	file, err := filepath.Abs(filepath.Join("..", "pos", "testdata", "upi-card.postman_collection.json"))
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// importCollection imports file on the Settings screen, as a shop does,
// and goes back to Charge.
func importCollection(t *testing.T, ctx context.Context, file string) {
	t.Helper()
	drive(t, ctx,
		nav("settings", "#postman-file"),
		chromedp.SetUploadFiles(chromedp.ID("postman-file"), []string{file}),
		waitContains("#import-types", "Sale"),
	)
}

// TestBrowserImportedCollection: a shop imports its vendor's collection
// and charges. The Sale it imports names no reference, so lanepay's goes
// out all the same, and a sale whose answer is lost (9.02) is recovered as
// Approved, never shown as Not charged; a void names the voided sale by
// its own invoice number, never the example's.
func TestBrowserImportedCollection(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	importCollection(t, ctx, upiCard(t))

	// What the import says it will send: the fixed values listed, and the
	// requests previewed with lanepay's reference and no example number.
	fixed := textSel(ctx, "#import-fixed")
	if !strings.Contains(fixed, "COPY") {
		t.Errorf("the fixed values listed are %q, want the Reprint's COPY", fixed)
	}
	preview := textSel(ctx, "#profile-preview")
	for _, want := range []string{`"REF_NO":"`, "<INVOICE_NO of the original>", "<RRN of the original>"} {
		if !strings.Contains(preview, want) {
			t.Errorf("the preview lacks %q:\n%s", want, preview)
		}
	}
	for _, example := range []string{"000012", "512345678901"} {
		if strings.Contains(preview, example) {
			t.Errorf("the preview sends the example's %s:\n%s", example, preview)
		}
	}

	// 9.02: charged, then the connection dropped before the answer.
	drive(t, ctx, nav("charge", "#amount"))
	verdict, err := charge(ctx, "9.02")
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := textOf(ctx, "result-ref")
	if verdict == "Not charged" {
		t.Fatalf("9.02 was shown as Not charged while the terminal charged it")
	}
	drive(t, ctx,
		waitText("#result-verdict", "Approved"),
		waitContains("#recovered", "Approved, confirmed by the terminal"),
	)
	if n, state := s.ledgerFor(t, ref); n != 1 || state != "approved" {
		t.Errorf("the terminal has the 9.02 sale %d times, %s", n, state)
	}

	// Two sales; void the second from its result.
	var sales []string
	for _, amount := range []string{"20.00", "30.00"} {
		if v, err := charge(ctx, amount); err != nil || v != "Approved" {
			t.Fatalf("charging %s: %q %v", amount, v, err)
		}
		ref, _ := textOf(ctx, "result-ref")
		sales = append(sales, ref)
	}
	drive(t, ctx,
		clickSel("#void"),
		poll(`(document.getElementById("orig-ref") || {}).value === `+jsString(sales[1])),
		poll(`(document.getElementById("amount") || {}).value === "30.00"`),
	)
	if v, _, err := submitFollowUp(ctx, sales[1]); err != nil || v != "Approved" {
		t.Fatalf("void: %q %v\n%s", v, err, screenText(ctx))
	}
	if _, state := s.ledgerFor(t, sales[0]); state != "approved" {
		t.Errorf("the first sale is %s at the terminal, want approved: the void named another sale", state)
	}
	if _, state := s.ledgerFor(t, sales[1]); state != "voided" {
		t.Errorf("the voided sale is %s at the terminal, want voided", state)
	}
}

// TestBrowserTerminalThatDropsReferences: a terminal that ignores the
// reference field charges a sale and loses its answer (9.02); asked
// about it, it finds nothing. That proves nothing: the page says so,
// never Not charged, shows the terminal's last transaction, and the
// cashier records it.
func TestBrowserTerminalThatDropsReferences(t *testing.T) {
	s := startStackWith(t, terminalsim.Config{IgnoresRefs: true})
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	importCollection(t, ctx, upiCard(t))
	if words := textSel(ctx, "#reference-evidence"); !strings.Contains(words, "not yet shown") {
		t.Errorf("Settings says %q about a terminal yet to show it keeps references", words)
	}
	drive(t, ctx, nav("charge", "#amount"))
	verdict, err := charge(ctx, "9.02")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Outcome unknown" {
		t.Fatalf("9.02 reads %q, want Outcome unknown", verdict)
	}
	ref, _ := textOf(ctx, "result-ref")
	drive(t, ctx,
		clickSel("#new-sale"),
		waitContains(`.unresolved-item[data-ref=`+jsString(ref)+`]`, "found no record of it"),
		clickSel("#ask-last"),
		waitContains("#last-summary", "Approved"),
	)
	if got := textSel(ctx, "#last-summary"); !strings.Contains(got, "902") {
		t.Errorf("the last transaction reads %q, want the 9.02 sale", got)
	}
	if got, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("hand-note"))); !strings.Contains(got, "Approved") {
		t.Errorf("the note for the journal reads %q, want the last transaction's words", got)
	}
	drive(t, ctx,
		clickSel(`.unresolved-item[data-ref=`+jsString(ref)+`] .approve`),
		poll(`!document.querySelector(`+jsString(`.unresolved-item[data-ref=`+jsString(ref)+`]`)+`)`),
	)
	rec, err := journalRecord(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if rec["state"] != "approved" {
		t.Errorf("the journal has the sale %v, want approved", rec["state"])
	}
	if strings.Contains(screenText(ctx), "Not charged") {
		t.Errorf("the page says Not charged:\n%s", screenText(ctx))
	}
}
