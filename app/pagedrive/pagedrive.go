//go:build !js

// Package pagedrive drives lanepay's page in headless Chromium through
// chromedp, for the page's own tests (app/pagetest), the server's browser
// tests and the bench alike: starting and closing Chromium, and the page
// actions they share, from waiting for a condition and filling a field
// as a paste would to connecting to a terminal and charging.
//
// Every wait here gives up after Timeout. Chromium is started with the
// flags that work on the project's machines (BrowserOptions); chromedp
// builds for no browser's wasm, hence the build constraint.
package pagedrive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/testkit"
)

// Timeout bounds every wait of the actions here unless the caller says
// otherwise: as long as any other wait in the tests (testkit.Timeout).
const Timeout = testkit.Timeout

// Mounted matches the page once the wasm has taken over from the
// pre-rendered HTML.
const Mounted = `.shell[data-mounted="true"]`

// Poll waits until the JavaScript expression is true, for Timeout unless
// opts say otherwise; its error names the expression.
func Poll(expr string, opts ...chromedp.PollOption) chromedp.Action[chromedp.Void] {
	opts = append([]chromedp.PollOption{chromedp.WithPollingTimeout(Timeout)}, opts...)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Poll[bool](expr, opts...)(ctx, tg); err != nil {
			return chromedp.Void{}, errors.New("waiting for " + expr + ": " + err.Error())
		}
		return chromedp.Void{}, nil
	}
}

// PollAcross is Poll that asks again when an evaluation fails, as one
// does while the page is between documents (a reload, a navigation the
// page makes itself, DevTools right after a load), for Timeout.
func PollAcross(expr string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		var ok bool
		var err error
		testkit.Until(func() bool {
			ok, err = chromedp.Evaluate[bool](expr)(ctx, tg)
			return (err == nil && ok) || ctx.Err() != nil
		})
		if err == nil && ok {
			return chromedp.Void{}, nil
		}
		return chromedp.Void{}, fmt.Errorf("waiting for %s: still false (%v)", expr, err)
	}
}

// Fill puts value into the input with this id as a whole, firing the input
// event the page listens to, as a paste would; it waits for the input.
func Fill(id, value string, opts ...chromedp.PollOption) chromedp.Action[chromedp.Void] {
	return Poll(FillScript(id, value), opts...)
}

// FillScript is Fill's JavaScript, for a caller that waits its own way:
// true once it filled the input, false while there is none.
func FillScript(id, value string) string {
	return `(() => {
		const e = document.getElementById(` + JSString(id) + `);
		if (!e) return false;
		e.focus();
		e.value = ` + JSString(value) + `;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`
}

// Click clicks the element sel matches once it exists and is enabled, in
// one evaluation, so that a re-render between finding and clicking cannot
// fail it. It is a click with no pointer, as a keyboard's Enter makes.
func Click(sel string) chromedp.Action[chromedp.Void] {
	return Poll(`(() => { const e = document.querySelector(` + JSString(sel) + `); if (!e || e.disabled) return false; e.click(); return true; })()`)
}

// Choose selects an option of the <select> with this id by value, as a
// cashier would, once the option is there.
func Choose(id, value string) chromedp.Action[chromedp.Void] {
	return Poll(`(() => {
		const e = document.getElementById(` + JSString(id) + `);
		if (!e || ![...e.options].some(o => o.value === ` + JSString(value) + `)) return false;
		e.value = ` + JSString(value) + `;
		e.dispatchEvent(new Event("change", {bubbles: true}));
		return true;
	})()`)
}

// WaitText waits until the text of the element sel matches, trimmed, is
// want; its error says what it read instead.
func WaitText(sel, want string) chromedp.Action[chromedp.Void] {
	return waitFor(sel, "read "+want, `(e ? e.textContent.trim() : "") === `+JSString(want))
}

// WaitContains waits until the text of the element sel matches contains
// want; its error says what it read instead.
func WaitContains(sel, want string) chromedp.Action[chromedp.Void] {
	return waitFor(sel, "contain "+want, `!!e && e.textContent.includes(`+JSString(want)+`)`)
}

// waitFor waits until cond, an expression of e (the element sel matches,
// or null), is true.
func waitFor(sel, what, cond string) chromedp.Action[chromedp.Void] {
	find := `const e = document.querySelector(` + JSString(sel) + `);`
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Poll[bool](`(() => { `+find+` return `+cond+`; })()`, chromedp.WithPollingTimeout(Timeout))(ctx, tg)
		if err != nil {
			// Read with a moment of its own: the wait may have ended
			// because ctx did.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			got, _ := chromedp.Evaluate[string](`(() => { `+find+` return e ? e.textContent : "<no element>"; })()`)(rctx, tg)
			return chromedp.Void{}, fmt.Errorf("waiting for %s to %s: it reads %q: %w", sel, what, got, err)
		}
		return chromedp.Void{}, nil
	}
}

// Text is the trimmed text of the first element sel matches, "" if none.
// It is read in one evaluation, so that a re-render between finding the
// node and reading it cannot fail the read.
func Text(ctx context.Context, sel string) string {
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+JSString(sel)+`); return e ? e.textContent.trim() : ""; })()`))
	return s
}

// TextOf is the trimmed text of the element with this id, "" if none, in
// one evaluation as Text is; the error is the evaluation's.
func TextOf(ctx context.Context, id string) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.getElementById(`+JSString(id)+`); return e ? e.textContent.trim() : ""; })()`))
}

// ScreenText is the page's visible text, for failure messages: the
// screen, and above it the status line with its reason (a failure to
// connect reads there).
func ScreenText(ctx context.Context) string {
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : "<no body>"`))
	return s
}

