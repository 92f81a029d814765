package bridge

import "net/netip"

// metadataAddrs are cloud instance-metadata endpoints: whoever reaches one
// from a server can often read its credentials. Most are link-local
// anyway; the rest are named so that no CIDR entry can ever open them.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OpenStack, ...
	netip.MustParseAddr("169.254.170.2"),   // AWS ECS task metadata
	netip.MustParseAddr("fd00:ec2::254"),   // AWS over IPv6
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	netip.MustParseAddr("168.63.129.16"),   // Azure host
}

var (
	thisNetwork = netip.MustParsePrefix("0.0.0.0/8")
	broadcast   = netip.MustParseAddr("255.255.255.255")
	nat64       = netip.MustParsePrefix("64:ff9b::/96")
)

// neverBridged says what kind of address ip is when it may never be a
// target, whatever the allow-list says; "" if it may be. ip is unmapped.
func neverBridged(ip netip.Addr) string {
	switch {
	case !ip.IsValid():
		return "an invalid address"
	case ip.IsUnspecified():
		return "the unspecified address"
	case isMetadata(ip):
		return "a cloud metadata address"
	case ip.IsLinkLocalUnicast():
		return "a link-local address"
	case ip.IsMulticast(), ip == broadcast:
		return "a multicast or broadcast address"
	case thisNetwork.Contains(ip):
		return "a 0.0.0.0/8 address"
	case nat64.Contains(ip):
		// 64:ff9b::a9fe:a9fe is 169.254.169.254 through a NAT64 gateway.
		b := ip.As16()
		v4 := netip.AddrFrom4([4]byte(b[12:]))
		if v4.IsLoopback() {
			return "a NAT64 form of loopback"
		}
		if kind := neverBridged(v4); kind != "" {
			return "a NAT64 form of " + kind
		}
	}
	return ""
}

func isMetadata(ip netip.Addr) bool {
	for _, m := range metadataAddrs {
		if ip == m {
			return true
		}
	}
	return false
}
