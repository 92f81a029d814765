package main

// The server's tests are of what it adds to the page: they start the
// daemon as main does (startServer), on loopback, with the real embedded
// bundle and the simulated terminal beside it. The page's own behaviour,
// in a browser against the bundle alone, is app/pagetest's.
//
//   - Static serving (static_server_test.go): every URL of the bundle with
//     its type, caching, compressed copies negotiated by Accept-Encoding,
//     revalidation by ETag and ranges, the shell for the client's routes,
//     the security headers on every answer; /healthz, 404 for a copy's
//     own URL and a missing file, 405 for a POST, /bridge and
//     /bridge/info with the bridge off and on.
//   - The Content-Security-Policy (csp_server_test.go): the app started
//     under it in Chromium, its wasm, service worker and bridge socket
//     within it, nothing reported, and an inline script refused.
//   - The bridge (bridge_server_test.go, bridge_browser_test.go): sales
//     from the served page to the terminal over TCP and WebSocket, over
//     plain HTTP and over HTTPS (lanepay's own certificate), a terminal
//     that goes away mid-sale, another origin and a rebound host name
//     refused before any terminal is dialled; the page charging a
//     terminal set to TCP through it.
//   - TLS (tls_server_test.go): lanepay's own CA made, reused and handed
//     out; a certificate and key given.
//   - The service worker as deployed (pwa_browser_test.go,
//     update_browser_test.go): the manifest and its icons served; the app
//     reloaded offline once the server has stopped, and a hand-off's Pay
//     screen (/pay) opened offline; a new version
//     deployed under an open page offered, and loaded, on the reload.
//   - The daemon and its configuration (daemon_server_test.go,
//     config_test.go): flags and their environment twins; a stop that
//     cuts idle connections without an error.
//   - The README's screenshots (screenshots_test.go), made by
//     `make screenshots` only.
//
// `make test` sets LANEPAY_REQUIRE_BROWSER, so there a missing browser or
// bundle fails the browser tests rather than skipping them. Waits give up
// after testkit.Timeout.
