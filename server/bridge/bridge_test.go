package bridge

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// TestRelayToSimulator relays a sale to the simulated terminal over both
// connection types: the greeting and the outcome arrive as separate frames.
func TestRelayToSimulator(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	b, srv := startBridge(t, Config{Allow: simAllow(t, sim)})
	tests := []struct {
		name, target, typ string
	}{
		{"tcp", sim.TCPAddr(), ""},
		{"tcp explicit", sim.TCPAddr(), "tcp"},
		{"ws URL", "ws://" + sim.WSAddr() + "/ws", ""},
		{"ws by type", sim.WSAddr(), "ws"},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, srv, tt.target, tt.typ)
			greeting := readJSON(t, c)
			if greeting["EVENT"] != "CONNECTED" {
				t.Fatalf("first frame %v, want the greeting", greeting)
			}
			ref := "T" + strings.Repeat("0", i) + "1"
			send(t, c, sale(ref, "1234"))
			out := readJSON(t, c)
			if out["RESP_CODE"] != "00" || out["REF_NO"] != ref || out["AMOUNT"] != "1234" {
				t.Fatalf("outcome %v", out)
			}
			// A decline, to see two transactions on one connection.
			send(t, c, sale(ref+"b", "1051"))
			if out := readJSON(t, c); out["RESP_CODE"] != "51" {
				t.Fatalf("outcome %v, want 51", out)
			}
			c.Close(websocket.StatusNormalClosure, "")
			waitIdle(t, b)
		})
	}
	if n := len(sim.Ledger()); n != 2*len(tests) {
		t.Errorf("ledger has %d entries, want %d", n, 2*len(tests))
	}
}

// TestRefused checks targets that must never be dialled; the resolver is a
// table and the refused addresses are never connected to.
func TestRefused(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	allow := simAllow(t, sim, "192.0.2.0/24", "198.51.100.7:5000")
	res := fakeResolver{
		"terminal.test": {"192.0.2.10"},
		"rebind.test":   {"192.0.2.11", "169.254.169.254"},
		"outside.test":  {"203.0.113.9"},
		"localhost":     {"127.0.0.1", "::1"},
	}
	_, srv := startBridge(t, Config{Allow: allow, Resolver: res, DialTimeout: 500 * time.Millisecond})
	_, simTCPPort, _ := net.SplitHostPort(sim.TCPAddr())
	tests := []struct {
		name, target, typ string
		code              websocket.StatusCode
		reason            string
	}{
		{"no target", "", "", CodeBadTarget, "no target"},
		{"no port", "192.0.2.10", "", CodeBadTarget, "HOST:PORT"},
		{"bad type", "192.0.2.10:5000", "udp", CodeBadTarget, "type"},
		{"wss", "wss://192.0.2.10/", "", CodeBadTarget, "wss://"},
		{"not allowed", "203.0.113.5:5000", "", CodeRefused, "not in the allow-list"},
		{"wrong port", "198.51.100.7:5001", "", CodeRefused, "not in the allow-list"},
		{"loopback not listed", "127.0.0.1:22", "", CodeRefused, "loopback"},
		{"loopback, other port of the simulator", "127.0.0.1:1", "", CodeRefused, "loopback"},
		{"loopback mapped", "[::ffff:127.0.0.1]:22", "", CodeRefused, "loopback"},
		{"metadata", "169.254.169.254:80", "", CodeRefused, "metadata"},
		{"metadata over ws", "ws://169.254.169.254/latest/meta-data/", "", CodeRefused, "metadata"},
		{"aws ipv6 metadata", "[fd00:ec2::254]:80", "", CodeRefused, "metadata"},
		{"link-local", "169.254.1.1:5000", "", CodeRefused, "link-local"},
		{"unspecified", "0.0.0.0:5000", "", CodeRefused, "unspecified"},
		{"multicast", "224.0.0.1:5000", "", CodeRefused, "multicast"},
		{"nat64 metadata", "[64:ff9b::a9fe:a9fe]:80", "", CodeRefused, "NAT64"},
		{"name outside the list", "outside.test:5000", "", CodeRefused, "outside.test resolves to 203.0.113.9:5000"},
		{"name with one bad address", "rebind.test:5000", "", CodeRefused, "metadata"},
		{"localhost to a loopback port not listed", "localhost:" + simTCPPort, "", CodeRefused, "loopback"},
		{"unknown name", "nowhere.test:5000", "", CodeCannotDial, "no such host"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, srv, tt.target, tt.typ)
			reason := expectClose(t, c, tt.code)
			if !strings.Contains(reason, tt.reason) {
				t.Errorf("reason %q, want it to mention %q", reason, tt.reason)
			}
			if len(reason) > maxReason {
				t.Errorf("reason is %d bytes", len(reason))
			}
		})
	}
}

