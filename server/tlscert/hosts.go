package tlscert

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	"slices"
	"strings"
)

// Hosts are the names and addresses a certificate covers.
type Hosts struct {
	DNS []string
	IPs []netip.Addr
}

// MachineHosts are the names a browser may use to reach this machine:
// localhost, 127.0.0.1 and ::1, the host name (and its .local mDNS form),
// and the unicast address of every interface that is up. Link-local
// addresses are left out: a URL cannot name their zone portably.
func MachineHosts() (Hosts, error) {
	h := Hosts{
		DNS: []string{"localhost"},
		IPs: []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.IPv6Loopback()},
	}
	if name, err := os.Hostname(); err == nil && validDNSName(name) {
		name = strings.ToLower(name)
		h.DNS = append(h.DNS, name)
		if !strings.Contains(name, ".") {
			h.DNS = append(h.DNS, name+".local")
		}
	}
	ifaces, err := net.Interfaces()
	if err != nil {
		return h, fmt.Errorf("failed to list the network interfaces: %w", err)
	}
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			return h, fmt.Errorf("failed to list the addresses of %s: %w", ifc.Name, err)
		}
		for _, a := range addrs {
			p, err := netip.ParsePrefix(a.String())
			if err != nil {
				continue
			}
			ip := p.Addr().Unmap()
			if ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsMulticast() || ip.IsUnspecified() {
				continue
			}
			h.IPs = append(h.IPs, ip.WithZone(""))
		}
	}
	return h.normal(), nil
}

// normal sorts and deduplicates, so that two Hosts compare equal when they
// name the same set.
func (h Hosts) normal() Hosts {
	dns := slices.Clone(h.DNS)
	for i := range dns {
		dns[i] = strings.ToLower(dns[i])
	}
	slices.Sort(dns)
	ips := slices.Clone(h.IPs)
	for i := range ips {
		ips[i] = ips[i].Unmap()
	}
	slices.SortFunc(ips, func(a, b netip.Addr) int { return a.Compare(b) })
	return Hosts{DNS: slices.Compact(dns), IPs: slices.Compact(ips)}
}

func (h Hosts) equal(o Hosts) bool {
	a, b := h.normal(), o.normal()
	return slices.Equal(a.DNS, b.DNS) && slices.Equal(a.IPs, b.IPs)
}

// validDNSName accepts host names made of letters, digits and hyphens in
// dot-separated labels, the only ones a certificate may carry.
func validDNSName(s string) bool {
	if s == "" || len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
