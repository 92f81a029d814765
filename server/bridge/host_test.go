package bridge

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/testkit"
)

func TestHostListCheck(t *testing.T) {
	hosts, err := ParseHostList("till.shop.lan, 192.168.1.20")
	if err != nil {
		t.Fatal(err)
	}
	const own = "192.168.1.20:8000"
	tests := []struct {
		name   string
		host   string
		local  string // the address the request came in on; own if empty
		secure bool
		ok     bool
		errHas string
	}{
		{name: "own IP with port", host: "192.168.1.20:8000", ok: true},
		{name: "wrong port", host: "192.168.1.20:8001", errHas: "port 8001"},
		{name: "localhost", host: "localhost:8000", ok: true},
		{name: "localhost in capitals", host: "LocalHost:8000", ok: true},
		{name: "127.0.0.1", host: "127.0.0.1:8000", ok: true},
		{name: "::1 in brackets", host: "[::1]:8000", ok: true},
		{name: "::1 without brackets", host: "::1:8000", errHas: "brackets"},
		{name: "host name in other case", host: "TILL.Shop.lan:8000", ok: true},
		{name: "host name with final dot", host: "till.shop.lan.:8000", ok: true},
		{name: "host name on wrong port", host: "till.shop.lan:9000", errHas: "port 9000"},
		{name: "forged", host: "evil.example:8000", errHas: "does not answer to the name evil.example: add it with -host"},
		{name: "sub-domain of a host name", host: "x.till.shop.lan:8000", errHas: "x.till.shop.lan"},
		{name: "IP of another machine", host: "192.168.1.99:8000", errHas: "address 192.168.1.99"},
		{name: "address the request came in on", host: "10.0.0.5:8000", local: "10.0.0.5:8000", ok: true},
		{name: "mapped own IP", host: "[::ffff:192.168.1.20]:8000", ok: true},
		{name: "empty Host", host: "", errHas: "no Host"},
		{name: "userinfo", host: "user@192.168.1.20:8000", errHas: "not a host name"},
		{name: "userinfo with a name", host: "till.shop.lan@evil.example:8000", errHas: "not a host name"},
		{name: "path", host: "192.168.1.20:8000/bridge", errHas: "not a port"},
		{name: "space", host: "till shop.lan:8000", errHas: "not a host name"},
		{name: "garbage", host: "\x00\xff:8000", errHas: "not a host name"},
		{name: "numeric name", host: "127.1:8000", errHas: "IPv4"},
		{name: "hex name", host: "evil.0x7f:8000", errHas: "IPv4"},
		{name: "empty port", host: "192.168.1.20:", errHas: "not a port"},
		{name: "port with leading zero", host: "192.168.1.20:08000", errHas: "not a port"},
		{name: "port out of range", host: "192.168.1.20:73536", errHas: "not a port"},
		{name: "unclosed bracket", host: "[::1:8000", errHas: "bracket"},
		{name: "IPv4 in brackets", host: "[127.0.0.1]:8000", errHas: "IPv6"},
		{name: "text after brackets", host: "[::1]x8000", errHas: "after the address"},
		{name: "zone", host: "[fe80::1%25eth0]:8000", errHas: "zone"},
		{name: "no port on port 80", host: "till.shop.lan", local: "192.168.1.20:80", ok: true},
		{name: "no port on port 8000", host: "till.shop.lan", errHas: "no port"},
		{name: "no port on 443 with TLS", host: "till.shop.lan", local: "192.168.1.20:443", secure: true, ok: true},
		{name: "no port on port 80 with TLS", host: "till.shop.lan", local: "192.168.1.20:80", secure: true, errHas: "no port"},
		{name: "no port on 443 without TLS", host: "till.shop.lan", local: "192.168.1.20:443", errHas: "no port"},
		{name: "no local address", host: "localhost:8000", local: "-", errHas: "which port"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var local netip.AddrPort
			switch tt.local {
			case "":
				local = netip.MustParseAddrPort(own)
			case "-":
			default:
				local = netip.MustParseAddrPort(tt.local)
			}
			err := hosts.Check(tt.host, local, tt.secure)
			if tt.ok {
				if err != nil {
					t.Fatalf("Check(%q) = %v, want it allowed", tt.host, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("Check(%q) allowed it", tt.host)
			}
			if !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("Check(%q) = %q, want it to say %q", tt.host, err, tt.errHas)
			}
		})
	}
}

