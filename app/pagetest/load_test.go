//go:build !js

package pagetest

import (
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// wasmFetches counts the page's requests for the wasm (Resource Timing:
// one entry per fetch, whether the network, the HTTP cache or the service
// worker answered it).
const wasmFetches = `performance.getEntriesByType("resource").filter(e => new URL(e.name).pathname === "/web/app.wasm").length`

// TestBrowserLoadsTheWasmOnce: the page's head starts compiling the wasm
// (compile-early.js) and go-app's loader instantiates that module rather
// than fetching the wasm again, on the first load and on a load the
// service worker serves.
func TestBrowserLoadsTheWasmOnce(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	check := func(load string) {
		t.Helper()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](wasmFetches))
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%s: the page fetched the wasm %d times, want once", load, n)
		}
		early, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.lanepayWasm instanceof Promise`))
		if err != nil {
			t.Fatal(err)
		}
		if !early {
			t.Errorf("%s: compile-early.js did not start the compile", load)
		}
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
	); err != nil {
		t.Fatal(err)
	}
	check("first load")
	// The first visit installs the worker; the next load is under it.
	if err := chromedp.Do(ctx,
		poll(`navigator.serviceWorker.getRegistration().then(r => !!r && !!r.active)`),
		chromedp.Navigate(s.url),
		poll(`!!navigator.serviceWorker.controller && !!document.querySelector('.shell[data-mounted="true"]')`),
	); err != nil {
		t.Fatal(err)
	}
	check("load from the service worker")
}

// TestBrowserLoadsWithoutCompileStreaming: a browser without
// WebAssembly.compileStreaming (or one whose streaming compile is
// unavailable) still starts the app, through go-app's own fallback, and
// charges.
func TestBrowserLoadsWithoutCompileStreaming(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	const noStreaming = `delete WebAssembly.compileStreaming; delete WebAssembly.instantiateStreaming;`
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: noStreaming}); err != nil {
		t.Fatal(err)
	}
	openApp(t, ctx, s)
	streaming, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`"compileStreaming" in WebAssembly || window.lanepayWasm !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if streaming {
		t.Fatal("the page still had compileStreaming: the test did not take it away")
	}
	if v, err := charge(ctx, "4.20"); err != nil || v != "Approved" {
		t.Fatalf("charge without compileStreaming: verdict %q, %v", v, err)
	}
}

// wasmAsked counts, in every document from before its own scripts run,
// the page's requests for the wasm as they are made, where Resource
// Timing lists a fetch only once it has finished.
const wasmAsked = `(() => {
	window.__wasmAsked = 0;
	const fetch = window.fetch;
	window.fetch = function (input, ...rest) {
		const url = new URL(input instanceof Request ? input.url : input, location.href);
		if (url.pathname === "/web/app.wasm") window.__wasmAsked++;
		return fetch.call(this, input, ...rest);
	};
})()`

// TestBrowserWasmFalseFetchesNoWasm: where go-app's loader leaves the wasm
// alone (?wasm=false, as for a crawler), compile-early.js does too.
func TestBrowserWasmFalseFetchesNoWasm(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: wasmAsked}); err != nil {
		t.Fatal(err)
	}
	// Once the document is complete, every script of the page has run:
	// compile-early.js in the head and the loader (app.js), which removes
	// its spinner as it decides not to load the wasm. A fetch of the wasm
	// either made is counted by then, as it was made.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.url+"/?wasm=false"),
		poll(`document.readyState === "complete" && !document.getElementById("app-wasm-loader")`),
	); err != nil {
		t.Fatal(err)
	}
	started, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.lanepayWasm !== null`))
	if err != nil {
		t.Fatal(err)
	}
	if started {
		t.Error("compile-early.js started fetching the wasm with ?wasm=false")
	}
	asked, err := chromedp.Run(ctx, chromedp.Evaluate[int](`window.__wasmAsked`))
	if err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](wasmFetches))
	if err != nil {
		t.Fatal(err)
	}
	if asked != 0 || n != 0 {
		t.Errorf("the page fetched the wasm %d times with ?wasm=false (%d finished), want none", asked, n)
	}
}
