package bridge

import (
	"net/netip"
	"strings"
	"testing"
)

func TestNeverBridged(t *testing.T) {
	tests := []struct {
		addr, kind string // kind "" means it may be bridged when listed
	}{
		{"192.168.1.50", ""},
		{"10.0.0.1", ""},
		{"127.0.0.1", ""}, // loopback is the allow-list's matter
		{"203.0.113.9", ""},
		{"fd00::5", ""},
		{"0.0.0.0", "unspecified"},
		{"::", "unspecified"},
		{"0.1.2.3", "0.0.0.0/8"},
		{"169.254.169.254", "metadata"},
		{"169.254.170.2", "metadata"},
		{"fd00:ec2::254", "metadata"},
		{"100.100.100.200", "metadata"},
		{"168.63.129.16", "metadata"},
		{"169.254.10.10", "link-local"},
		{"fe80::1", "link-local"},
		{"224.0.0.251", "multicast"},
		{"ff02::1", "multicast"},
		{"255.255.255.255", "broadcast"},
		{"64:ff9b::a9fe:a9fe", "NAT64 form of a cloud metadata"},
		{"64:ff9b::7f00:1", "NAT64 form of loopback"},
		{"64:ff9b::c0a8:132", ""}, // 192.168.1.50 through NAT64
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			got := neverBridged(netip.MustParseAddr(tt.addr))
			if (got == "") != (tt.kind == "") || !strings.Contains(got, tt.kind) {
				t.Errorf("neverBridged(%s) = %q, want %q", tt.addr, got, tt.kind)
			}
		})
	}
}
