//go:build !js

package pagetest

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/testkit"
)

// End-to-end tests of the History, Settlement, Console and Settings
// screens: real Chromium, the built page and the simulated terminal.
// They read what the cashier sees and check the terminal's ledger, so a
// screen that shows the right words over the wrong money still fails.

// nav opens a screen by its tab and waits until the screen shows el.
func nav(tab, el string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		clickSel("#nav-"+tab),
		poll(`!!document.querySelector(`+jsString(el)+`)`),
	)
}

func entrySel(ref string) string { return `.entry[data-ref=` + jsString(ref) + `]` }

// submitFollowUp taps the Charge screen's button (labelled Void or Refund)
// and waits for the verdict of a transaction other than prev.
func submitFollowUp(ctx context.Context, prev string) (verdict, ref string, err error) {
	err = chromedp.Do(ctx,
		clickSel("#charge"),
		poll(`(() => { const e = document.getElementById("result-ref"); return !!e && e.textContent !== "" && e.textContent !== `+jsString(prev)+`; })()`),
	)
	if err != nil {
		return "", "", fmt.Errorf("%w; the screen reads:\n%s", err, screenText(ctx))
	}
	verdict, _ = textOf(ctx, "result-verdict")
	ref, _ = textOf(ctx, "result-ref")
	return verdict, ref, nil
}

// ledgerEntry finds the ledger entry with this reference.
func ledgerEntry(ledger []map[string]any, ref string) map[string]any {
	for _, e := range ledger {
		if e["ref"] == ref {
			return e
		}
	}
	return nil
}

