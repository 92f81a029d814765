package bridge

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// HostList is the set of names and addresses pages may use to reach the
// bridge: the server's own. The Origin check alone cannot stop DNS
// rebinding: a hostile site re-points its own name at the shop's server,
// and its page, still at its own origin, then sends Host and Origin that
// agree with each other. Only the Host naming something the server is not
// gives it away. Loopback (localhost, 127.0.0.0/8, ::1) is always allowed,
// and so is the address a request came in on, which is the server's by
// definition. Build it before serving: Add is not safe beside Check.
type HostList struct {
	names map[string]bool     // lower case, without a trailing dot
	ips   map[netip.Addr]bool // unmapped, without a zone
	text  []string            // in the order added, for String
}

// ParseHostList reads a comma-separated list of host names and IP
// addresses, as -host takes it: till.shop.lan, pos.local, 192.168.1.20,
// fd00::20. Spaces around entries and empty entries are ignored.
func ParseHostList(s string) (*HostList, error) {
	h := &HostList{}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if err := h.Add(item); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// Add adds one host name or IP address. It takes no port, since the port
// allowed is always the one the request came in on, and no scheme.
func (h *HostList) Add(item string) error {
	name, ip, err := parseHostEntry(item)
	if err != nil {
		return fmt.Errorf("failed to read host %q: %w", item, err)
	}
	if ip.IsValid() {
		h.AddAddr(ip)
		return nil
	}
	if h.names == nil {
		h.names = map[string]bool{}
	}
	if !h.names[name] {
		h.names[name] = true
		h.text = append(h.text, name)
	}
	return nil
}

// AddAddr adds one IP address.
func (h *HostList) AddAddr(ip netip.Addr) {
	ip = ip.Unmap().WithZone("")
	if !ip.IsValid() {
		return
	}
	if h.ips == nil {
		h.ips = map[netip.Addr]bool{}
	}
	if !h.ips[ip] {
		h.ips[ip] = true
		h.text = append(h.text, ip.String())
	}
}

// AddListenAddr adds the server's own addresses for a listen address as
// net.Listen takes it: its IP or name, or, when it is unspecified (":8000",
// "0.0.0.0:8000", "[::]:8000"), every address of the machine's interfaces
// as they are now.
func (h *HostList) AddListenAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("failed to read listen address %q: %w", addr, err)
	}
	if host != "" {
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return h.Add(host)
		}
		if !ip.IsUnspecified() {
			h.AddAddr(ip)
			return nil
		}
	}
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return fmt.Errorf("failed to list the machine's addresses: %w", err)
	}
	for _, a := range addrs {
		if p, err := netip.ParsePrefix(a.String()); err == nil {
			h.AddAddr(p.Addr())
		}
	}
	return nil
}

// Len is the number of names and addresses added.
func (h *HostList) Len() int {
	if h == nil {
		return 0
	}
	return len(h.text)
}

// String lists the names and addresses added, as -host takes them.
func (h *HostList) String() string {
	if h == nil {
		return ""
	}
	return strings.Join(h.text, ",")
}

// Check reports whether a request's Host header names this server. local
// is the address the request came in on: its port is the only one allowed
// (the server listens on one), and its IP is one of the server's. A Host
// without a port means the scheme's default port, so it is allowed only
// when that is where the server listens. The error is fit to show the
// user.
func (h *HostList) Check(host string, local netip.AddrPort, secure bool) error {
	name, ip, port, err := parseHostHeader(host)
	if err != nil {
		return err
	}
	if !local.IsValid() {
		return errors.New("the server cannot tell which port this request came in on")
	}
	if port == 0 {
		port = 80
		if secure {
			port = 443
		}
		if port != local.Port() {
			return fmt.Errorf("the Host header %q has no port, and this server listens on port %d", host, local.Port())
		}
	} else if port != local.Port() {
		return fmt.Errorf("this server does not answer on port %d: it listens on port %d", port, local.Port())
	}
	if ip.IsValid() {
		if ip.IsLoopback() || ip == local.Addr().Unmap().WithZone("") || (h != nil && h.ips[ip]) {
			return nil
		}
		return fmt.Errorf("this server does not answer to the address %s: add it with -host if the shop uses it", ip)
	}
	if name == "localhost" || (h != nil && h.names[name]) {
		return nil
	}
	return fmt.Errorf("this server does not answer to the name %s: add it with -host if the shop uses it", name)
}

