//go:build linux

package lan

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/pwa"
	"github.com/chromedp/chromedp"
	"github.com/coder/websocket"
)

// startHTTP serves the app over plain HTTP on the server's address, as
// `lanepay -addr 0.0.0.0:8000` does for the shop's LAN; it returns the URL
// the tablet opens.
func (l *lan) startHTTP(name string) string {
	l.t.Helper()
	addr := net.JoinHostPort(l.addr(server), "8000")
	l.start(server, name, "-addr", addr)
	l.waitListening(tablet, addr, 15*time.Second)
	return "http://" + addr
}

// startHTTPS serves the app over HTTPS with lanepay's own certificate
// (kept in tlsDir) and the bridge, allowed to reach the terminal's two
// ports only; it returns the URL the tablet opens.
func (l *lan) startHTTPS(name, tlsDir string) string {
	l.t.Helper()
	addr := net.JoinHostPort(l.addr(server), "8443")
	term := l.addr(terminal)
	l.start(server, name, "-addr", addr, "-tls", "-tls-dir", tlsDir,
		"-bridge", "-allow", term+":5000,"+term+":5001")
	l.waitListening(tablet, addr, 15*time.Second)
	return "https://" + addr
}

// inquire asks the terminal about ref as lanepay's recovery does (a status
// inquiry, code 7), from inside the terminal's namespace, and returns its
// TXN_STATUS: IN_PROGRESS while it works on it.
func (l *lan) inquire(ctx context.Context, ref string) (string, error) {
	c, _, err := websocket.Dial(ctx, "ws://"+l.addr(terminal)+":5000/", &websocket.DialOptions{HTTPClient: l.client(terminal, nil)})
	if err != nil {
		return "", err
	}
	defer c.CloseNow()
	probe := fmt.Sprintf("LANPROBE%d", time.Now().UnixNano())
	req, _ := json.Marshal(map[string]string{"TRAN_CODE": "7", "TRAN_MODE": "1", "REF_NO": probe, "ORIG_REF_NO": ref})
	if err := c.Write(ctx, websocket.MessageText, req); err != nil {
		return "", err
	}
	for {
		_, b, err := c.Read(ctx)
		if err != nil {
			return "", err
		}
		var m map[string]string
		if json.Unmarshal(b, &m) == nil && m["REF_NO"] == probe {
			return m["TXN_STATUS"], nil
		}
	}
}

