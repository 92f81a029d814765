package tlscert

import (
	"crypto/x509"
	"net"
	"net/netip"
	"slices"
	"strings"
)

// lanDomains are the DNS names the CA may vouch for besides the host name:
// each also covers its subdomains. None can be registered publicly.
var lanDomains = []string{"localhost", "local", "lan", "home.arpa", "internal"}

// lanRanges are the addresses the CA may vouch for: loopback, the private
// ranges (RFC 1918, RFC 6598 shared space as used by carrier-grade NAT and
// overlay VPNs, IPv6 unique-local).
var lanRanges = []netip.Prefix{
	netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("::1/128"),
	netip.MustParsePrefix("fc00::/7"),
}

// permittedDomains is the CA's DNS constraint for a machine named host.
func permittedDomains(host string) []string {
	out := slices.Clone(lanDomains)
	if validDNSName(host) && !coveredDomain(out, host) {
		out = append(out, strings.ToLower(host))
	}
	return out
}

func permittedRanges() []*net.IPNet {
	out := make([]*net.IPNet, 0, len(lanRanges))
	for _, p := range lanRanges {
		out = append(out, &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())})
	}
	return out
}

// coveredDomain reports whether a name is within one of the domains, as
// X.509 name constraints match: the domain itself or a subdomain.
func coveredDomain(domains []string, name string) bool {
	name = strings.ToLower(name)
	for _, d := range domains {
		if name == d || strings.HasSuffix(name, "."+d) {
			return true
		}
	}
	return false
}

// within keeps what a CA with these constraints may vouch for; the rest is
// returned as left out.
func within(ca *x509.Certificate, h Hosts) (kept Hosts, left []string) {
	for _, d := range h.DNS {
		if coveredDomain(ca.PermittedDNSDomains, d) {
			kept.DNS = append(kept.DNS, d)
		} else {
			left = append(left, d)
		}
	}
	for _, ip := range h.IPs {
		ok := false
		for _, r := range ca.PermittedIPRanges {
			if r.Contains(net.IP(ip.AsSlice())) {
				ok = true
				break
			}
		}
		if ok {
			kept.IPs = append(kept.IPs, ip)
		} else {
			left = append(left, ip.String())
		}
	}
	return kept.normal(), left
}
