package terminal

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// DefaultPort is the port the vendor documents for the semi-integration app.
const DefaultPort = 5000

// ParseTarget turns what the cashier typed in "Terminal IP" and "Port" into
// the WebSocket URL to dial. A bare address gets ws:// and the port; a full
// ws:// or wss:// URL is taken as it is (its own port and path win), because
// some peers listen on a path such as /ws.
func ParseTarget(host string, port int) (string, error) {
	host = strings.TrimSpace(host)
	if host == "" {
		return "", errors.New("enter the terminal's IP address")
	}
	if strings.Contains(host, "://") {
		u, err := url.Parse(host)
		if err != nil {
			return "", fmt.Errorf("the terminal address %q is not a valid URL", host)
		}
		if u.Scheme != "ws" && u.Scheme != "wss" {
			return "", fmt.Errorf("the terminal address must start with ws:// or wss://, not %s://", u.Scheme)
		}
		if u.Hostname() == "" {
			return "", fmt.Errorf("the terminal address %q has no host", host)
		}
		if u.Port() == "" {
			u.Host = net.JoinHostPort(u.Hostname(), strconv.Itoa(port))
		}
		if u.Path == "" {
			u.Path = "/"
		}
		return u.String(), nil
	}
	if port < 1 || port > 65535 {
		return "", fmt.Errorf("the port must be between 1 and 65535, not %d", port)
	}
	h := strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.ContainsAny(h, "/?#@ ") {
		return "", fmt.Errorf("%q is not an IP address or host name", host)
	}
	if strings.Contains(h, ":") && net.ParseIP(h) == nil {
		return "", fmt.Errorf("%q is not an IP address: put the port in the Port field", host)
	}
	return "ws://" + net.JoinHostPort(h, strconv.Itoa(port)) + "/", nil
}
