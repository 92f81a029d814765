//go:build !js

package pagetest

import (
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// socketWatch records every WebSocket the page opens, and whether the Go
// runtime's script (wasm_exec.js, which defines Go) had run yet.
const socketWatch = `(() => {
	window.__sockets = [];
	const Native = window.WebSocket;
	window.WebSocket = class extends Native {
		constructor(...args) {
			super(...args);
			window.__sockets.push({url: this.url, beforeGo: typeof Go === "undefined"});
		}
	};
})()`

type openedSocket struct {
	URL      string `json:"url"`
	BeforeGo bool   `json:"beforeGo"`
}

// TestBrowserEarlyConnection: the page remembers its terminal, and at the
// next start connects to it while the app is still loading (early.js);
// the app takes that socket rather than opening a second, and charges on
// it.
func TestBrowserEarlyConnection(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: socketWatch}); err != nil {
		t.Fatal(err)
	}
	openApp(t, ctx, s)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url),
		waitText(`#status .status-text`, "Ready"),
	); err != nil {
		t.Fatal(err)
	}
	sockets, err := chromedp.Run(ctx, chromedp.Evaluate[[]openedSocket](`window.__sockets`))
	if err != nil {
		t.Fatal(err)
	}
	want := "ws://" + s.sim.WSAddr() + "/"
	if len(sockets) != 1 || sockets[0].URL != want || !sockets[0].BeforeGo {
		t.Fatalf("sockets opened at the second start: %+v; want one, to %s, before the Go runtime loaded", sockets, want)
	}
	if _, err := charge(ctx, "12.34"); err != nil {
		t.Fatal(err)
	}
	if v, _ := textOf(ctx, "result-verdict"); v != "Approved" {
		t.Errorf("verdict %q on the early socket", v)
	}
}
