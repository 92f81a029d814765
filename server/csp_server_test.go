package main

import (
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// consoleRecorder keeps what the page writes to the console and the
// browser log, where Chromium reports Content-Security-Policy violations.
type consoleRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (r *consoleRecorder) listen(ev any) {
	var line string
	switch e := ev.(type) {
	case *log.EventEntryAdded:
		line = string(e.Entry.Level) + " " + string(e.Entry.Source) + ": " + e.Entry.Text
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range e.Args {
			if len(a.Value) > 0 {
				parts = append(parts, string(a.Value))
			} else {
				parts = append(parts, a.Description)
			}
		}
		line = string(e.Type) + " console: " + strings.Join(parts, " ")
	case *runtime.EventExceptionThrown:
		line = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			line += " " + e.ExceptionDetails.Exception.Description
		}
	default:
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lines = append(r.lines, line)
}

func (r *consoleRecorder) matching(substr string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, l := range r.lines {
		if strings.Contains(strings.ToLower(l), strings.ToLower(substr)) {
			out = append(out, l)
		}
	}
	return out
}

func (r *consoleRecorder) all() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "\n")
}

// cspWatch records securitypolicyviolation events in every document, from
// before its own scripts run.
const cspWatch = `window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => {
	window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || ""));
});`

// TestBrowserCSP loads the app under its Content-Security-Policy in real
// Chromium: the wasm compiles and runs, the service worker registers, and
// nothing is blocked. A deliberate inline script then proves that the
// watch would have seen a violation.
func TestBrowserCSP(t *testing.T) {
	d := startServer(t, config{Sim: true, Bridge: true})
	ctx := newBrowser(t)
	rec := &consoleRecorder{}
	if err := chromedp.Do(ctx); err != nil { // open the tab, to listen from the start
		t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, rec.listen); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspWatch}); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(d.URL()),
		chromedp.WaitVisible(`[data-mounted="true"]`),
		// The service worker registers and activates: worker-src and its
		// fetches pass.
		poll(`!!navigator.serviceWorker.controller || (navigator.serviceWorker.ready.then(() => window.__swReady = true), window.__swReady === true)`),
	)
	if err != nil {
		t.Fatalf("the app did not start under its CSP: %v\nconsole:\n%s", err, rec.all())
	}
	// A bridge WebSocket and a wasm-side data: image stay within the policy.
	if err := chromedp.Do(ctx, openBridge("csp", d.sim.TCPAddr(), ""), poll(`window.bridges.csp.frames.length >= 1`)); err != nil {
		t.Fatalf("bridge under CSP: %v\nconsole:\n%s", err, rec.all())
	}
	header, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch("/").then(r => r.headers.get("content-security-policy"))`, chromedp.EvalAwaitPromise))
	if err != nil || !strings.Contains(header, "'wasm-unsafe-eval'") {
		t.Fatalf("the page was not served with its CSP: %q %v", header, err)
	}

	// The control: what the policy forbids is seen. Its report is also
	// the event after which every earlier one has come: a document
	// reports its violations in the order they happen, each in a task
	// queued then, so whatever was reported late is in by the time the
	// control's report is.
	if err := chromedp.Do(ctx, poll(`(() => { const s = document.createElement("script"); s.textContent = "window.__inline = 1"; document.body.appendChild(s); return true; })()`),
		poll(`window.__csp.some(v => v.startsWith("script-src") && v.includes("inline"))`)); err != nil {
		t.Fatalf("an inline script raised no violation: %v", err)
	}
	if ran, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__inline === 1`)); ran {
		t.Error("an inline script ran")
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp`))
	if err != nil {
		t.Fatal(err)
	}
	if others := withoutControl(violations, func(v string) bool { return strings.HasPrefix(v, "script-src") && strings.Contains(v, "inline") }); len(others) > 0 {
		t.Errorf("CSP violations: %q", others)
	}
	// The console's reports come over DevTools: the control's may not be
	// in yet, but it is the only one allowed.
	if bad := withoutControl(rec.matching("Content Security Policy"), func(l string) bool { return strings.Contains(l, "inline script") }); len(bad) > 0 {
		t.Errorf("console reports CSP violations:\n%s", strings.Join(bad, "\n"))
	}
}

// withoutControl is reports without the first that isControl: the
// control's, the one report a test that provokes it allows.
func withoutControl(reports []string, isControl func(string) bool) []string {
	var out []string
	seen := false
	for _, r := range reports {
		if !seen && isControl(r) {
			seen = true
			continue
		}
		out = append(out, r)
	}
	return out
}