// parseHostHeader reads a Host header, HOST or HOST:PORT with an IPv6
// address in brackets, into a lower-case name or an IP address, and the
// port (0 when there is none). Anything a browser would not send, such as
// userinfo, a path, a zone or an unbracketed IPv6 address, is refused.
func parseHostHeader(s string) (name string, ip netip.Addr, port uint16, err error) {
	if s == "" {
		return "", netip.Addr{}, 0, errors.New("the request has no Host header")
	}
	bad := func(why string) (string, netip.Addr, uint16, error) {
		return "", netip.Addr{}, 0, fmt.Errorf("the Host header %.100q is not a host name or address: %s", s, why)
	}
	host, rest := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return bad("no closing bracket")
		}
		host, rest = s[1:end], s[end+1:]
		if strings.Contains(host, "%") {
			return bad("an IPv6 zone")
		}
		a, perr := netip.ParseAddr(host)
		if perr != nil || !a.Is6() {
			return bad("not an IPv6 address in brackets")
		}
		ip = a.Unmap()
	} else {
		if i := strings.LastIndexByte(s, ':'); i >= 0 {
			host, rest = s[:i], s[i:]
		}
		if strings.Contains(host, ":") {
			return bad("an IPv6 address must be in brackets")
		}
		var why string
		if name, ip, why = parseHostName(host); why != "" {
			return bad(why)
		}
	}
	if rest != "" {
		if rest[0] != ':' {
			return bad("text after the address")
		}
		var ok bool
		if port, ok = parseHostPort(rest[1:]); !ok {
			return bad("not a port")
		}
	}
	return name, ip, port, nil
}

// parseHostEntry reads a -host entry: a name, or an IPv4 or IPv6 address,
// bare or in brackets.
func parseHostEntry(s string) (name string, ip netip.Addr, err error) {
	switch {
	case s == "":
		return "", netip.Addr{}, errors.New("empty")
	case strings.Contains(s, "://"):
		return "", netip.Addr{}, errors.New("a host has no scheme: give the name alone, as in till.shop.lan")
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
		a, perr := netip.ParseAddr(s[1 : len(s)-1])
		if perr != nil || !a.Is6() || a.Zone() != "" {
			return "", netip.Addr{}, errors.New("not an IPv6 address in brackets")
		}
		return "", a.Unmap(), nil
	}
	if a, perr := netip.ParseAddr(s); perr == nil {
		if a.Zone() != "" {
			return "", netip.Addr{}, errors.New("an address with a zone cannot be named in a URL")
		}
		return "", a.Unmap(), nil
	}
	if _, _, serr := net.SplitHostPort(s); serr == nil {
		return "", netip.Addr{}, errors.New("a host has no port: the port is always the one the server listens on")
	}
	name, ip, why := parseHostName(s)
	if why != "" {
		return "", netip.Addr{}, errors.New(why)
	}
	return name, ip, nil
}

// parseHostName reads an IPv4 address or a host name: dot-separated
// labels of letters, digits and hyphens, with an optional final dot. It
// says why when it is neither. A name whose last label is a number is
// refused: browsers read those as IPv4 addresses (127.1 is 127.0.0.1), so
// such a name would never be what the page's URL said.
func parseHostName(s string) (name string, ip netip.Addr, why string) {
	if a, err := netip.ParseAddr(s); err == nil && a.Is4() {
		return "", a, ""
	}
	s = strings.TrimSuffix(s, ".")
	if s == "" || len(s) > 253 {
		return "", netip.Addr{}, "not a host name"
	}
	var last string
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return "", netip.Addr{}, "not a host name"
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return "", netip.Addr{}, "not a host name"
			}
		}
		last = label
	}
	if endsInNumber(last) {
		return "", netip.Addr{}, "not an IPv4 address, and not a host name either"
	}
	return strings.ToLower(s), netip.Addr{}, ""
}

// endsInNumber reports whether a last label makes browsers read the host
// as an IPv4 address: decimal, or hexadecimal with 0x.
func endsInNumber(label string) bool {
	if hex, ok := strings.CutPrefix(strings.ToLower(label), "0x"); ok {
		return strings.Trim(hex, "0123456789abcdef") == ""
	}
	return strings.Trim(label, "0123456789") == ""
}

// parseHostPort reads a port as browsers write it: decimal, 1 to 65535, no
// sign and no leading zero.
func parseHostPort(s string) (uint16, bool) {
	if s == "" || len(s) > 5 || s[0] == '0' {
		return 0, false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil || n == 0 {
		return 0, false
	}
	return uint16(n), true
}
