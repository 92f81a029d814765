package main

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/server/bridge"
)

// openBridge opens a bridge WebSocket from the served page, as the app
// does, and records its frames and close in window.bridges[name].
func openBridge(name, target, typ string) chromedp.Action[chromedp.Void] {
	js := `(() => {
		window.bridges = window.bridges || {};
		const b = {frames: [], opened: false, closed: null};
		window.bridges[` + jsString(name) + `] = b;
		let url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host +
			"/bridge?target=" + encodeURIComponent(` + jsString(target) + `);
		if (` + jsString(typ) + `) url += "&type=" + ` + jsString(typ) + `;
		const ws = new WebSocket(url);
		b.ws = ws;
		ws.onopen = () => { b.opened = true; };
		ws.onmessage = (e) => { b.frames.push(e.data); };
		ws.onclose = (e) => { b.closed = {code: e.code, reason: e.reason}; };
		return true;
	})()`
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](js)(ctx, tg)
		return chromedp.Void{}, err
	}
}

func frames(ctx context.Context, t *testing.T, name string) []string {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.bridges[`+jsString(name)+`].frames`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

type closeInfo struct {
	Code   int    `json:"code"`
	Reason string `json:"reason"`
}

func closed(ctx context.Context, t *testing.T, name string) closeInfo {
	t.Helper()
	if err := chromedp.Do(ctx, poll(`window.bridges[`+jsString(name)+`].closed !== null`)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[closeInfo](`window.bridges[`+jsString(name)+`].closed`))
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func frameJSON(t *testing.T, s string) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("frame %q is not a JSON object of strings: %v", s, err)
	}
	return m
}

// TestBrowserBridge runs sales from the served page through the bridge to
// the simulated terminal over TCP and over WebSocket, then has the
// terminal go away mid-sale.
func TestBrowserBridge(t *testing.T) {
	d := startServer(t, config{Sim: true, Bridge: true})
	d.sim.SetDelay(0)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(d.URL()), chromedp.WaitVisible(`[data-mounted="true"]`)); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, target, typ string
	}{
		{"tcp", d.sim.TCPAddr(), "tcp"},
		{"ws", "ws://" + d.sim.WSAddr() + "/ws", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref := "BR-" + tt.name
			err := chromedp.Do(ctx,
				openBridge(tt.name, tt.target, tt.typ),
				poll(`window.bridges[`+jsString(tt.name)+`].frames.length >= 1`),
				poll(`(window.bridges[`+jsString(tt.name)+`].ws.send(`+jsString(`{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"1234","REF_NO":"`+ref+`"}`)+`), true)`),
				poll(`window.bridges[`+jsString(tt.name)+`].frames.length >= 2`),
			)
			if err != nil {
				t.Fatal(err)
			}
			got := frames(ctx, t, tt.name)
			if len(got) != 2 {
				t.Fatalf("frames %q, want the greeting and the outcome", got)
			}
			if g := frameJSON(t, got[0]); g["EVENT"] != "CONNECTED" {
				t.Errorf("first frame %v, want the greeting", g)
			}
			if o := frameJSON(t, got[1]); o["RESP_CODE"] != "00" || o["REF_NO"] != ref || o["AMOUNT"] != "1234" {
				t.Errorf("second frame %v, want the approval of %s", o, ref)
			}
			if err := chromedp.Do(ctx, poll(`(window.bridges[`+jsString(tt.name)+`].ws.close(1000), true)`)); err != nil {
				t.Fatal(err)
			}
			if c := closed(ctx, t, tt.name); c.Code != 1000 {
				t.Errorf("closed %+v", c)
			}
		})
	}
	entries := map[string]bool{}
	for _, e := range d.sim.Ledger() {
		entries[e.Ref] = e.Amount == "1234"
	}
	if !entries["BR-tcp"] || !entries["BR-ws"] {
		t.Errorf("ledger %v lacks the bridged sales", d.sim.Ledger())
	}

	t.Run("refused", func(t *testing.T) {
		for name, target := range map[string]string{
			"metadata":     "169.254.169.254:80",
			"not-allowed":  "192.0.2.1:5000",
			"loopback-ssh": "127.0.0.1:22",
		} {
			if err := chromedp.Do(ctx, openBridge(name, target, "")); err != nil {
				t.Fatal(err)
			}
			c := closed(ctx, t, name)
			if c.Code != int(bridge.CodeRefused) || !strings.Contains(c.Reason, "refused") {
				t.Errorf("%s: closed %+v, want %d with a reason", name, c, bridge.CodeRefused)
			}
		}
	})

	t.Run("terminal goes away", func(t *testing.T) {
		d.sim.SetDelay(time.Minute)
		err := chromedp.Do(ctx,
			openBridge("gone", d.sim.TCPAddr(), ""),
			poll(`window.bridges.gone.frames.length >= 1`),
			poll(`(window.bridges.gone.ws.send(`+jsString(`{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"500","REF_NO":"GONE"}`)+`), true)`),
		)
		if err != nil {
			t.Fatal(err)
		}
		// The terminal is processing the sale once it says so: it goes
		// away mid-sale.
		if err := chromedp.Do(ctx,
			poll(`(window.bridges.gone.ws.send(`+jsString(`{"TRAN_CODE":"7","REF_NO":"GONE-Q","ORIG_REF_NO":"GONE"}`)+`), true)`),
			poll(`window.bridges.gone.frames.some(f => f.includes("GONE-Q") && f.includes("IN_PROGRESS"))`),
		); err != nil {
			t.Fatalf("%v: the terminal answered %q", err, frames(ctx, t, "gone"))
		}
		if err := d.sim.Close(); err != nil {
			t.Fatal(err)
		}
		c := closed(ctx, t, "gone")
		if c.Code != int(bridge.CodeTerminalGone) || !strings.Contains(c.Reason, "terminal") {
			t.Errorf("closed %+v, want %d with a reason", c, bridge.CodeTerminalGone)
		}
		if !testkit.Until(func() bool { return d.bridge.Active() == 0 }) {
			t.Fatalf("the bridge still has %d requests", d.bridge.Active())
		}
	})
}

// TestBridgeWrongOrigin: a page from another origin is refused before any
// terminal is dialled.
func TestBridgeWrongOrigin(t *testing.T) {
	d := startServer(t, config{Sim: true, Bridge: true})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	url := "ws" + strings.TrimPrefix(d.URL(), "http") + "/bridge?target=" + d.sim.TCPAddr()
	c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {"http://evil.example"}}})
	if err == nil {
		c.CloseNow()
		t.Fatal("a cross-origin page connected")
	}
	if resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("response %v, want 403", resp)
	}
	c, _, err = websocket.Dial(ctx, url, &websocket.DialOptions{HTTPHeader: http.Header{"Origin": {d.URL()}}})
	if err != nil {
		t.Fatalf("same origin: %v", err)
	}
	c.Close(websocket.StatusNormalClosure, "")
}

// TestBridgeChecksHost is DNS rebinding: a hostile site re-points its own
// name at the server, so its page's upgrade reaches the server's address
// with Host and Origin that agree but name the site. It is refused before
// the terminal is dialled; the server's own address and a -host name pass.
func TestBridgeChecksHost(t *testing.T) {
	term, conns := countingTerminal(t)
	allow, err := bridge.ParseAllowList(term)
	if err != nil {
		t.Fatal(err)
	}
	// Room for a case's relay to be closing while the next one dials.
	d := startServer(t, config{Bridge: true, Allow: allow, Hosts: []string{"till.test"}, BridgeMaxPerTarget: 4})
	_, port, err := net.SplitHostPort(d.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, host string
		ok         bool
	}{
		{name: "rebound name", host: "evil.example:" + port},
		{name: "name not given with -host", host: "pos.test:" + port},
		{name: "own address", host: d.ln.Addr().String(), ok: true},
		{name: "-host name", host: "TILL.test:" + port, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, resp, err := dialBridgeAs(d, term, tt.host, "http://"+tt.host, nil)
			checkBridgeHost(t, c, resp, err, term, conns, tt.host, tt.ok)
		})
	}
}

// TestBridgeChecksHostOverHTTPS: with lanepay's own certificate, the names
// it covers are the server's, and others are still refused.
func TestBridgeChecksHostOverHTTPS(t *testing.T) {
	term, conns := countingTerminal(t)
	allow, err := bridge.ParseAllowList(term)
	if err != nil {
		t.Fatal(err)
	}
	d := startServer(t, config{Bridge: true, Allow: allow, TLS: true, TLSDir: filepath.Join(t.TempDir(), "lanepay")})
	_, port, err := net.SplitHostPort(d.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	var name string
	for _, n := range d.tls.leaf.DNSNames {
		if n != "localhost" {
			name = n
		}
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(d.tls.own.CAPEM)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	t.Run("rebound name", func(t *testing.T) {
		host := "evil.example:" + port
		c, resp, err := dialBridgeAs(d, term, host, "https://"+host, hc)
		checkBridgeHost(t, c, resp, err, term, conns, host, false)
	})
	t.Run("certificate name", func(t *testing.T) {
		if name == "" {
			t.Skipf("the certificate names no host but localhost: %q", d.tls.leaf.DNSNames)
		}
		host := name + ":" + port
		c, resp, err := dialBridgeAs(d, term, host, "https://"+host, hc)
		checkBridgeHost(t, c, resp, err, term, conns, host, true)
	})
}

// dialBridgeAs opens the bridge to target over a TCP connection to the
// server's own address, sending host as the Host header.
func dialBridgeAs(d *daemon, target, host, origin string, hc *http.Client) (*websocket.Conn, *http.Response, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	scheme := "ws://"
	if d.tls != nil {
		scheme = "wss://"
	}
	return websocket.Dial(ctx, scheme+d.ln.Addr().String()+"/bridge?target="+target, &websocket.DialOptions{
		HTTPClient: hc,
		Host:       host,
		HTTPHeader: http.Header{"Origin": {origin}},
	})
}

// checkBridgeHost checks that an upgrade was accepted and the terminal
// dialled, or refused with 403 and the terminal left alone.
func checkBridgeHost(t *testing.T, c *websocket.Conn, resp *http.Response, err error, term string, conns <-chan net.Conn, host string, ok bool) {
	t.Helper()
	if ok {
		if err != nil {
			t.Fatalf("Host %s refused: %v", host, err)
		}
		defer c.Close(websocket.StatusNormalClosure, "")
		select {
		case conn := <-conns:
			conn.Close()
		case <-time.After(5 * time.Second):
			t.Fatal("the terminal was not dialled")
		}
		return
	}
	if err == nil {
		c.CloseNow()
		// The terminal's side, so that it is not counted again.
		select {
		case conn := <-conns:
			conn.Close()
		case <-time.After(time.Second):
		}
		t.Fatalf("Host %s connected", host)
	}
	if resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("Host %s: response %v, want 403 (%v)", host, resp, err)
	}
	name, _, _ := net.SplitHostPort(host)
	if body, _ := io.ReadAll(resp.Body); !strings.Contains(string(body), "does not answer to the name "+name+": add it with -host") {
		t.Errorf("the 403 says %q, not the name refused", body)
	}
	// A dial would have come before the response.
	if n := dialsBefore(t, term, conns); n > 0 {
		t.Errorf("the terminal was dialled %d times", n)
	}
}

// dialsBefore counts the connections the terminal at term had accepted,
// and conns not yet given, before this call. It dials the terminal
// itself and takes connections until its own: the terminal accepts them
// in the order they were made, so those before its own were made before
// it. That is the event after which a dial that answered nothing would
// have shown.
func dialsBefore(t testing.TB, term string, conns <-chan net.Conn) int {
	t.Helper()
	mine, err := net.Dial("tcp", term)
	if err != nil {
		t.Fatal(err)
	}
	defer mine.Close()
	n := 0
	for {
		select {
		case c := <-conns:
			c.Close()
			if c.RemoteAddr().String() == mine.LocalAddr().String() {
				return n
			}
			n++
		case <-time.After(testkit.Timeout):
			t.Fatalf("the terminal did not accept the test's own connection within %v", testkit.Timeout)
		}
	}
}

// countingTerminal is a terminal that only counts connections: each one
// accepted is sent on the channel.
func countingTerminal(t *testing.T) (string, <-chan net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	conns := make(chan net.Conn, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns <- c
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		for {
			select {
			case c := <-conns:
				c.Close()
			default:
				return
			}
		}
	})
	return ln.Addr().String(), conns
}

// TestBrowserBridgeOverHTTPS is the LAN set-up the bridge is for: the page
// over HTTPS (lanepay's own certificate, trusted by its key as a tablet
// would trust the CA), the terminal over TCP through wss://.
func TestBrowserBridgeOverHTTPS(t *testing.T) {
	d := startServer(t, config{Sim: true, Bridge: true, TLS: true, TLSDir: filepath.Join(t.TempDir(), "lanepay")})
	d.sim.SetDelay(0)
	spki := sha256.Sum256(d.tls.leaf.RawSubjectPublicKeyInfo)
	// Trust exactly this certificate, nothing else.
	ctx := newBrowser(t, chromedp.Flag("ignore-certificate-errors-spki-list", base64.StdEncoding.EncodeToString(spki[:])))
	err := chromedp.Do(ctx,
		chromedp.Navigate(d.URL()),
		chromedp.WaitVisible(`[data-mounted="true"]`),
		openBridge("tls", d.sim.TCPAddr(), ""),
		poll(`window.bridges.tls.frames.length >= 1`),
		poll(`(window.bridges.tls.ws.send(`+jsString(`{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"1234","REF_NO":"BR-TLS"}`)+`), true)`),
		poll(`window.bridges.tls.frames.length >= 2`),
	)
	if err != nil {
		t.Fatal(err)
	}
	secure, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.isSecureContext && window.bridges.tls.ws.url.startsWith("wss://")`))
	if err != nil || !secure {
		t.Errorf("not a secure context with a wss:// bridge: %v", err)
	}
	got := frames(ctx, t, "tls")
	if o := frameJSON(t, got[1]); o["RESP_CODE"] != "00" || o["REF_NO"] != "BR-TLS" {
		t.Errorf("outcome %v", o)
	}
}