// AfterPaint waits until the browser has painted twice, then run a task.
// The page puts off until after its next paint what can wait for it
// (app/after-paint.go: a frame, then a task): focus moving to the next
// field, the detail below a verdict. Whatever it had put off before
// AfterPaint began has run by the time AfterPaint returns, and whatever
// that put off in turn from within its frame, the next frame later. A
// test that checks that nothing moved checks it then.
func AfterPaint() chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true)))))`, chromedp.EvalAwaitPromise)(ctx, tg)
		if err != nil {
			return chromedp.Void{}, fmt.Errorf("waiting for a paint: %w", err)
		}
		return chromedp.Void{}, nil
	}
}

// OpenApp loads the page at pageURL, waits for the wasm to take over
// from the pre-rendered HTML, and connects to the terminal at wsAddr
// (host:port) as a cashier would: Terminal IP, Port, Connect, until the
// status says Ready.
func OpenApp(pageURL, wsAddr string) chromedp.Action[chromedp.Void] {
	host, port, _ := strings.Cut(wsAddr, ":")
	return chromedp.Steps(
		chromedp.Navigate(pageURL),
		chromedp.WaitVisible(Mounted),
		Fill("terminal-ip", host),
		Fill("port", port),
		chromedp.Click(chromedp.ID("connect")),
		WaitText(`#status .status-text`, "Ready"),
	)
}

// Charge types an amount and taps Charge, then waits for a verdict on a
// new reference (the previous result may still be on screen until then)
// and returns it.
func Charge(ctx context.Context, amount string) (verdict string, err error) {
	prev, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("result-ref") || {}).textContent || ""`))
	err = chromedp.Do(ctx,
		// From a result, New sale brings the form back.
		Poll(`(() => { const b = document.getElementById("new-sale"); if (b) b.click(); return !!document.getElementById("charge"); })()`),
		chromedp.WaitEnabled(chromedp.ID("charge")),
		Fill("amount", amount),
		chromedp.Click(chromedp.ID("charge")),
		Poll(`(() => { const e = document.getElementById("result-ref"); return !!e && e.textContent !== "" && e.textContent !== `+JSString(prev)+`; })()`),
	)
	if err != nil {
		screen, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("screen").innerText`))
		return "", fmt.Errorf("charging %s: %w; the screen reads:\n%s", amount, err, screen)
	}
	return TextOf(ctx, "result-verdict")
}

// JSString quotes s as a JavaScript string literal.
func JSString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// BrowserOptions are how the tests and the bench start headless Chromium:
// chromedp's defaults (headless, no first run, no background networking or
// sync), the flags that work on the project's machines (no sandbox, GPU,
// QUIC or component updates) and a profile of its own in userDataDir,
// then extra.
func BrowserOptions(exe, userDataDir string, extra ...chromedp.ExecAllocatorOption) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(userDataDir),
	)
	return append(opts, extra...)
}

// closeWait bounds how long stop waits for Chromium to close by itself.
const closeWait = 10 * time.Second

// StartBrowser starts Chromium (opts: BrowserOptions) under parent and
// returns its tab's context and stop, which closes it (once, however often
// it is called). The browser lives as long as parent and stop allow, not a
// context derived later (a test's timeout): chromedp ties it to the
// context its first run used, which is why StartBrowser makes that run.
//
// stop asks Chromium to close and waits for it, up to closeWait, before
// ending the process: a Chromium killed outright leaves the directory of
// its singleton socket behind in the system's temporary directory (one for
// every browser the tests and the bench start), one that closes removes
// it.
func StartBrowser(parent context.Context, opts ...chromedp.ExecAllocatorOption) (ctx context.Context, stop func(), err error) {
	actx, cancelA := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	var once sync.Once // chromedp.Cancel may not run twice
	stop = func() {
		once.Do(func() {
			wait, cancel := context.WithTimeout(ctx, closeWait)
			defer cancel()
			// A browser that never started, or is gone already, has
			// nothing to close: the cancels below still end what there is.
			_ = chromedp.Cancel(wait)
			cancelC()
			cancelA()
		})
	}
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, fmt.Errorf("failed to start Chromium: %w", err)
	}
	return ctx, stop, nil
}

// Centre scrolls the element with this id into view and returns its
// middle, where a finger would land, in the viewport's coordinates.
func Centre(ctx context.Context, id string) (x, y float64, err error) {
	at, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => {
		const e = document.getElementById(`+JSString(id)+`);
		if (!e) return [];
		e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect();
		return [r.left + r.width / 2, r.top + r.height / 2];
	})()`))
	if err != nil {
		return 0, 0, err
	}
	if len(at) != 2 {
		return 0, 0, fmt.Errorf("no #%s on the page", id)
	}
	return at[0], at[1], nil
}

// Mouse presses, moves (held) or releases the left button at x, y
// through DevTools' input pipeline, as a hand does. Not chromedp.Click:
// that asks the DOM domain for the node, and DevTools then keeps every
// node it was given, so a page that renders a new button for each sale
// would seem to leak.
func Mouse(ctx context.Context, typ input.DispatchMouseEventType, x, y float64) error {
	p := input.DispatchMouseEventParams{Type: typ, X: x, Y: y, Button: input.MouseButtonLeft, Buttons: 1, ClickCount: 1}
	if typ == input.DispatchMouseEventTypeMouseReleased {
		p.Buttons = 0
	}
	if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, p); err != nil {
		return fmt.Errorf("mouse %s at %.0f,%.0f: %w", typ, x, y, err)
	}
	return nil
}
