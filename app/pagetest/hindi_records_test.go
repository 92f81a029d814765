//go:build !js

package pagetest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
)

// TestBrowserRecordsInHindi opens the page in a browser whose language is
// Hindi and reads the screens where the shop looks after its records:
// History, Settlement and Console speak Hindi, write rupees with Indian
// grouping, tell a screen reader the page is Hindi, and pass axe.
func TestBrowserRecordsInHindi(t *testing.T) {
	script := axeScript(t)
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t, chromedp.Flag("lang", "hi-IN"), chromedp.Flag("accept-lang", "hi-IN,hi"))
	host, port, _ := strings.Cut(s.sim.WSAddr(), ":")
	// pagedrive.OpenApp waits for the English "Ready": here the status
	// line says it in Hindi, so wait for its class.
	drive(t, ctx,
		chromedp.Navigate(s.url),
		chromedp.WaitVisible(pagedrive.Mounted),
		fill("terminal-ip", host),
		fill("port", port),
		clickSel("#connect"),
		poll(`!!document.querySelector("#status.status-ok")`),
	)
	if got := textSel(ctx, "#status .status-text"); got != "तैयार" {
		t.Errorf("the status line reads %q, want तैयार", got)
	}
	if lang, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "hi" {
		t.Errorf("the page's lang is %q, want hi", lang)
	}
	if _, err := pagedrive.Charge(ctx, "1234.56"); err != nil {
		t.Fatal(err)
	}
	ref, _ := textOf(ctx, "result-ref")

	axe := func(what string) {
		t.Helper()
		vs, err := audit(ctx, script)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			t.Errorf("%s: %s", what, v)
		}
	}
	has := func(what, text string, want ...string) {
		t.Helper()
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q:\n%s", what, w, text)
			}
		}
	}

	drive(t, ctx, nav("history", entrySel(ref)))
	has("the tabs", textSel(ctx, "nav.tabs"), "इतिहास", "सेटलमेंट", "कंसोल")
	has("History", textSel(ctx, "#screen"), "इतिहास", "स्वीकृत बिक्री", "1 लेनदेन, सबसे नया सबसे ऊपर", "CSV एक्सपोर्ट करें")
	if got, _ := textOf(ctx, "total-sales"); got != "1 · ₹1,234.56" {
		t.Errorf("the day's sales read %q, want 1 · ₹1,234.56", got)
	}
	if got := textSel(ctx, entrySel(ref)+" .state-words"); got != "स्वीकृत" {
		t.Errorf("the sale's state reads %q, want स्वीकृत", got)
	}
	axe("History")
	drive(t, ctx, clickSel(entrySel(ref)), waitText("#detail-ref", ref))
	has("the entry's details", textSel(ctx, "#history-detail"), "बिक्री", "₹1,234.56", "क्या-क्या हुआ", "→ भेजा गया", "← मिला")
	axe("History's details")

	drive(t, ctx,
		nav("settlement", "#settle-run"),
		waitContains("#settle-open", "1 · ₹1,234.56"),
		clickSel("#settle-run"),
		clickSel("#settle-confirm"),
		poll(`!!document.getElementById("settle-table")`),
	)
	has("the settlement", textSel(ctx, "#settle-result"), "टर्मिनल का कुल जोड़ जर्नल से मेल खाता है।", "बिक्री", "मेल खाता है")
	if got := textSel(ctx, `#settle-table tr[data-line="Sales"] .term`); got != "1 · ₹1,234.56" {
		t.Errorf("the terminal's sales read %q, want 1 · ₹1,234.56", got)
	}
	axe("Settlement")

	drive(t, ctx,
		nav("console", "#payload"),
		choose("console-template", "1"),
		poll(`document.getElementById("payload").value !== ""`),
		clickSel("#send"),
		poll(`!!document.querySelector("#console-result .state-words")`),
	)
	has("the Console", textSel(ctx, "#screen"), "कंसोल", "टेम्पलेट", "₹1.00", "→ भेजा गया", "← मिला", "नतीजा", "लॉग साफ़ करें")
	has("the Console's outcome", textSel(ctx, "#console-result"), "स्वीकृत", "रेफ़रेंस")
	axe("Console")
}
