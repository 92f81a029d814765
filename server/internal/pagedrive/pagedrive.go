// Package pagedrive holds what the browser tests and the bench both do
// through chromedp: starting and closing Chromium, and the few page
// actions they share: waiting for a condition, filling a field as a paste
// would, and pressing a button as a hand would.
package pagedrive

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// Poll waits until the JavaScript expression is true; its error names the
// expression.
func Poll(expr string, opts ...chromedp.PollOption) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Poll[bool](expr, opts...)(ctx, tg); err != nil {
			return chromedp.Void{}, errors.New("waiting for " + expr + ": " + err.Error())
		}
		return chromedp.Void{}, nil
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
