// Compiles the app's WebAssembly from the start of the page's head, as its
// bytes arrive, instead of once go-app's loader runs (after app.js and
// wasm_exec.js have loaded): the compile overlaps the download on a cold
// load and the service worker's read on a warm one. The loader
// instantiates this module (generate.go patches it to); if compiling
// fails, the loader shows why. Where go-app's loader would not load the
// wasm (goappCanLoadWebAssembly: a crawler, or ?wasm=false), neither does
// this.
"use strict";
window.lanepayWasm = null;
if (
  typeof WebAssembly === "object" &&
  WebAssembly.compileStreaming &&
  !/bot|googlebot|crawler|spider|robot|crawling/i.test(navigator.userAgent) &&
  new URLSearchParams(window.location.search).get("wasm") !== "false"
) {
  window.lanepayWasm = WebAssembly.compileStreaming(fetch("/web/app.wasm"));
  window.lanepayWasm.catch(() => {}); // not unhandled: the loader awaits it
}
