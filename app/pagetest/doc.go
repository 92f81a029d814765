// Package pagetest holds the page's own tests: what only a browser shows
// about lanepay's page, in real headless Chromium driven by chromedp
// (app/pagedrive), against the bundle `make build` made (web/dist) and
// the simulated terminal (app/terminalsim), all on loopback. The page
// connects to the terminal itself, as on a shop's LAN; what lanepay's
// server adds (the bridge, TLS, its headers and Content-Security-Policy,
// offline after it stops, an update deployed under an open page) is
// tested in server/. `make test` sets LANEPAY_REQUIRE_BROWSER, so there a
// missing browser, axe-core or bundle fails the tests rather than
// skipping them.
//
// Each test reads what the cashier sees and checks the terminal's ledger
// or the page's journal as well, so that a screen with the right words
// over the wrong money still fails:
//
//   - charging: approved and declined, a refused amount, the terminal's
//     settings kept across a reload, pre-auth and its completion, a
//     completion without its original refused before anything is sent
//     (charge_test.go, types_test.go);
//   - the money promises: the fault amounts and their recovery, a reload
//     while a charge is in flight, a double tap, two tabs, an unknown
//     outcome asked about before the next charge and answered by its own
//     button only (safety_test.go); a shop's Postman collection imported
//     and charged with, a terminal that drops references (import_test.go);
//   - the press and the tap: a tap's change on the page before the
//     browser gets control back (which fails with go-app's frame loop as
//     released), the press on Charge journalling the sale and the tap
//     sending it in its own task, a press slid off sending nothing, the
//     verdict shown when its journal write fails (press_test.go,
//     charge_test.go);
//   - the screens: History with void, refund, receipt and CSV export,
//     Settlement against the journal and another till's sale, the
//     Console, Settings kept across reloads and a bad profile refused
//     (screens_test.go);
//   - the hand-off from billing software (app/handoff): the example
//     billing page (app/handoff/example/billing.html), served on another
//     origin, paying through the Pay screen: approved, with the return's
//     fields checked against the terminal's ledger, and the same invoice
//     again answered from the journal without a charge; declined and
//     tried again; 9.02's lost outcome waited for, or returned unknown
//     and answered approved by a later hand-off; a return origin not
//     allowed and a bad amount refused by name, nothing charged; the
//     outcome by postMessage to a page that opened lanepay with
//     window.open; the Pay screen audited by axe-core (pay_test.go);
//   - accessibility: axe-core run inside the page on every screen and
//     state a shift meets, in both themes and at a phone's width; a
//     charge made from the keyboard, its verdict read out and focus where
//     the next step is; each question opening on its safe answer
//     (a11y_test.go);
//   - layout: the page under the status line keeps still while it flips
//     between Connecting… and Disconnected (layout_test.go);
//   - start-up and storage: one terminal socket at start-up, opened
//     before the Go runtime loads (early_test.go); Connect pressed while
//     the app starts, Charge offered only once the journal can take it
//     (startup_test.go); no IndexedDB, no charge; local and session
//     storage blocked, the app still charging (storage_test.go);
//     reconnecting when the terminal comes back (reconnect_test.go);
//   - loading: the wasm fetched once a load (compiled from the page's
//     head), from the network and from the service worker; the app
//     starting without WebAssembly.compileStreaming; ?wasm=false fetching
//     no wasm (load_test.go);
//   - the wasm tests of app packages, run in headless Chromium by
//     wasmbrowsertest against a simulator started here: the terminal
//     client, its own browser WebSocket and its adoption of the early
//     connection, the app's session (Ready before the first render,
//     storage read and written, blocked storage survived) (wasm_test.go).
//
// The page is served as lanepay's server serves what the page depends
// on (stack_test.go). Every wait gives up after testkit.Timeout; a test
// that checks that something did not happen waits for an event after
// which it would have (a paint, the next transaction at the terminal),
// never for a while.
package pagetest
