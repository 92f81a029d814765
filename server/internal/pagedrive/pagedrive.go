// Package pagedrive holds the few page actions that the browser tests and
// the bench both take through chromedp: waiting for a condition, and
// filling a field as a paste would.
package pagedrive

import (
	"context"
	"encoding/json"
	"errors"

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
	return Poll(`(() => {
		const e = document.getElementById(`+JSString(id)+`);
		if (!e) return false;
		e.focus();
		e.value = `+JSString(value)+`;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`, opts...)
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
