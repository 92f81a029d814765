//go:build !js

package pagetest

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// latinText lists the words in Latin letters the page shows a cashier,
// outside what is the same in every language: what the terminal itself
// says (its messages and fields, the frames on the wire), references,
// codes, JSON and the names of things (lanepay, UPI, CSV, IP, TCP).
const latinText = `(() => {
	const skip = "code, pre, textarea, input, select option[value=''] ~ option, .fields, .frames, .result-message, #terminal-messages, .entry-ref, #detail-ref, #result-ref, #profile-name, .terminal-name, .terminal-addr, #console-log, .entry-type, .state-words[data-raw], #import-result, .preview-list, #result-card, #result-auth, .receipt-line span:last-child, #recovered, .unresolved-item > span";
	const out = new Set();
	const walk = document.createTreeWalker(document.getElementById("screen"), NodeFilter.SHOW_TEXT);
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		const el = n.parentElement;
		if (!el || el.closest(skip) || !el.getClientRects().length && !el.closest("#receipt-doc")) continue;
		for (const w of n.textContent.match(/[A-Za-z_]{2,}/g) || []) out.add(w);
	}
	for (const el of document.querySelectorAll("#screen [aria-label], nav [aria-label], nav a, #status")) {
		const t = (el.getAttribute("aria-label") || "") + " " + (el.matches("nav a, #status .status-text") ? el.textContent : "");
		for (const w of t.match(/[A-Za-z_]{2,}/g) || []) out.add(w);
	}
	return [...out].join(" ");
})()`

// sameInEveryLanguage are the words in Latin letters a Hindi screen keeps:
// codes in capitals (UPI, CSV, RRN, a field's name, a reference, the
// terminal's own APPROVED), the names of things as Indian shops write
// them, English as the name of the language, am and pm as the browser's
// Intl writes Hindi times, and Counter, the first terminal's name (the
// shop's to change, like every name it gives).
var sameInEveryLanguage = regexp.MustCompile(`^([A-Z0-9_]+|lanepay|WebSocket|Postman|English|keeps_references|ws|host|v|am|pm|Counter)$`)

// A sale in Hindi, from choosing the language to the receipt: the words
// on every screen are Hindi, the amount is in rupees grouped the Indian
// way, the page's lang is hi, and axe finds nothing broken.
func TestBrowserHindiSale(t *testing.T) {
	script := axeScript(t)
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	drive(t, ctx, nav("settings", "#language-choice"), clickSel("#language-hi"),
		poll(`document.documentElement.lang === "hi"`),
		poll(`document.getElementById("nav-charge").textContent !== "Charge"`))

	english := func(name string) {
		t.Helper()
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](latinText))
		if err != nil {
			t.Fatal(err)
		}
		var left []string
		for _, w := range strings.Fields(got) {
			if !sameInEveryLanguage.MatchString(w) {
				left = append(left, w)
			}
		}
		if len(left) > 0 {
			t.Errorf("%s: English left on a Hindi screen: %s\nthe screen reads:\n%s", name, strings.Join(left, " "), screenText(ctx))
		}
	}
	audited := func(name string) {
		t.Helper()
		vs, err := audit(ctx, script)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			t.Errorf("%s: %s", name, v)
		}
	}
	english("settings")
	audited("settings")

	drive(t, ctx, nav("charge", "#amount"))
	english("charge form")
	audited("charge form")
	drive(t, ctx, fill("amount", "123456.78"), chromedp.Click(chromedp.ID("charge")),
		poll(`!!document.getElementById("result-verdict")`), poll(`!!document.getElementById("receipt-doc")`))
	checks := []struct{ sel, want string }{
		{"#result-verdict", "स्वीकृत"},
		{"#result-amount", "बिक्री ₹1,23,456.78"},
		{"#new-sale", "नई बिक्री"},
		{"#receipt-doc", "स्वीकृत"},
		{"#receipt-doc", "₹1,23,456.78"},
		{"#receipt-doc", "रेफ़रेंस"},
		{"#charge-announce", "स्वीकृत: बिक्री"},
	}
	for _, c := range checks {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+jsString(c.sel)+`).textContent`))
		if err != nil || !strings.Contains(got, c.want) {
			t.Errorf("%s reads %q (%v), want it to hold %q", c.sel, got, err, c.want)
		}
	}
	english("result")
	audited("result")

	for _, sc := range []struct{ tab, el string }{{"history", "#history-entries"}, {"settlement", "#settle-run"}, {"console", "#payload"}} {
		drive(t, ctx, nav(sc.tab, sc.el))
		english(sc.tab)
		audited(sc.tab)
	}
	if n := len(s.ledger(t)); n != 1 {
		t.Errorf("the terminal has %d transactions, want the one sale", n)
	}
}