// TestLocalhostResolvesToSimulator: a name is fine when every address it
// resolves to is allowed, loopback included when listed exactly.
func TestLocalhostResolvesToSimulator(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	_, port, _ := net.SplitHostPort(sim.TCPAddr())
	allow := simAllow(t, sim)
	_, srv := startBridge(t, Config{Allow: allow, Resolver: fakeResolver{"localhost": {"127.0.0.1"}}})
	c := dial(t, srv, "localhost:"+port, "")
	if g := readJSON(t, c); g["EVENT"] != "CONNECTED" {
		t.Fatalf("greeting %v", g)
	}
	c.Close(websocket.StatusNormalClosure, "")
}

func TestWrongOrigin(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	_, srv := startBridge(t, Config{Allow: simAllow(t, sim)})
	for _, origin := range []string{"http://evil.example", "null", "http://127.0.0.1:1"} {
		t.Run(origin, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			c, resp, err := websocket.Dial(ctx, bridgeURL(srv, sim.TCPAddr(), ""), &websocket.DialOptions{
				HTTPHeader: http.Header{"Origin": {origin}},
			})
			if err == nil {
				c.CloseNow()
				t.Fatal("a cross-origin page connected")
			}
			if resp == nil || resp.StatusCode != http.StatusForbidden {
				t.Fatalf("response %v, want 403", resp)
			}
		})
	}
	resp, err := http.Get(srv.URL + "/?target=" + sim.TCPAddr())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUpgradeRequired {
		t.Errorf("plain GET: %d, want 426", resp.StatusCode)
	}
}

func TestOversize(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	// The simulator pads its over-size notification past its own 64 KiB:
	// within 16 times this limit, so it is dropped rather than a flood.
	_, srv := startBridge(t, Config{Allow: simAllow(t, sim), MaxMessage: 8192})
	for _, tt := range []struct{ name, target, typ string }{{"tcp", sim.TCPAddr(), ""}, {"ws", sim.WSAddr(), "ws"}} {
		t.Run(tt.name, func(t *testing.T) {
			c := dial(t, srv, tt.target, tt.typ)
			readJSON(t, c) // greeting
			big := `{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"100","PAD":"` + strings.Repeat("x", 9000) + `"}`
			send(t, c, big)
			if msg := read(t, c); !strings.HasPrefix(msg, NoticePrefix) || !strings.Contains(msg, "over 8192 bytes") {
				t.Fatalf("got %q, want a notice", msg)
			}
			send(t, c, "not json")
			if msg := read(t, c); !strings.HasPrefix(msg, NoticePrefix) || !strings.Contains(msg, "not a JSON object") {
				t.Fatalf("got %q, want a notice", msg)
			}
			// The connection is still usable; the terminal's over-size
			// notification (fault 9.07) is dropped with a notice and the
			// outcome still arrives.
			send(t, c, sale("OV-"+tt.name, "907"))
			if msg := read(t, c); !strings.HasPrefix(msg, NoticePrefix) || !strings.Contains(msg, "from the terminal over 8192") {
				t.Fatalf("got %q, want a notice of the terminal's over-size message", msg)
			}
			if out := readJSON(t, c); out["RESP_CODE"] != "00" {
				t.Fatalf("outcome %v", out)
			}
			c.Close(websocket.StatusNormalClosure, "")
		})
	}
	for _, e := range sim.Ledger() {
		if e.Amount == "100" {
			t.Errorf("the over-size request reached the terminal: %+v", e)
		}
	}
}

func TestFlood(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	_, srv := startBridge(t, Config{Allow: simAllow(t, sim), MaxMessage: 1024})
	c := dial(t, srv, sim.TCPAddr(), "")
	readJSON(t, c)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	// The write may fail as the bridge closes mid-message.
	c.Write(ctx, websocket.MessageText, []byte(strings.Repeat("x", 1024*discardFactor+1)))
	expectClose(t, c, websocket.StatusMessageTooBig)
}

// TestTerminalGoesAway closes the simulator while a sale is in flight: the
// page sees a close with a reason, and every goroutine ends.
func TestTerminalGoesAway(t *testing.T) {
	for _, tt := range []struct{ name, typ string }{{"tcp", ""}, {"ws", "ws"}} {
		t.Run(tt.name, func(t *testing.T) {
			noLeak(t)
			sim := tilltest.SimWith(t, terminalsim.Config{TCPAddr: "127.0.0.1:0", Delay: time.Minute})
			b, srv := startBridge(t, Config{Allow: simAllow(t, sim)})
			target := sim.TCPAddr()
			if tt.typ == "ws" {
				target = sim.WSAddr()
			}
			c := dial(t, srv, target, tt.typ)
			readJSON(t, c)
			send(t, c, sale("GONE", "1234"))
			// The terminal is processing the sale once it says so: it
			// goes away mid-sale.
			send(t, c, `{"TRAN_CODE":"7","REF_NO":"GONE-Q","ORIG_REF_NO":"GONE"}`)
			if a := readJSON(t, c); a["REF_NO"] != "GONE-Q" || a["TXN_STATUS"] != "IN_PROGRESS" {
				t.Fatalf("asked about the sale, the terminal answered %v, want it in progress", a)
			}
			done := make(chan struct{})
			go func() { sim.Close(); close(done) }()
			reason := expectClose(t, c, CodeTerminalGone)
			if !strings.Contains(reason, "terminal") {
				t.Errorf("reason %q", reason)
			}
			<-done
			waitIdle(t, b)
		})
	}
}

