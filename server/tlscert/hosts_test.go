package tlscert

import (
	"net/netip"
	"strings"
	"testing"
)

func TestMachineHosts(t *testing.T) {
	h, err := MachineHosts()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"127.0.0.1", "::1"} {
		found := false
		for _, ip := range h.IPs {
			found = found || ip.String() == want
		}
		if !found {
			t.Errorf("MachineHosts lacks %s: %v", want, h.IPs)
		}
	}
	for _, ip := range h.IPs {
		if ip.IsLinkLocalUnicast() || ip.Zone() != "" {
			t.Errorf("MachineHosts has link-local %s", ip)
		}
	}
	if len(h.DNS) == 0 || h.DNS[0] != "localhost" {
		t.Errorf("MachineHosts names %v, want localhost first", h.DNS)
	}
}

func TestValidDNSName(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"till", true}, {"till-2.shop.lan", true}, {"", false}, {"-till", false},
		{"till_1", false}, {"a..b", false}, {strings.Repeat("a", 64), false},
	}
	for _, tt := range tests {
		if got := validDNSName(tt.in); got != tt.want {
			t.Errorf("validDNSName(%q) = %v", tt.in, got)
		}
	}
}

func TestHostsEqual(t *testing.T) {
	a := Hosts{DNS: []string{"till", "localhost"}, IPs: []netip.Addr{netip.MustParseAddr("::ffff:10.0.0.1"), netip.MustParseAddr("::1")}}
	b := Hosts{DNS: []string{"LOCALHOST", "till", "till"}, IPs: []netip.Addr{netip.MustParseAddr("::1"), netip.MustParseAddr("10.0.0.1")}}
	if !a.equal(b) {
		t.Errorf("%v and %v differ", a.normal(), b.normal())
	}
	if a.equal(Hosts{DNS: []string{"till"}}) {
		t.Error("different hosts compare equal")
	}
}
