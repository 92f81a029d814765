package bridge

import (
	"net/netip"
	"strings"
	"testing"
)

func TestParseAllowList(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		want    string // String() of the list; "" with wantErr
		wantErr string
	}{
		{name: "empty", in: "", want: ""},
		{name: "exact", in: "192.168.1.50:5000", want: "192.168.1.50:5000"},
		{name: "several, spaces, empties", in: " 192.168.1.50:5000, ,10.0.0.0/24 ,", want: "192.168.1.50:5000,10.0.0.0/24"},
		{name: "address, any port", in: "192.168.1.50", want: "192.168.1.50"},
		{name: "cidr with port", in: "10.0.0.0/24:5000", want: "10.0.0.0/24:5000"},
		{name: "ipv6 exact", in: "[fd00::5]:5000", want: "[fd00::5]:5000"},
		{name: "ipv6 bare", in: "fd00::5", want: "fd00::5"},
		{name: "ipv6 bracketed bare", in: "[fd00::5]", want: "[fd00::5]"},
		{name: "ipv6 cidr with port", in: "[fd00::/64]:5000", want: "[fd00::/64]:5000"},
		{name: "loopback exact", in: "127.0.0.1:5001,[::1]:5000", want: "127.0.0.1:5001,[::1]:5000"},
		{name: "name", in: "terminal.lan:5000", wantErr: "never names"},
		{name: "loopback any port", in: "127.0.0.1", wantErr: "loopback"},
		{name: "loopback range", in: "127.0.0.0/8:5000", wantErr: "loopback"},
		{name: "ipv6 loopback bare", in: "::1", wantErr: "loopback"},
		{name: "metadata", in: "169.254.169.254:80", wantErr: "metadata"},
		{name: "link-local", in: "169.254.1.1", wantErr: "link-local"},
		{name: "unspecified", in: "0.0.0.0:5000", wantErr: "unspecified"},
		{name: "everything", in: "0.0.0.0/0", wantErr: "open proxy"},
		{name: "everything v6", in: "::/0", wantErr: "open proxy"},
		{name: "zone", in: "fe80::1%eth0", wantErr: "zoned"},
		{name: "port 0", in: "192.168.1.50:0", wantErr: "port"},
		{name: "port too big", in: "192.168.1.50:65536", wantErr: "port"},
		{name: "empty port", in: "192.168.1.50:", wantErr: "empty port"},
		{name: "bad cidr", in: "10.0.0.0/33", wantErr: "CIDR"},
		{name: "ipv6 port without brackets", in: "fd00::5:5000:x", wantErr: "not an IP"},
		{name: "unclosed bracket", in: "[fd00::5:5000", wantErr: "[ADDRESS]:PORT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseAllowList(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.String() != tt.want {
				t.Errorf("String() = %q, want %q", a.String(), tt.want)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	a, err := ParseAllowList("192.168.1.50:5000,10.0.0.0/24,172.16.5.0/24:5000,192.168.2.7,[fd00::5]:5000,127.0.0.1:5001,[::1]:5000,169.254.0.0/15")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		addr   string
		reason string // "" means allowed
	}{
		{"192.168.1.50:5000", ""},
		{"192.168.1.50:5001", "not in the allow-list"},
		{"192.168.1.51:5000", "not in the allow-list"},
		{"10.0.0.9:5000", ""},
		{"10.0.0.9:8080", ""},
		{"10.0.1.9:5000", "not in the allow-list"},
		{"172.16.5.9:5000", ""},
		{"172.16.5.9:5001", "not in the allow-list"},
		{"192.168.2.7:1", ""},
		{"[fd00::5]:5000", ""},
		{"[::ffff:192.168.1.50]:5000", ""}, // mapped form of an allowed one
		{"127.0.0.1:5001", ""},
		{"127.0.0.1:5000", "loopback"},
		{"127.0.0.2:5001", "loopback"},
		{"[::ffff:127.0.0.1]:5001", ""},
		{"[::ffff:127.0.0.1]:22", "loopback"},
		{"[::1]:5000", ""},
		{"[::1]:5001", "loopback"},
		// A listed range never opens what is never bridged.
		{"169.254.169.254:80", "metadata"},
		{"169.254.3.3:5000", "link-local"},
		{"169.255.0.1:5000", ""},
		{"0.0.0.0:5000", "unspecified"},
		{"[::]:5000", "unspecified"},
		{"224.0.0.251:5353", "multicast"},
		{"255.255.255.255:5000", "broadcast"},
		{"[fe80::1]:5000", "link-local"},
		{"[fd00:ec2::254]:80", "metadata"},
		{"[64:ff9b::7f00:1]:5001", "NAT64 form of loopback"},
		{"[64:ff9b::a9fe:a9fe]:80", "NAT64 form of a cloud metadata"},
		{"0.1.2.3:5000", "0.0.0.0/8"},
		{"10.0.0.9:0", "port 0"},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			err := a.Check(netip.MustParseAddrPort(tt.addr))
			switch {
			case tt.reason == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tt.reason != "" && (err == nil || !strings.Contains(err.Error(), tt.reason)):
				t.Errorf("err %v, want it to mention %q", err, tt.reason)
			}
		})
	}
	var none *AllowList
	if err := none.Check(netip.MustParseAddrPort("192.168.1.50:5000")); err == nil {
		t.Error("a nil list allowed an address")
	}
}

// FuzzAllowList checks that no allow-list, however written, lets through
// what is never bridged, or loopback other than by an exact entry.
func FuzzAllowList(f *testing.F) {
	for _, s := range []string{"192.168.1.50:5000", "10.0.0.0/24,127.0.0.1:5001", "[fd00::/64]:5000", "169.254.0.0/15", "0.0.0.0/1", "::/1"} {
		f.Add(s, "169.254.169.254:80")
		f.Add(s, "127.0.0.1:5001")
	}
	f.Fuzz(func(t *testing.T, list, addr string) {
		a, err := ParseAllowList(list)
		if err != nil {
			return
		}
		if _, err := ParseAllowList(a.String()); err != nil {
			t.Fatalf("String() %q does not parse again: %v", a.String(), err)
		}
		ap, err := netip.ParseAddrPort(addr)
		if err != nil || a.Check(ap) != nil {
			return
		}
		ip := ap.Addr().Unmap()
		if kind := neverBridged(ip); kind != "" {
			t.Fatalf("%q allows %s, %s", list, addr, kind)
		}
		if ip.IsLoopback() {
			exact := false
			for _, e := range a.entries {
				exact = exact || (e.exact() && e.matches(netip.AddrPortFrom(ip, ap.Port())))
			}
			if !exact {
				t.Fatalf("%q allows loopback %s without an exact entry", list, addr)
			}
		}
	})
}
