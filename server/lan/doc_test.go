// Package lan holds lanepay's LAN tests: the tablet's browser, the lanepay
// server and the card terminal each on a machine of its own, joined by a
// switch, as in a shop, instead of all on loopback as the other browser
// tests are. Only test files live here.
//
// Each test builds its own LAN in Linux network namespaces: one namespace
// holds a bridge (the shop's switch) and nothing else, and one namespace
// per role (tablet, server, terminal) is joined to it by a veth pair, with
// an address in 10.99.N.0/24 (N from the test process's id): the tablet
// .10, the server .20, the terminal .30. Headless Chromium runs in the
// tablet's namespace, `bin/lanepay` in the server's, and a standalone
// simulated terminal (`bin/lanepay -sim`) in the terminal's. Nothing
// crosses from one role to another over loopback. Pulling a cable is
// setting the role's veth down on the bridge side, so that the role's own
// end sends nothing, not even a FIN: what a terminal switched off or a
// Wi-Fi gone away looks like.
//
// What they cover:
//
//   - LAN over HTTP: the page loads from the server and charges against
//     the terminal directly (ws://); it is not a secure context, so it has
//     no Web Locks, no StorageManager and no service worker. Two tabs of
//     the till, a charge in flight in one: the other refuses to charge
//     (the guard is a lease in IndexedDB), and one request reaches the
//     terminal. The first load says plainly what this way lacks
//     (installing, offline) and how to have it (-tls); dismissed, the
//     notice is not shown at the next load.
//   - LAN over HTTPS with the bridge: lanepay's own CA, trusted in the
//     test browser's profile, covers the server's LAN address; charges go
//     through the bridge to a WebSocket and to a TCP terminal; the service
//     worker keeps the page loading with the server's link cut, and the
//     status line then says the till's server cannot be reached; the
//     manifest, and whether Chromium finds the page installable.
//   - A terminal that vanishes mid-charge and comes back: the outcome
//     becomes unknown, the status line leaves Ready once the response
//     timeout has passed, recovery settles the outcome when the link is
//     back, and the terminal's ledger and the page's journal agree:
//     charged once, recorded once.
//   - A server that vanishes while the page talks to the terminal
//     directly: charging goes on.
//   - A terminal that vanishes while idle: how long the page takes to show
//     Disconnected, directly and through the bridge (which must notice
//     within 20 s).
//
// How to run them: `make lan-test` (as root: it installs what they need,
// builds, and runs them). `make test` runs it where the machine allows
// network namespaces. By hand, after `make deps build`:
//
//	LANEPAY_LAN=1 go test -count=1 -v ./server/lan/
//
// Without LANEPAY_LAN they skip, so that `go test ./...` does not run them
// a second time. Where the machine does not allow namespaces (not root, no
// `ip netns`) they skip with one line; LANEPAY_REQUIRE_LAN=1 makes that a
// failure. LANEPAY_LAN_BOUND (a duration, default 30s) bounds the wait for
// an idle terminal's disappearance to be noticed; LANEPAY_LAN_LOGS=1 shows
// the servers' and the terminal's logs of passing tests too. They use
// `bin/lanepay` (or LANEPAY_BIN), Debian's chromium, and certutil
// (libnss3-tools).
package lan
