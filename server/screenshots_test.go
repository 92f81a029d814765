package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots makes the README's screenshots from the real app, at a
// tablet's landscape size, when LANEPAY_SCREENSHOTS names a directory
// (`make screenshots`). Each shot first checks its screen is showing.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("LANEPAY_SCREENSHOTS")
	if dir == "" {
		t.Skip("set LANEPAY_SCREENSHOTS=dir (make screenshots)")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Fatal(err)
	}
	openApp(t, ctx, s)
	for _, a := range []string{"12.34", "8.50", "10.51", "42.00"} {
		if _, err := charge(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	shot := func(name string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		// At rest: the till Ready again (a verdict shows before its
		// journal write, the status after it), and past the paint of what
		// the steps brought and of what it put off until after it (the
		// receipt below a verdict).
		if err := chromedp.Do(ctx, append(steps, poll(`!!document.querySelector("#status.status-ok")`), afterPaint())...); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Quality 100 makes a PNG.
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	shot("result", waitText("#result-verdict", "Approved"))
	shot("charge", poll(`(() => { const b = document.getElementById("new-sale"); if (b) b.click(); return !!document.getElementById("charge"); })()`),
		fill("amount", "23.45"))
	for _, sc := range []string{"history", "settlement", "console", "settings"} {
		shot(sc, chromedp.Click(chromedp.ID("nav-"+sc)),
			poll(`document.getElementById("nav-`+sc+`").getAttribute("aria-current") === "page"`))
	}
	// A sale in Hindi, in rupees: the shop's language chosen in Settings.
	if err := chromedp.Do(ctx, clickSel("#language-hi"), poll(`document.documentElement.lang === "hi"`), chromedp.Click(chromedp.ID("nav-charge"))); err != nil {
		t.Fatal(err)
	}
	if _, err := charge(ctx, "1234.50"); err != nil {
		t.Fatal(err)
	}
	shot("hindi", poll(`!!document.getElementById("receipt-doc")`))
}