// TestHostListNil: a bridge built without hosts still answers on loopback.
func TestHostListNil(t *testing.T) {
	var h *HostList
	local := netip.MustParseAddrPort("127.0.0.1:8000")
	if err := h.Check("localhost:8000", local, false); err != nil {
		t.Error(err)
	}
	if err := h.Check("till.shop.lan:8000", local, false); err == nil {
		t.Error("a nil list allowed till.shop.lan")
	}
}

func TestParseHostList(t *testing.T) {
	h, err := ParseHostList(" till.shop.lan, POS.local.,,192.168.1.20,fd00::20,[fd00::21],::ffff:10.0.0.1,till.shop.lan")
	if err != nil {
		t.Fatal(err)
	}
	if want := "till.shop.lan,pos.local,192.168.1.20,fd00::20,fd00::21,10.0.0.1"; h.String() != want || h.Len() != 6 {
		t.Errorf("String() = %q (%d), want %q", h.String(), h.Len(), want)
	}
	for _, bad := range []struct{ item, errHas string }{
		{"till.shop.lan:8000", "no port"},
		{"192.168.1.20:8000", "no port"},
		{"[fd00::20]:8000", "no port"},
		{"http://till.shop.lan", "no scheme"},
		{"till shop", "not a host name"},
		{"*.shop.lan", "not a host name"},
		{"till_1.lan", "not a host name"},
		{"-till.lan", "not a host name"},
		{"192.168.1.300", "IPv4"},
		{"fe80::1%eth0", "zone"},
		{"[fe80::1%eth0]", "IPv6"},
		{strings.Repeat("a", 64) + ".lan", "not a host name"},
	} {
		_, err := ParseHostList("pos.local," + bad.item)
		if err == nil {
			t.Errorf("%q was accepted", bad.item)
			continue
		}
		if !strings.Contains(err.Error(), bad.item) || !strings.Contains(err.Error(), bad.errHas) {
			t.Errorf("%q: error %q should name it and say %q", bad.item, err, bad.errHas)
		}
	}
}

func TestAddListenAddr(t *testing.T) {
	h := &HostList{}
	for _, a := range []string{"192.168.1.20:8000", "till.lan:8000", "[fd00::20]:8000"} {
		if err := h.AddListenAddr(a); err != nil {
			t.Fatal(err)
		}
	}
	if h.String() != "192.168.1.20,till.lan,fd00::20" {
		t.Errorf("String() = %q", h.String())
	}
	if err := h.AddListenAddr("8000"); err == nil {
		t.Error("a listen address without a port was accepted")
	}

	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, listen := range []string{":8000", "0.0.0.0:8000", "[::]:8000"} {
		h := &HostList{}
		if err := h.AddListenAddr(listen); err != nil {
			t.Fatal(err)
		}
		for _, a := range addrs {
			p, err := netip.ParsePrefix(a.String())
			if err != nil {
				continue
			}
			ip := p.Addr().WithZone("")
			// From an address that is not the one the request came in on,
			// so that only the list can allow it.
			if err := h.Check(netip.AddrPortFrom(ip, 8000).String(), netip.MustParseAddrPort("192.0.2.1:8000"), false); err != nil {
				t.Errorf("listening on %s: the interface address %s is refused: %v", listen, ip, err)
			}
		}
	}
}