// TestLANOverHTTP: the second way to run in the README. The page comes
// from the server over plain HTTP and charges against the terminal
// directly; being no secure context, it has none of the APIs browsers
// keep for HTTPS, says so once, and guards the terminal across tabs with
// a lease in IndexedDB instead of a Web Lock.
func TestLANOverHTTP(t *testing.T) {
	l := newLAN(t)
	// A card's time: long enough for a second tab to try while a charge
	// is at the terminal.
	l.startTerminal(2 * time.Second)
	url := l.startHTTP("server")
	ctx := l.browser("tablet", "", 4*time.Minute)
	do(t, ctx, chromedp.Navigate(url), mounted())
	// The first load over plain HTTP says what this way of running lacks.
	firstNotice := textOf(ctx, "plain-http-notice")
	connectDirect(t, ctx, l.addr(terminal), "5000")

	var facts struct {
		Secure, Locks, Storage, ServiceWorker bool
	}
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify({
		Secure: window.isSecureContext,
		Locks: !!navigator.locks,
		Storage: !!navigator.storage,
		ServiceWorker: !!navigator.serviceWorker,
	})`))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(raw), &facts); err != nil {
		t.Fatal(err)
	}
	if facts.Secure {
		t.Errorf("http://%s is a secure context: the test no longer shows what LAN over HTTP lacks", l.addr(server))
	}
	if facts.Locks || facts.Storage || facts.ServiceWorker {
		t.Errorf("over plain HTTP the page has navigator.locks %v, navigator.storage %v, a service worker %v: want none", facts.Locks, facts.Storage, facts.ServiceWorker)
	}

	verdict, ref, err := charge(ctx, "12.34")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Approved" {
		t.Fatalf("charging 12.34 over the LAN: %q, want Approved", verdict)
	}
	if ledger := l.ledger(); len(ledger) != 1 || ledger[0].Ref != ref || ledger[0].State != "approved" || ledger[0].Amount != "1234" {
		t.Errorf("the terminal's ledger: %+v, want %s for 1234 approved, once", ledger, ref)
	}

	t.Run("cross-tab guard without Web Locks", func(t *testing.T) {
		// A second tab of the till on the same tablet: without
		// navigator.locks the guard is a lease in IndexedDB
		// (app/tabguard). While the first tab's charge is at the
		// terminal, the second refuses to charge: one request reaches
		// the terminal.
		tab2, closeTab := chromedp.NewContext(ctx)
		defer closeTab()
		do(t, tab2,
			chromedp.Navigate(url),
			mounted(),
			waitStatus("Ready", 30*time.Second),
			fill("amount", "7.00"),
		)
		before := len(l.ledger())
		do(t, ctx,
			poll(`(() => { const b = document.getElementById("new-sale"); if (b) b.click(); return !!document.getElementById("charge"); })()`, 30*time.Second),
			fill("amount", "7.00"),
			chromedp.Click(chromedp.ID("charge")),
			chromedp.WaitVisible(chromedp.ID("in-progress")),
		)
		do(t, tab2,
			chromedp.Click(chromedp.ID("charge")),
			poll(`(document.getElementById("form-error") || {textContent: ""}).textContent.includes("nother lanepay tab")`, 10*time.Second),
		)
		t.Logf("the second tab, while the first charges: %s", textOf(tab2, "form-error"))
		do(t, ctx, poll(`(document.getElementById("result-verdict") || {}).textContent === "Approved"`, 60*time.Second))
		ref := textOf(ctx, "result-ref")
		ledger := l.ledger()
		if len(ledger) != before+1 {
			t.Errorf("the terminal processed %d transactions while two tabs tried, want 1: %+v", len(ledger)-before, ledger[before:])
		}
		if n, state := l.charged(ref); n != 1 || state != "approved" {
			t.Errorf("the ledger has the first tab's %s %d times (%q), want once approved", ref, n, state)
		}
		lease, err := chromedp.Run(tab2, chromedp.Evaluate[bool](`indexedDB.databases().then(ds => ds.some(d => d.name === "lanepay-terminal"))`, chromedp.EvalAwaitPromise))
		if err != nil || !lease {
			t.Errorf("no lease database in this origin's IndexedDB (%v): the guard was not the lease", err)
		}
		// The first tab's charge over, its lease given back: the second
		// tab charges. Reloaded first: it read the first tab's charge in
		// the journal while it was pending, and a tab does not follow
		// the other's journal entries as they change.
		do(t, tab2, chromedp.Reload(), mounted(), waitStatus("Ready", 30*time.Second))
		verdict, ref2, err := charge(tab2, "7.00")
		if err != nil {
			t.Fatal(err)
		}
		if verdict != "Approved" {
			t.Errorf("the second tab, once the first is done: %q, want Approved", verdict)
		}
		if n, _ := l.charged(ref2); n != 1 {
			t.Errorf("the ledger has the second tab's %s %d times, want once", ref2, n)
		}
	})
	t.Run("notice of what LAN over HTTP lacks", func(t *testing.T) {
		// Said on the first load, in plain words: no installing, no
		// offline use, and -tls for both.
		t.Logf("the notice on the first load: %s", firstNotice)
		for _, want := range []string{"cannot be installed", "offline", "-tls", "https://"} {
			if !strings.Contains(firstNotice, want) {
				t.Errorf("the first load over http:// does not say %q; it says %q", want, firstNotice)
			}
		}
		// Dismissed with its own button, it goes, and the next load
		// does not show it again.
		do(t, ctx,
			chromedp.Click(chromedp.ID("plain-http-dismiss")),
			poll(`!document.getElementById("plain-http-notice")`, 10*time.Second),
			chromedp.Reload(),
			mounted(),
			waitStatus("Ready", 30*time.Second),
		)
		if again := textOf(ctx, "plain-http-notice"); again != "" {
			t.Errorf("dismissed, the notice is back on the next load: %q", again)
		}
	})
}

// TestLANOverHTTPSWithBridge: the third way to run. lanepay's own CA,
// trusted once on the tablet, makes the page a secure context; the page
// reaches the ws:// terminal and its TCP port through the server's bridge;
// the service worker keeps the page loading when the server is gone.
func TestLANOverHTTPSWithBridge(t *testing.T) {
	l := newLAN(t)
	l.startTerminal(time.Second)
	tlsDir := filepath.Join(l.dir, "tls")
	url := l.startHTTPS("server", tlsDir)
	srv := l.addr(server)

	// The certificate lanepay made for itself covers the address the
	// tablet uses: the server finds it on its interfaces, and the CA may
	// vouch for private addresses.
	leaf := readCert(t, filepath.Join(tlsDir, "cert.pem"))
	if !slices.ContainsFunc(leaf.IPAddresses, func(ip net.IP) bool { return ip.String() == srv }) {
		t.Errorf("lanepay's certificate covers %v %v, not %s: a tablet on the LAN gets a certificate warning", leaf.DNSNames, leaf.IPAddresses, srv)
	}
	caPEM, err := os.ReadFile(filepath.Join(tlsDir, "ca.pem"))
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(caPEM)
	// What the page says to trust is the CA in the tls-dir, and a client
	// that trusts it verifies the server at its LAN address (name
	// constraints included).
	resp, err := l.client(tablet, roots).Get(url + "/lanepay-ca.crt")
	if err != nil {
		t.Fatalf("fetching the CA from the tablet, trusting the CA: %v", err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(served) != string(caPEM) {
		t.Errorf("/lanepay-ca.crt is not the CA in the tls-dir")
	}

	ctx := l.browser("tablet", filepath.Join(tlsDir, "ca.pem"), 4*time.Minute)
	do(t, ctx, chromedp.Navigate(url), mounted())
	if secure, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.isSecureContext`)); !secure {
		t.Fatalf("%s with lanepay's CA trusted is not a secure context", url)
	}
	if notice := textOf(ctx, "plain-http-notice"); notice != "" {
		t.Errorf("over HTTPS the page shows the notice about plain HTTP: %q", notice)
	}

	term := l.addr(terminal)
	for _, tc := range []struct{ conn, port string }{{"ws", "5000"}, {"tcp", "5001"}} {
		useTerminal(t, ctx, term, tc.port, tc.conn, 0)
		if reason := textOf(ctx, "status-reason"); !strings.Contains(reason, "bridge") {
			t.Errorf("%s terminal: the status line does not say the bridge is used: %q", tc.conn, reason)
		}
		verdict, ref, err := charge(ctx, "12.34")
		if err != nil {
			t.Fatal(err)
		}
		if verdict != "Approved" {
			t.Fatalf("charging 12.34 through the bridge to the %s terminal: %q, want Approved", tc.conn, verdict)
		}
		if n, state := l.charged(ref); n != 1 || state != "approved" {
			t.Errorf("%s terminal: the ledger has %s %d times (%q), want once approved", tc.conn, ref, n, state)
		}
	}
	if n := len(l.ledger()); n != 2 {
		t.Errorf("the terminal's ledger has %d entries after two charges", n)
	}

	t.Run("installable", func(t *testing.T) {
		man, err := chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{})
		if err != nil {
			t.Fatalf("Page.getAppManifest: %v", err)
		}
		for _, e := range man.Errors {
			t.Errorf("manifest %s: %s (line %d)", man.URL, e.Message, e.Line)
		}
		// DevTools names the display mode as Chromium's enum does: kStandalone.
		if m := man.Manifest; m == nil || m.Name != "lanepay" || !strings.EqualFold(strings.TrimPrefix(m.Display, "k"), "standalone") || len(m.Icons) == 0 {
			t.Errorf("the manifest Chromium read (%s) lacks a name, standalone display or icons: %+v", man.URL, m)
		}
		inst, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
		if err != nil {
			t.Fatalf("Page.getInstallabilityErrors: %v", err)
		}
		for _, e := range inst.InstallabilityErrors {
			t.Errorf("Chromium finds the page not installable: %s %v", e.ErrorID, e.ErrorArguments)
		}
		id, err := chromedp.Call(ctx, page.GetAppID, cdp.Empty{})
		if err != nil {
			t.Fatalf("Page.getAppId: %v", err)
		}
		manifestID := id.AppID
		if manifestID == "" {
			manifestID = url + "/"
		}
		// PWA.install is the browser's, not the page's. Headless
		// Chromium may refuse it: a refusal is reported, not failed.
		if _, err := chromedp.CallBrowser(ctx, pwa.Install, pwa.InstallParams{ManifestID: manifestID, InstallURLOrBundleURL: url + "/"}); err != nil {
			t.Logf("PWA.install of %s: %v (installability as Chromium reports it is what is checked)", manifestID, err)
			return
		}
		// An id it does not know is an error ("Unknown web-app manifest
		// id"): an answer means the app is installed.
		if _, err := chromedp.CallBrowser(ctx, pwa.GetOsAppState, pwa.GetOsAppStateParams{ManifestID: manifestID}); err != nil {
			t.Errorf("installed %s through DevTools, but PWA.getOsAppState does not know it: %v", manifestID, err)
		} else {
			t.Logf("installed %s through DevTools (PWA.install); PWA.getOsAppState knows it", manifestID)
		}
		// Installing loads the app in a page of the browser's own, which
		// tries the terminal too (the bridge turns it away as busy: the
		// page under test holds the terminal). Uninstalling closes what the
		// app still has open, so that the page under test is the only one.
		if _, err := chromedp.CallBrowser(ctx, pwa.Uninstall, pwa.UninstallParams{ManifestID: manifestID}); err != nil {
			t.Errorf("PWA.uninstall of %s: %v", manifestID, err)
		}
	})

	t.Run("offline", func(t *testing.T) {
		// Installed and activated with the wasm cached; it serves the page
		// from the next load on (app/app-worker.js claims no page).
		do(t, ctx,
			poll(`(() => {
				navigator.serviceWorker.getRegistration().then(r => { window.__active = !!(r && r.active && r.active.state === "activated"); });
				if (!window.__active) return false;
				window.__cached = window.__cached || caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match("/web/app.wasm"))))).then(rs => rs.some(r => !!r));
				window.__cached.then(v => { window.__ready = v; if (!v) window.__cached = null; });
				return window.__ready === true; })()`, 60*time.Second),
			chromedp.Reload(),
			mounted(),
			poll(`!!navigator.serviceWorker.controller`, 30*time.Second),
		)
		l.link(server, false)
		if err := l.unreachable(tablet, net.JoinHostPort(srv, "8443")); err != nil {
			t.Fatal(err)
		}
		do(t, ctx,
			chromedp.Reload(),
			mounted(),
			chromedp.WaitVisible(chromedp.ID("amount")),
		)
		// The page came from the service worker, but the terminal is
		// ws:// and an HTTPS page reaches it only through the bridge,
		// which went with the server: the cashier reads that the terminal
		// cannot be reached, not a charge.
		// Read in the evaluation that sees Disconnected: the next attempt
		// shows Connecting… with only its number.
		status, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
			const s = document.querySelector("#status .status-text"), r = document.getElementById("status-reason");
			return s && r && s.textContent.trim() === "Disconnected" ? s.textContent.trim() + r.textContent : "";
		})()`, chromedp.WithPollingTimeout(60*time.Second)))
		if err != nil {
			t.Fatalf("offline, the page never said Disconnected with a reason: %v\nthe page reads:\n%s", err, screenText(ctx))
		}
		t.Logf("offline, the service worker's page says: %s", status)
		// It is the server, not the terminal, that is gone: the page
		// says so plainly, without the bridge's URL (which names the
		// terminal, encoded) and without blaming the terminal.
		if want := "Disconnected — the till's server cannot be reached at " + net.JoinHostPort(srv, "8443"); !strings.HasPrefix(status, want) {
			t.Errorf("offline the status line reads %q, want it to start %q", status, want)
		}
		for _, not := range []string{"bridge?", "%3A", "the terminal did not answer"} {
			if strings.Contains(status, not) {
				t.Errorf("offline the status line says %q: %q", not, status)
			}
		}
		if controlled, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!navigator.serviceWorker.controller`)); !controlled {
			t.Errorf("the offline page is not controlled by the service worker")
		}
	})
}

