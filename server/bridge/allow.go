package bridge

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// AllowList is the set of addresses the bridge may connect to (see the
// package documentation for the rules). Build it before serving: Add is not
// safe beside Check.
type AllowList struct {
	entries []entry
}

// entry is one allow-list entry: an address or a range, on one port or all.
type entry struct {
	prefix netip.Prefix // a single address is a /32 or /128
	port   uint16       // 0: any port
	text   string       // as written, for messages
}

// exact reports whether the entry names one address and one port: the only
// kind that may open a loopback address.
func (e entry) exact() bool { return e.port != 0 && e.prefix.IsSingleIP() }

func (e entry) matches(ap netip.AddrPort) bool {
	return (e.port == 0 || e.port == ap.Port()) && e.prefix.Contains(ap.Addr())
}

// ParseAllowList reads a comma-separated list of entries, as -allow takes
// it: 192.168.1.50:5000, 192.168.1.50, 10.0.0.0/24, 10.0.0.0/24:5000,
// [fd00::5]:5000, fd00::/64, [fd00::/64]:5000. Spaces around entries and
// empty entries are ignored.
func ParseAllowList(s string) (*AllowList, error) {
	a := &AllowList{}
	for item := range strings.SplitSeq(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		if err := a.Add(item); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Add adds one entry.
func (a *AllowList) Add(item string) error {
	e, err := parseEntry(item)
	if err != nil {
		return fmt.Errorf("failed to read allow-list entry %q: %w", item, err)
	}
	a.entries = append(a.entries, e)
	return nil
}

// Len is the number of entries.
func (a *AllowList) Len() int {
	if a == nil {
		return 0
	}
	return len(a.entries)
}

// String lists the entries as -allow takes them.
func (a *AllowList) String() string {
	if a == nil {
		return ""
	}
	parts := make([]string, len(a.entries))
	for i, e := range a.entries {
		parts[i] = e.text
	}
	return strings.Join(parts, ",")
}

func parseEntry(item string) (entry, error) {
	e := entry{text: item}
	host, port := item, ""
	switch {
	case strings.HasPrefix(item, "["):
		// [IPv6]:port or [IPv6/bits]:port
		end := strings.Index(item, "]")
		switch {
		case end == len(item)-1:
			host, port = item[1:end], ""
		case end < 0 || !strings.HasPrefix(item[end+1:], ":"):
			return e, errors.New("write an IPv6 entry with a port as [ADDRESS]:PORT")
		default:
			host, port = item[1:end], item[end+2:]
			if port == "" {
				return e, errors.New("empty port")
			}
		}
	case strings.Count(item, ":") == 1:
		// IPv4 or IPv4 CIDR with a port.
		host, port, _ = strings.Cut(item, ":")
		if port == "" {
			return e, errors.New("empty port")
		}
	}
	if port != "" {
		p, err := parsePort(port)
		if err != nil {
			return e, err
		}
		e.port = p
	}
	var err error
	if strings.Contains(host, "/") {
		e.prefix, err = netip.ParsePrefix(host)
		if err != nil {
			return e, errors.New("not an address range (CIDR)")
		}
		if e.prefix.Addr().Is4In6() {
			return e, errors.New("write an IPv4 range in IPv4 form")
		}
		e.prefix = e.prefix.Masked()
		if e.prefix.Bits() == 0 {
			return e, errors.New("a /0 range would make the bridge an open proxy")
		}
	} else {
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return e, errors.New("not an IP address: entries are addresses, never names, which could resolve elsewhere later")
		}
		if ip.Zone() != "" {
			return e, errors.New("zoned (link-local) addresses are never bridged")
		}
		ip = ip.Unmap()
		e.prefix = netip.PrefixFrom(ip, ip.BitLen())
	}
	first := e.prefix.Addr()
	if kind := neverBridged(first); kind != "" && e.prefix.IsSingleIP() {
		return e, fmt.Errorf("%s is never bridged", kind)
	}
	if first.IsLoopback() && !e.exact() {
		return e, errors.New("loopback is allowed only by an exact ADDRESS:PORT entry")
	}
	return e, nil
}

func parsePort(s string) (uint16, error) {
	n, err := strconv.ParseUint(s, 10, 16)
	if err != nil || n == 0 || s[0] == '+' {
		return 0, fmt.Errorf("port %q is not a number from 1 to 65535", s)
	}
	return uint16(n), nil
}

// RefusedError says why an address may not be bridged.
type RefusedError struct {
	Addr   netip.AddrPort
	Reason string
}

func (e *RefusedError) Error() string {
	return e.Addr.String() + " is refused: " + e.Reason
}

// Check returns nil if the bridge may connect to ap, or a *RefusedError.
func (a *AllowList) Check(ap netip.AddrPort) error {
	ip := ap.Addr().Unmap()
	if ip.Zone() != "" {
		return &RefusedError{Addr: ap, Reason: "zoned (link-local) addresses are never bridged"}
	}
	ap = netip.AddrPortFrom(ip, ap.Port())
	if kind := neverBridged(ip); kind != "" {
		return &RefusedError{Addr: ap, Reason: kind + ": never bridged"}
	}
	if ap.Port() == 0 {
		return &RefusedError{Addr: ap, Reason: "port 0"}
	}
	loopback := ip.IsLoopback()
	for _, e := range a.entriesOrNil() {
		if loopback && !e.exact() {
			continue
		}
		if e.matches(ap) {
			return nil
		}
	}
	if loopback {
		return &RefusedError{Addr: ap, Reason: "loopback is bridged only when an exact ADDRESS:PORT entry names it (the simulator's are, with -sim)"}
	}
	return &RefusedError{Addr: ap, Reason: "not in the allow-list (-allow)"}
}

func (a *AllowList) entriesOrNil() []entry {
	if a == nil {
		return nil
	}
	return a.entries
}