func TestBrowserHistoryVoidAndRefund(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	var refs []string
	for _, amount := range []string{"12.34", "20.00"} {
		v, err := charge(ctx, amount)
		if err != nil || v != "Approved" {
			t.Fatalf("charging %s: %q %v", amount, v, err)
		}
		ref, _ := textOf(ctx, "result-ref")
		refs = append(refs, ref)
	}
	sale, toRefund := refs[0], refs[1]

	// The entry's details: every event and the raw frames.
	err := chromedp.Do(ctx,
		nav("history", entrySel(sale)),
		clickSel(entrySel(sale)),
		waitText("#detail-ref", sale),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	events := textSel(ctx, "#detail-events")
	for _, want := range []string{"Pending", "Sent", "Approved", "terminal"} {
		if !strings.Contains(events, want) {
			t.Errorf("the entry's events lack %q:\n%s", want, events)
		}
	}
	frames := textSel(ctx, "#detail-frames")
	for _, want := range []string{"→ Sent", "← Received", "outcome", `"REF_NO":"` + sale + `"`, `"AMOUNT":"1234"`} {
		if !strings.Contains(frames, want) {
			t.Errorf("the entry's frames lack %q:\n%s", want, frames)
		}
	}
	if got := textSel(ctx, entrySel(sale)+" .state"); got != "✓Approved" {
		t.Errorf("the sale's state reads %q, want ✓ and Approved", got)
	}

	// Void from History: the Charge screen takes it over, with the
	// original's reference, and sends it only when the cashier taps.
	err = chromedp.Do(ctx,
		clickSel("#history-void"),
		poll(`(document.getElementById("tran-type") || {}).value === "2"`),
		poll(`(document.getElementById("orig-ref") || {}).value === `+jsString(sale)),
		waitText("#charge", "Void"),
	)
	if err != nil {
		t.Fatalf("void from history: %v\n%s", err, screenText(ctx))
	}
	if l := ledgerEntry(s.ledger(t), sale); l["state"] != "approved" {
		t.Fatalf("the void was sent before the cashier tapped: the sale is %v", l["state"])
	}
	verdict, voidRef, err := submitFollowUp(ctx, "")
	if err != nil || verdict != "Approved" {
		t.Fatalf("void: %q %v", verdict, err)
	}

	err = chromedp.Do(ctx,
		nav("history", entrySel(voidRef)),
		poll(`document.querySelector(`+jsString(entrySel(sale))+`).dataset.state === "voided"`),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if got := textSel(ctx, entrySel(sale)+" .state-words"); got != "Voided" {
		t.Errorf("the voided sale reads %q, want Voided", got)
	}

	// Refund the other sale: the amount comes with it.
	err = chromedp.Do(ctx,
		clickSel(entrySel(toRefund)),
		waitText("#detail-ref", toRefund),
		clickSel("#history-refund"),
		poll(`(document.getElementById("tran-type") || {}).value === "3"`),
		poll(`(document.getElementById("orig-ref") || {}).value === `+jsString(toRefund)),
		poll(`(document.getElementById("amount") || {}).value === "20.00"`),
	)
	if err != nil {
		t.Fatalf("refund from history: %v\n%s", err, screenText(ctx))
	}
	verdict, refundRef, err := submitFollowUp(ctx, "")
	if err != nil || verdict != "Approved" {
		t.Fatalf("refund: %q %v", verdict, err)
	}
	err = chromedp.Do(ctx,
		nav("history", entrySel(refundRef)),
		poll(`document.querySelector(`+jsString(entrySel(toRefund))+`).dataset.state === "refunded"`),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if got := textSel(ctx, entrySel(toRefund)+" .state-words"); got != "Refunded" {
		t.Errorf("the refunded sale reads %q, want Refunded", got)
	}
	// The day's totals: the refunded sale still counts as a sale, its
	// refund as a refund; the voided one counts only as a void.
	for id, want := range map[string]string{
		"total-sales":   "1 · ₹20.00",
		"total-refunds": "1 · ₹20.00",
		"total-voids":   "1 · ₹12.34",
		"total-net":     "₹0.00",
	} {
		if got, _ := textOf(ctx, id); got != want {
			t.Errorf("%s reads %q, want %q", id, got, want)
		}
	}

	// The terminal agrees.
	ledger := s.ledger(t)
	if l := ledgerEntry(ledger, sale); l == nil || l["state"] != "voided" {
		t.Errorf("ledger: the sale %s is %v, want voided", sale, l)
	}
	if l := ledgerEntry(ledger, voidRef); l == nil || l["type"] != "void" || l["state"] != "approved" || l["orig_ref"] != sale {
		t.Errorf("ledger: the void %s is %v, want an approved void of %s", voidRef, l, sale)
	}
	if l := ledgerEntry(ledger, toRefund); l == nil || l["state"] != "refunded" {
		t.Errorf("ledger: the sale %s is %v, want refunded", toRefund, l)
	}
	if l := ledgerEntry(ledger, refundRef); l == nil || l["type"] != "refund" || l["amount"] != "2000" || l["orig_ref"] != toRefund {
		t.Errorf("ledger: the refund %s is %v, want a refund of 2000 of %s", refundRef, l, toRefund)
	}
	if len(ledger) != 4 {
		t.Errorf("ledger has %d entries, want 4 (two sales, a void, a refund): %v", len(ledger), ledger)
	}
}

func TestBrowserHistoryReceipt(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	if v, err := charge(ctx, "7.25"); err != nil || v != "Approved" {
		t.Fatalf("charge: %q %v", v, err)
	}
	ref, _ := textOf(ctx, "result-ref")
	// window.print is replaced to record what would be printed, since a
	// headless browser has no printer.
	err := chromedp.Do(ctx,
		nav("history", entrySel(ref)),
		clickSel(entrySel(ref)),
		waitText("#detail-ref", ref),
		poll(`(() => { window.print = () => { window.__printed = document.getElementById("receipt-doc").innerText; }; return true; })()`),
		clickSel("#history-receipt"),
		poll(`typeof window.__printed === "string"`),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	printed, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__printed`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Approved", "₹7.25", ref} {
		if !strings.Contains(printed, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, printed)
		}
	}
}

func TestBrowserHistoryExportCSV(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	if v, err := charge(ctx, "12.34"); err != nil || v != "Approved" {
		t.Fatalf("charge: %q %v", v, err)
	}
	sale, _ := textOf(ctx, "result-ref")
	if v, err := charge(ctx, "10.51"); err != nil || v != "Declined" {
		t.Fatalf("charge: %q %v", v, err)
	}
	declined, _ := textOf(ctx, "result-ref")

	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}
	// Only the approved ones: the export is the filtered list.
	err := chromedp.Do(ctx,
		nav("history", entrySel(declined)),
		choose("history-state", "approved"),
		poll(`!document.querySelector(`+jsString(entrySel(declined))+`) && !!document.querySelector(`+jsString(entrySel(sale))+`)`),
		clickSel("#export-csv"),
		waitContains("#history-notice", "Exported 1 transaction"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	data := waitFile(t, filepath.Join(dir, "lanepay-"+time.Now().Format("2006-01-02")+".csv"))
	rows, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	if err != nil {
		t.Fatalf("the export is not CSV: %v\n%s", err, data)
	}
	if len(rows) != 2 {
		t.Fatalf("the export has %d rows, want a header and the approved sale:\n%s", len(rows), data)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, h := range []string{"ref", "amount", "state", "auth code", "card"} {
		if _, ok := col[h]; !ok {
			t.Fatalf("the export's header %v lacks %q", rows[0], h)
		}
	}
	row := rows[1]
	if row[col["ref"]] != sale || row[col["amount"]] != "12.34" || row[col["state"]] != "approved" {
		t.Errorf("exported row %v, want ref %s amount 12.34 approved", row, sale)
	}
	l := ledgerEntry(s.ledger(t), sale)
	if l == nil || row[col["auth code"]] != l["auth_code"] {
		t.Errorf("exported auth code %q, the terminal's is %v", row[col["auth code"]], l)
	}
}

func TestBrowserConsoleSendAndLog(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	// A template fills the payload as the app would send it.
	err := chromedp.Do(ctx,
		nav("console", "#payload"),
		choose("console-template", "1"),
		poll(`document.getElementById("payload").value.includes('"TRAN_CODE":"1"')`),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	tpl, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("payload").value`))
	var fields map[string]string
	if err := json.Unmarshal([]byte(tpl), &fields); err != nil {
		t.Fatalf("the template's payload is not a JSON object of strings: %v: %s", err, tpl)
	}
	if fields["AMOUNT"] != "100" || fields["TRAN_MODE"] != "1" || fields["REF_NO"] == "" {
		t.Errorf("the sale template is %v, want AMOUNT 100, TRAN_MODE 1 and a fresh REF_NO", fields)
	}

	// A typed sale is sent, journalled and charged.
	payload := `{"TRAN_CODE":"1","TRAN_MODE":"1","AMOUNT":"777","REF_NO":"CONSOLE-1"}`
	err = chromedp.Do(ctx,
		fill("payload", payload),
		clickSel("#send"),
		waitContains("#console-result", "CONSOLE-1"),
		waitContains("#console-log li[data-dir=in][data-kind=outcome]", `"REF_NO":"CONSOLE-1"`),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if got := textSel(ctx, "#console-result .state-words"); got != "Approved" {
		t.Errorf("the console's outcome reads %q, want Approved", got)
	}
	if got := textSel(ctx, "#console-log li[data-dir=out][data-kind=request] .frame-raw"); got != payload {
		t.Errorf("the logged request is %q, want exactly what was typed, %q", got, payload)
	}
	for _, want := range []string{"→ Sent", "← Received"} {
		if !strings.Contains(textSel(ctx, "#console-log"), want) {
			t.Errorf("the log lacks %q", want)
		}
	}
	ledger := s.ledger(t)
	if l := ledgerEntry(ledger, "CONSOLE-1"); l == nil || l["amount"] != "777" || l["state"] != "approved" {
		t.Fatalf("ledger: CONSOLE-1 is %v, want an approved sale of 777", l)
	}

	// Not JSON: refused in plain words, and nothing reaches the terminal.
	outBefore, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#console-log li[data-dir=out]").length`))
	err = chromedp.Do(ctx,
		fill("payload", `TRAN_CODE=1&AMOUNT=500`),
		clickSel("#send"),
		waitContains("#console-error", "must be one JSON object"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if got := textSel(ctx, "#console-error"); !strings.HasPrefix(got, "Not sent") {
		t.Errorf("the error %q does not say that nothing was sent", got)
	}
	// No wait: the error shows once the till has refused the payload, and
	// a till that sends logs the request as it goes (the console's log is
	// the session's), before it returns; the render that shows the error
	// shows the log as it stands then.
	outAfter, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#console-log li[data-dir=out]").length`))
	if outAfter != outBefore {
		t.Errorf("a non-JSON payload was sent: %d outgoing lines, was %d", outAfter, outBefore)
	}
	if n := len(s.ledger(t)); n != len(ledger) {
		t.Errorf("a non-JSON payload reached the terminal: ledger has %d entries, was %d", n, len(ledger))
	}

	// Copy a frame: the clipboard gets its raw text.
	err = chromedp.Do(ctx,
		poll(`(() => { Object.defineProperty(navigator, "clipboard", {configurable: true, value: {writeText: t => { window.__copied = t; return Promise.resolve(); }}}); return true; })()`),
		clickSel("#console-log li[data-dir=out][data-kind=request] button.copy"),
		waitContains("#console-notice", "copied"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	copied, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__copied || ""`))
	if copied != payload {
		t.Errorf("copied %q, want the request %q", copied, payload)
	}

	// The console's sale is in History like any other.
	err = chromedp.Do(ctx,
		clickSel("#console-clear"),
		poll(`!!document.getElementById("console-empty")`),
		nav("history", entrySel("CONSOLE-1")),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if got := textSel(ctx, entrySel("CONSOLE-1")+" .entry-type"); got != "Console: Sale" {
		t.Errorf("History shows the console's sale as %q, want Console: Sale", got)
	}
}

func TestBrowserPostmanImport(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	file, err := filepath.Abs(filepath.Join("..", "pos", "testdata", "shop.postman_collection.json"))
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		nav("settings", "#postman-file"),
		waitText("#profile-name", "Default"),
		poll(`!!document.getElementById("profile-example")`),
		chromedp.SetUploadFiles(chromedp.ID("postman-file"), []string{file}),
		waitContains("#import-types", "Sale"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	types := textSel(ctx, "#import-types")
	for _, want := range []string{"Sale (code 1)", "Void (code 2)", "Refund (code 3)", "Settlement (code 6)", "Status inquiry (code 7)"} {
		if !strings.Contains(types, want) {
			t.Errorf("imported types lack %q: %s", want, types)
		}
	}
	skipped := textSel(ctx, "#import-skipped")
	for _, want := range []string{"Health check: no request body", "Upload logo: the body is form data, not raw JSON", "Login: the body has no TRAN_CODE field"} {
		if !strings.Contains(skipped, want) {
			t.Errorf("skipped items lack %q: %s", want, skipped)
		}
	}
	if got := textSel(ctx, "#profile-name"); got != "Corner Shop ECR" {
		t.Errorf("profile name %q, want the collection's, Corner Shop ECR", got)
	}
	if got := textSel(ctx, "#profile-example"); got != "" {
		t.Errorf("an imported profile is marked %q", got)
	}

	// Export: the profile as a JSON file, the imported types in it.
	dir := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir,
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, clickSel("#export-profile")); err != nil {
		t.Fatal(err)
	}
	var exported struct {
		Name  string `json:"name"`
		Types []struct {
			Name string `json:"name"`
			Code string `json:"code"`
		} `json:"types"`
	}
	if err := json.Unmarshal(waitFile(t, filepath.Join(dir, "lanepay-profile-corner-shop-ecr.json")), &exported); err != nil {
		t.Fatalf("the exported profile is not JSON: %v", err)
	}
	if exported.Name != "Corner Shop ECR" || len(exported.Types) != 5 {
		t.Errorf("exported profile %+v, want Corner Shop ECR with 5 types", exported)
	}

	// It is kept, and the till uses it: a sale from the imported template.
	err = chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		waitText(`#status .status-text`, "Ready"),
		nav("settings", "#profile-name"),
		waitText("#profile-name", "Corner Shop ECR"),
		nav("charge", "#amount"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if v, err := charge(ctx, "3.00"); err != nil || v != "Approved" {
		t.Fatalf("charging with the imported profile: %q %v", v, err)
	}
	ref, _ := textOf(ctx, "result-ref")
	if l := ledgerEntry(s.ledger(t), ref); l == nil || l["amount"] != "300" || l["tran_mode"] != "1" {
		t.Errorf("ledger: the sale %s is %v, want 300 by card", ref, l)
	}
}

func TestBrowserSettingsKeptAcrossReloads(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	err := chromedp.Do(ctx,
		nav("settings", "#add-terminal"),
		// A bad terminal is refused, with the reason next to the form.
		clickSel("#add-terminal"),
		fill("term-name", "Broken"),
		fill("term-host", "not a host!"),
		clickSel("#save-terminal"),
		waitContains("#terminal-errors", "Broken"),
		// A good one is added.
		fill("term-name", "Back office"),
		fill("term-host", "192.168.1.77"),
		fill("term-port", "5001"),
		choose("term-conn", "tcp"),
		clickSel("#save-terminal"),
		poll(`document.querySelectorAll("#terminal-list li").length === 2`),
		waitContains("#terminal-notice", "Back office"),
		clickSel("#theme-dark"),
		poll(`document.documentElement.dataset.theme === "dark"`),
		fill("pref-timeout", "45"),
		clickSel("#save-preferences"),
		waitText("#preferences-notice", "Saved."),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	// A bad profile is refused by field, and never replaces the good one.
	err = chromedp.Do(ctx,
		poll(`(() => {
			const e = document.getElementById("profile-json");
			e.value = e.value.replace('"currency": "INR"', '"currency": "IN"');
			e.dispatchEvent(new Event("input", {bubbles: true}));
			return e.value.includes('"currency": "IN"');
		})()`),
		clickSel("#save-profile"),
		waitContains("#profile-errors", "currency: must be a 3-letter code"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}

	err = chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		poll(`document.documentElement.dataset.theme === "dark"`),
		// The active terminal is still the simulator.
		waitText(`#status .status-text`, "Ready"),
		nav("settings", "#terminal-list"),
		poll(`document.querySelectorAll("#terminal-list li").length === 2`),
	)
	if err != nil {
		t.Fatalf("after reload: %v\n%s", err, screenText(ctx))
	}
	back := textSel(ctx, `#terminal-list li[data-name="Back office"]`)
	if !strings.Contains(back, "192.168.1.77:5001") || !strings.Contains(back, "TCP") {
		t.Errorf("after reload the second terminal reads %q", back)
	}
	checked, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("active-0").checked && !document.getElementById("active-1").checked && document.getElementById("theme-dark").checked`))
	if !checked {
		t.Error("after reload the active terminal or the theme is not the one saved")
	}
	if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("pref-timeout").value`)); v != "45" {
		t.Errorf("after reload the timeout is %q, want 45", v)
	}
	if p, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("profile-json").value`)); !strings.Contains(p, `"currency": "INR"`) {
		t.Errorf("the bad profile replaced the good one:\n%s", p)
	}

	// Remove the second terminal: gone after another reload too.
	err = chromedp.Do(ctx,
		clickSel(`#terminal-list li[data-name="Back office"] button[aria-label="Remove Back office"]`),
		poll(`document.querySelectorAll("#terminal-list li").length === 1`),
		chromedp.Reload(),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		nav("settings", "#terminal-list"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if got := textSel(ctx, "#terminal-list"); strings.Contains(got, "Back office") || !strings.Contains(got, "Counter") {
		t.Errorf("after removing Back office and reloading, the terminals read %q", got)
	}
}

func TestBrowserSettlementMatchesJournal(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	for _, c := range []struct{ amount, verdict string }{{"12.34", "Approved"}, {"20.00", "Approved"}, {"10.51", "Declined"}} {
		if v, err := charge(ctx, c.amount); err != nil || v != c.verdict {
			t.Fatalf("charging %s: %q %v, want %s", c.amount, v, err, c.verdict)
		}
	}

	err := chromedp.Do(ctx,
		nav("settlement", "#settle-run"),
		waitContains("#settle-open", "2 · ₹32.34"),
		clickSel("#settle-run"),
		clickSel("#settle-confirm"),
		waitContains("#settle-summary", "match"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	row := func(line, col string) string {
		return textSel(ctx, `#settle-table tr[data-line=`+jsString(line)+`] .`+col)
	}
	for _, c := range []struct{ line, want string }{{"Sales", "2 · ₹32.34"}, {"Refunds", "0 · ₹0.00"}, {"Net", "₹32.34"}} {
		if got := row(c.line, "term"); got != c.want {
			t.Errorf("terminal's %s: %q, want %q", c.line, got, c.want)
		}
		if got := row(c.line, "jour"); got != c.want {
			t.Errorf("journal's %s: %q, want %q", c.line, got, c.want)
		}
	}
	if n, _ := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#settle-table tr.diff").length`)); n != 0 {
		t.Errorf("%d lines marked as differing when the totals match", n)
	}
	ledger := s.ledger(t)
	last := ledger[len(ledger)-1]
	if last["type"] != "settlement" || last["amount"] != "3234" {
		t.Fatalf("ledger's last entry %v, want a settlement of 3234", last)
	}

	// Another till charges the same terminal behind lanepay's back: the
	// next settlement must show the difference.
	otherTillSale(t, s.sim.TCPAddr(), "OTHER-TILL-1", "500")
	err = chromedp.Do(ctx,
		nav("charge", "#amount"),
	)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := charge(ctx, "1.00"); err != nil || v != "Approved" {
		t.Fatalf("charge: %q %v", v, err)
	}
	err = chromedp.Do(ctx,
		nav("settlement", "#settle-run"),
		waitContains("#settle-open", "1 · ₹1.00"),
		clickSel("#settle-run"),
		clickSel("#settle-confirm"),
		waitContains("#settle-summary", "difference"),
	)
	if err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
	if got, want := row("Sales", "term"), "2 · ₹6.00"; got != want {
		t.Errorf("terminal's sales: %q, want %q", got, want)
	}
	if got, want := row("Sales", "jour"), "1 · ₹1.00"; got != want {
		t.Errorf("journal's sales: %q, want %q", got, want)
	}
	if got := row("Sales", "check"); !strings.Contains(got, "Differs") || !strings.Contains(got, "1 transaction more") || !strings.Contains(got, "₹5.00 more") {
		t.Errorf("the sales line's check reads %q, want the difference in words", got)
	}
	diffs, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#settle-table tr.diff")].map(r => r.dataset.line)`))
	if strings.Join(diffs, ",") != "Sales,Net" {
		t.Errorf("lines marked as differing: %v, want Sales and Net", diffs)
	}
}

// waitFile waits for a download to land, complete, and returns it.
// Chromium writes to a .crdownload file and renames it when done, so the
// name appearing means the whole file is there.
func waitFile(t *testing.T, path string) []byte {
	t.Helper()
	var data []byte
	var err error
	if !testkit.Until(func() bool {
		data, err = os.ReadFile(path)
		return err == nil && len(data) > 0
	}) {
		entries, _ := os.ReadDir(filepath.Dir(path))
		t.Fatalf("no %s downloaded (%v); the folder has %v", filepath.Base(path), err, entries)
	}
	return data
}

// otherTillSale charges the simulated terminal over its TCP port, as a
// second till would, and waits for the answer.
func otherTillSale(t *testing.T, addr, ref, amount string) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(15 * time.Second))
	req, _ := json.Marshal(map[string]string{"TRAN_CODE": "1", "TRAN_MODE": "1", "AMOUNT": amount, "REF_NO": ref})
	if _, err := c.Write(append(req, '\n')); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		var m map[string]string
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["REF_NO"] == ref && m["RESP_CODE"] != "" {
			if m["RESP_CODE"] != "00" {
				t.Fatalf("the other till's sale was answered %v", m)
			}
			return
		}
	}
	t.Fatal(errors.Join(errors.New("no answer to the other till's sale"), sc.Err()))
}