// readCert reads the first certificate of a PEM file.
func readCert(t *testing.T, file string) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s holds no PEM", file)
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLANTerminalVanishesMidCharge: the terminal's cable is pulled while a
// charge is at the terminal, and plugged back: the terminal charged, its
// answer was lost, the page's timeout makes the outcome unknown, and once
// the link is back the page asks and records what the terminal did. The
// terminal's ledger and the page's journal agree: one charge, one record.
func TestLANTerminalVanishesMidCharge(t *testing.T) {
	const (
		delay   = 2 * time.Second // the card tap: the answer comes after the cut
		timeout = 5               // seconds: without the cut, the answer comes first
	)
	l := newLAN(t)
	l.startTerminal(delay)
	url := l.startHTTP("server")
	ctx := l.browser("tablet", "", 3*time.Minute)
	do(t, ctx, chromedp.Navigate(url), mounted())
	useTerminal(t, ctx, l.addr(terminal), "5000", "ws", timeout)

	do(t, ctx,
		fill("amount", "12.00"),
		chromedp.Click(chromedp.ID("charge")),
		chromedp.WaitVisible(chromedp.ID("in-progress")),
	)
	var ref string
	for deadline := time.Now().Add(10 * time.Second); ref == ""; {
		refs, err := journalRefs(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(refs) == 1 {
			ref = refs[0]
		} else if time.Now().After(deadline) {
			t.Fatalf("the journal holds %v while the charge is in flight, want one transaction", refs)
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}
	// Pull the cable once the terminal is working on it, before it
	// answers: the request arrived, the answer will not.
	for deadline := time.Now().Add(delay); ; {
		ictx, cancel := context.WithTimeout(context.Background(), time.Second)
		status, err := l.inquire(ictx, ref)
		cancel()
		if err == nil && status == "IN_PROGRESS" {
			break
		}
		if err == nil && status != "NOT_FOUND" || time.Now().After(deadline) {
			t.Fatalf("the terminal says %q (%v) of %s before the cable could be pulled: the cut comes too late", status, err, ref)
		}
		time.Sleep(20 * time.Millisecond)
	}
	l.link(terminal, false)
	cut := time.Now()

	do(t, ctx, poll(`(document.getElementById("result-verdict") || {}).textContent === "Outcome unknown"`, 30*time.Second))
	t.Logf("outcome unknown %.1f s after the cut (response timeout %d s)", time.Since(cut).Seconds(), timeout)
	// The terminal finished the charge meanwhile: the answer is what the
	// cut lost.
	for deadline := time.Now().Add(delay + 5*time.Second); ; {
		if n, state := l.charged(ref); n == 1 && state == "approved" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the terminal never charged %s: %+v", ref, l.ledger())
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The response timeout's silence drops the connection: the status
	// line shows the link as it is, not Ready on a connection nothing
	// comes through (Chromium's keepalive would take minutes to say).
	if err := chromedp.Do(ctx, poll(`(() => { const e = document.querySelector("#status .status-text"); return !!e && e.textContent.trim() !== "Ready" && e.textContent.trim() !== "Busy"; })()`, 15*time.Second)); err != nil {
		status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](statusJS))
		t.Errorf("with the cable out and the outcome unknown, the status line still reads %q: %v", status, err)
	}
	status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](statusJS))
	t.Logf("with the cable out and the outcome unknown, the status line reads: %s", status)

	l.link(terminal, true)
	back := time.Now()
	do(t, ctx, poll(`(document.getElementById("result-verdict") || {}).textContent === "Approved"`, 90*time.Second))
	t.Logf("settled as Approved %.1f s after the cable was back", time.Since(back).Seconds())

	refs, err := journalRefs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != 1 || refs[0] != ref {
		t.Errorf("the journal holds %v, want %s alone", refs, ref)
	}
	rec, err := journalRecord(ctx, ref)
	if err != nil || rec == nil {
		t.Fatalf("the journal has no %s: %v", ref, err)
	}
	t.Logf("the journal's story of %s: %s", ref, journalStory(rec))
	if rec["state"] != "approved" {
		t.Errorf("the journal records %s as %v, want approved", ref, rec["state"])
	}
	if ledger := l.ledger(); len(ledger) != 1 || ledger[0].Ref != ref || ledger[0].State != "approved" {
		t.Errorf("the terminal's ledger: %+v, want %s approved, once", ledger, ref)
	}
	do(t, ctx, waitStatus("Ready", 30*time.Second))
}