func TestBusy(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	_, srv := startBridge(t, Config{Allow: simAllow(t, sim)})
	first := dial(t, srv, sim.TCPAddr(), "")
	readJSON(t, first)
	second := dial(t, srv, sim.TCPAddr(), "")
	if reason := expectClose(t, second, CodeBusy); !strings.Contains(reason, "busy") {
		t.Errorf("reason %q", reason)
	}
	// Another terminal (the WebSocket port) is another slot.
	other := dial(t, srv, sim.WSAddr(), "ws")
	readJSON(t, other)
	first.Close(websocket.StatusNormalClosure, "")
	// The slot is free once the first relay has ended.
	var err error
	if !testkit.Until(func() bool {
		var msg string
		msg, err = tryRead(dial(t, srv, sim.TCPAddr(), ""), 5*time.Second)
		if err == nil && !strings.Contains(msg, "CONNECTED") {
			t.Fatalf("got %q", msg)
		}
		return err == nil
	}) {
		t.Fatalf("the slot was not freed: %v", err)
	}
	other.Close(websocket.StatusNormalClosure, "")
}

func TestMaxPerTarget(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	_, srv := startBridge(t, Config{Allow: simAllow(t, sim), MaxPerTarget: 2})
	for range 2 {
		c := dial(t, srv, sim.TCPAddr(), "")
		readJSON(t, c)
	}
	expectClose(t, dial(t, srv, sim.TCPAddr(), ""), CodeBusy)
}

func TestIdle(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	_, srv := startBridge(t, Config{Allow: simAllow(t, sim), IdleTimeout: 300 * time.Millisecond})
	c := dial(t, srv, sim.TCPAddr(), "")
	readJSON(t, c)
	t0 := time.Now()
	if reason := expectClose(t, c, CodeIdle); !strings.Contains(reason, "idle") {
		t.Errorf("reason %q", reason)
	}
	if d := time.Since(t0); d < 200*time.Millisecond {
		t.Errorf("closed after %s, before the idle timeout", d)
	}
}

// TestPing: a page that stops answering (it never reads, so it never
// answers pings) is dropped, freeing its terminal.
func TestPing(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	b, srv := startBridge(t, Config{Allow: simAllow(t, sim), PingInterval: 100 * time.Millisecond})
	dial(t, srv, sim.TCPAddr(), "") // never read
	// The relay is under way once dial returns: the bridge counts a
	// request before it answers the upgrade.
	if n := b.Active(); n != 1 {
		t.Fatalf("%d requests under way, want the page's", n)
	}
	waitIdle(t, b)
}

func TestCannotDial(t *testing.T) {
	noLeak(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	allow, _ := ParseAllowList(addr)
	_, srv := startBridge(t, Config{Allow: allow})
	for _, tt := range []struct{ name, target, typ string }{{"tcp", addr, ""}, {"ws", "ws://" + addr + "/", ""}} {
		t.Run(tt.name, func(t *testing.T) {
			reason := expectClose(t, dial(t, srv, tt.target, tt.typ), CodeCannotDial)
			if !strings.Contains(reason, "refused") {
				t.Errorf("reason %q", reason)
			}
		})
	}
}

func TestWSTargetNotWebSocket(t *testing.T) {
	noLeak(t)
	plain := &http.Server{Handler: http.NotFoundHandler(), ReadHeaderTimeout: time.Second}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go plain.Serve(ln)
	defer plain.Close()
	allow, _ := ParseAllowList(ln.Addr().String())
	_, srv := startBridge(t, Config{Allow: allow})
	reason := expectClose(t, dial(t, srv, "ws://"+ln.Addr().String()+"/ws", ""), CodeCannotDial)
	if !strings.Contains(reason, "HTTP 404") {
		t.Errorf("reason %q", reason)
	}
}

func TestShutdown(t *testing.T) {
	noLeak(t)
	sim := startSim(t)
	b, srv := startBridge(t, Config{Allow: simAllow(t, sim)})
	c := dial(t, srv, sim.TCPAddr(), "")
	readJSON(t, c)
	go b.Close()
	if reason := expectClose(t, c, websocket.StatusGoingAway); !strings.Contains(reason, "shutting down") {
		t.Errorf("reason %q", reason)
	}
	b.Close()
	if b.Active() != 0 {
		t.Errorf("%d requests after Close", b.Active())
	}
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("after Close: %d, want 503", resp.StatusCode)
	}
}
