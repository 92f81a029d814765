package bridge

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// Kind is the terminal's connection type.
type Kind string

// The connection types a terminal can have.
const (
	TCP       Kind = "tcp"
	WebSocket Kind = "ws"
)

// maxTarget bounds the target parameter: a host, a port and a short path.
const maxTarget = 2048

// Target is a terminal as the page names it.
type Target struct {
	Kind Kind
	Host string // a DNS name, or an IP address without brackets
	Port uint16
	// Path is a WebSocket terminal's path and query, "/" at least.
	Path string
}

// Addr is HOST:PORT.
func (t Target) Addr() string { return net.JoinHostPort(t.Host, strconv.Itoa(int(t.Port))) }

// String names the target in logs and close reasons.
func (t Target) String() string {
	if t.Kind == WebSocket {
		return "ws://" + t.Addr() + t.Path
	}
	return "tcp " + t.Addr()
}

// IP is the target's address when the page gave one rather than a name.
func (t Target) IP() (netip.Addr, bool) {
	ip, err := netip.ParseAddr(t.Host)
	return ip.Unmap(), err == nil
}

// ParseTarget reads the bridge URL's target and type parameters (see the
// package documentation).
func ParseTarget(target, typ string) (Target, error) {
	var t Target
	switch {
	case target == "":
		return t, errors.New("no target: add ?target=HOST:PORT or ?target=ws://HOST:PORT/PATH")
	case len(target) > maxTarget:
		return t, fmt.Errorf("target longer than %d bytes", maxTarget)
	}
	switch typ {
	case "", string(TCP), string(WebSocket):
	default:
		return t, fmt.Errorf("type %q: use tcp or ws", typ)
	}
	if scheme, _, ok := strings.Cut(target, "://"); ok {
		if !strings.EqualFold(scheme, "ws") {
			if strings.EqualFold(scheme, "wss") {
				return t, errors.New("wss:// terminals are not bridged: the page can open them itself")
			}
			return t, fmt.Errorf("scheme %q: use ws:// or HOST:PORT", scheme)
		}
		if typ == string(TCP) {
			return t, errors.New("a ws:// target with type=tcp")
		}
		return parseWSTarget(target)
	}
	host, port, err := net.SplitHostPort(target)
	if err != nil {
		return t, errors.New("target is not HOST:PORT or ws://HOST:PORT/PATH")
	}
	if t.Host, err = checkHost(host); err != nil {
		return t, err
	}
	if t.Port, err = parsePort(port); err != nil {
		return t, err
	}
	t.Kind = TCP
	if typ == string(WebSocket) {
		t.Kind, t.Path = WebSocket, "/"
	}
	return t, nil
}

func parseWSTarget(s string) (Target, error) {
	t := Target{Kind: WebSocket}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return t, errors.New("target is not a valid ws:// URL")
	case u.User != nil:
		return t, errors.New("a ws:// target may not carry a user name or password")
	case u.Fragment != "" || strings.Contains(s, "#"):
		return t, errors.New("a ws:// target may not have a fragment")
	case u.Opaque != "":
		return t, errors.New("target is not a valid ws:// URL")
	}
	if t.Host, err = checkHost(u.Hostname()); err != nil {
		return t, err
	}
	t.Port = 80
	if p := u.Port(); p != "" {
		if t.Port, err = parsePort(p); err != nil {
			return t, err
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return t, errors.New("empty port")
	}
	t.Path = u.EscapedPath()
	if t.Path == "" {
		t.Path = "/"
	}
	if !strings.HasPrefix(t.Path, "/") {
		return t, errors.New("target is not a valid ws:// URL")
	}
	if u.RawQuery != "" || u.ForceQuery {
		t.Path += "?" + u.RawQuery
	}
	if strings.ContainsAny(t.Path, " \t\r\n") {
		return t, errors.New("a ws:// target's path may not contain spaces")
	}
	return t, nil
}

// checkHost accepts an IP address (unmapped, without zone) or a DNS name.
func checkHost(h string) (string, error) {
	if h == "" {
		return "", errors.New("no host in target")
	}
	if ip, err := netip.ParseAddr(h); err == nil {
		if ip.Zone() != "" {
			return "", errors.New("zoned (link-local) addresses are never bridged")
		}
		return ip.Unmap().String(), nil
	}
	if !validName(h) {
		return "", fmt.Errorf("host %q is neither an IP address nor a DNS name", h)
	}
	return strings.ToLower(h), nil
}

// validName accepts DNS names of letters, digits, hyphens and underscores
// in dot-separated labels.
func validName(s string) bool {
	if len(s) > 253 {
		return false
	}
	for label := range strings.SplitSeq(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