// FuzzHostAllowed checks that whatever Host header is allowed is one a URL
// parser reads as a plain host and port naming the server: no userinfo,
// path or other part, the listening port (or the default one), and a host
// in the list or on loopback.
func FuzzHostAllowed(f *testing.F) {
	for _, s := range []string{"192.168.1.20:8000", "till.shop.lan:8000", "[::1]:8000", "evil.example:8000", "user@localhost:8000", "LOCALHOST", "[fe80::1%25eth0]:8000", "127.1:8000"} {
		f.Add(s)
	}
	hosts, err := ParseHostList("till.shop.lan,192.168.1.20,fd00::20")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, host string) {
		for _, local := range []netip.AddrPort{netip.MustParseAddrPort("192.168.1.20:8000"), netip.MustParseAddrPort("[fd00::20]:80")} {
			if hosts.Check(host, local, false) != nil {
				continue
			}
			u, err := url.Parse("http://" + host)
			if err != nil || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Host != host {
				t.Fatalf("%q is allowed, but reads as %#v (%v)", host, u, err)
			}
			if port := u.Port(); port != "" && port != strconv.Itoa(int(local.Port())) || port == "" && local.Port() != 80 {
				t.Fatalf("%q is allowed on port %d", host, local.Port())
			}
			name := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
			if ip, err := netip.ParseAddr(name); err == nil {
				ip = ip.Unmap()
				if !ip.IsLoopback() && ip != local.Addr() && !hosts.ips[ip] {
					t.Fatalf("%q is allowed, but %s is not the server's", host, ip)
				}
			} else if name != "localhost" && !hosts.names[name] {
				t.Fatalf("%q is allowed, but %q is not the server's", host, name)
			}
		}
	})
}

// TestServeChecksHost: a request for another host is refused before the
// terminal is dialled, whatever its Origin; the server's own names pass.
func TestServeChecksHost(t *testing.T) {
	noLeak(t)
	term, conns := listenTerminal(t)
	allow, err := ParseAllowList(term)
	if err != nil {
		t.Fatal(err)
	}
	hosts, err := ParseHostList("till.test")
	if err != nil {
		t.Fatal(err)
	}
	b, srv := startBridge(t, Config{Allow: allow, Hosts: hosts})
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	url := bridgeURL(srv, term, "")
	tests := []struct {
		name, host, origin string
		ok                 bool
	}{
		{name: "rebound name", host: "evil.example:" + port, origin: "http://evil.example:" + port},
		{name: "rebound name without Origin", host: "evil.example:" + port},
		{name: "own name from another page", host: "till.test:" + port, origin: "http://evil.example:" + port},
		{name: "loopback", host: "127.0.0.1:" + port, origin: "http://127.0.0.1:" + port, ok: true},
		{name: "-host name", host: "Till.Test:" + port, origin: "http://Till.Test:" + port, ok: true},
		{name: "-host name without Origin", host: "till.test:" + port, ok: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			h := http.Header{}
			if tt.origin != "" {
				h.Set("Origin", tt.origin)
			}
			c, resp, err := websocket.Dial(ctx, url, &websocket.DialOptions{Host: tt.host, HTTPHeader: h})
			if tt.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				select {
				case conn := <-conns:
					conn.Close()
				case <-time.After(5 * time.Second):
					t.Error("the terminal was not dialled")
				}
				c.Close(websocket.StatusNormalClosure, "")
				waitIdle(t, b)
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
				t.Fatal("connected")
			}
			if resp == nil || resp.StatusCode != http.StatusForbidden {
				t.Fatalf("response %v, want 403", resp)
			}
			if body, _ := io.ReadAll(resp.Body); strings.HasPrefix(tt.host, "evil") && !strings.Contains(string(body), "evil.example: add it with -host") {
				t.Errorf("body %q does not name the host", body)
			}
			// A dial would have come before the response.
			if n := dialsBefore(t, term, conns); n > 0 {
				t.Errorf("the terminal was dialled %d times", n)
			}
		})
	}
}

// listenTerminal is a terminal that only counts connections: each one
// accepted is sent on the channel.
func listenTerminal(t testing.TB) (string, <-chan net.Conn) {
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