// TestLANServerVanishes: over plain HTTP the page talks to the terminal
// itself, so once loaded it charges without the server.
func TestLANServerVanishes(t *testing.T) {
	l := newLAN(t)
	l.startTerminal(time.Second)
	url := l.startHTTP("server")
	ctx := l.browser("tablet", "", 3*time.Minute)
	do(t, ctx, chromedp.Navigate(url), mounted())
	connectDirect(t, ctx, l.addr(terminal), "5000")

	l.link(server, false)
	if err := l.unreachable(tablet, net.JoinHostPort(l.addr(server), "8000")); err != nil {
		t.Fatal(err)
	}
	verdict, ref, err := charge(ctx, "12.34")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Approved" {
		t.Fatalf("charging with the server gone: %q, want Approved", verdict)
	}
	if ledger := l.ledger(); len(ledger) != 1 || ledger[0].Ref != ref || ledger[0].State != "approved" {
		t.Errorf("the terminal's ledger: %+v, want %s approved, once", ledger, ref)
	}
}

// bridgeNotice is how soon a page on the bridge must show a terminal gone
// silently: the bridge's TCP keepalive finds it in about 15 s.
const bridgeNotice = 20 * time.Second

// TestLANSilentTerminal measures how long a page takes to show
// Disconnected when the idle terminal's cable is pulled: no FIN, nothing
// in flight. Two tablets watch the same terminal: one over plain HTTP,
// talking to it directly (ws://), one over HTTPS through the bridge.
//
// The browser's WebSocket sends nothing of its own, so directly only the
// tablet's TCP keepalive finds the terminal gone: Chromium probes an idle
// socket after 45 s, then every 45 s, and Linux gives up after its 9
// unanswered probes, about 450 s in all (446.6 s in a run with
// LANEPAY_LAN_BOUND=12m), past the default bound of 30 s, which keeps
// make test short: the direct figure is reported as "not within 30 s"
// unless a longer bound is asked for. The bridge's own keepalive on its
// connection to the terminal takes about 15 s.
func TestLANSilentTerminal(t *testing.T) {
	bound := 30 * time.Second
	if s := os.Getenv("LANEPAY_LAN_BOUND"); s != "" {
		var err error
		if bound, err = time.ParseDuration(s); err != nil || bound < bridgeNotice {
			t.Fatalf("LANEPAY_LAN_BOUND=%q: want a duration of at least %v", s, bridgeNotice)
		}
	}
	l := newLAN(t)
	l.startTerminal(time.Second)
	httpURL := l.startHTTP("server-http")
	tlsDir := filepath.Join(l.dir, "tls")
	httpsURL := l.startHTTPS("server-https", tlsDir)
	term := l.addr(terminal)

	direct := l.browser("tablet-direct", "", bound+2*time.Minute)
	do(t, direct, chromedp.Navigate(httpURL), mounted())
	connectDirect(t, direct, term, "5000")
	bridged := l.browser("tablet-bridge", filepath.Join(tlsDir, "ca.pem"), bound+2*time.Minute)
	do(t, bridged, chromedp.Navigate(httpsURL), mounted())
	useTerminal(t, bridged, term, "5000", "ws", 0)
	if reason := textOf(bridged, "status-reason"); !strings.Contains(reason, "bridge") {
		t.Fatalf("the HTTPS page does not use the bridge: %q", reason)
	}
	pages := []*struct {
		how string
		ctx context.Context
		d   time.Duration
		ok  bool
		err error
	}{
		{how: "directly (ws://)", ctx: direct},
		{how: "through the bridge", ctx: bridged},
	}
	for _, p := range pages {
		do(t, p.ctx, waitStatus("Ready", 10*time.Second), poll(watchDisconnected, 5*time.Second))
	}

	l.link(terminal, false)
	cut := time.Now()
	var wg sync.WaitGroup
	for _, p := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var at time.Time
			at, p.ok, p.err = downAt(p.ctx, bound)
			p.d = at.Sub(cut)
		}()
	}
	wg.Wait()
	say := func(ok bool, d time.Duration) string {
		if !ok {
			return fmt.Sprintf("not within %v", bound)
		}
		return fmt.Sprintf("after %.1f s", d.Seconds())
	}
	for _, p := range pages {
		if p.err != nil {
			t.Errorf("watching the page %s: %v", p.how, p.err)
		}
		status, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](statusJS))
		t.Logf("%s: Disconnected %s; the status line now reads: %s", p.how, say(p.ok, p.d), status)
	}
	d, b := pages[0], pages[1]
	t.Logf("for the README's limits: a terminal that vanishes while idle without closing the connection (its link cut) shows as Disconnected %s when the page talks to it directly (ws://), and %s through the server's bridge (its TCP keepalive)", say(d.ok, d.d), say(b.ok, b.d))
	if !b.ok || b.d > bridgeNotice {
		t.Errorf("through the bridge the page showed Disconnected %s of the cut, want within %v", say(b.ok, b.d), bridgeNotice)
	}
}
