package handoff

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Origins is the shop's allow-list of billing origins: where a hand-off may
// send its outcome, by return URL or postMessage. Only they can make the
// Pay screen appear with their bill; anything else gets a plain refusal,
// so that lanepay is not an open redirect.
type Origins []string

// ParseOrigins reads the allow-list as Settings takes it, one origin a
// line ("https://billing.example", "http://192.168.1.20:8080"); blank
// lines are skipped. An origin has a scheme and a host and nothing else.
func ParseOrigins(text string) (Origins, error) {
	var out Origins
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		u, err := url.Parse(line)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("line %d, %q: an origin is http(s)://host or http(s)://host:port, nothing more", i+1, line)
		}
		o := Origin(u)
		if !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out, nil
}

// Origin is u's scheme://host[:port] in lower case, the default port left
// out, as a browser writes an origin.
func Origin(u *url.URL) string {
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	scheme := strings.ToLower(u.Scheme)
	if port := u.Port(); port != "" && !(scheme == "https" && port == "443" || scheme == "http" && port == "80") {
		host += ":" + port
	}
	return scheme + "://" + host
}

// Allows reports whether u's origin is in the list.
func (o Origins) Allows(u *url.URL) bool { return slices.Contains(o, Origin(u)) }

// String is the list as Settings shows it, one a line.
func (o Origins) String() string { return strings.Join(o, "\n") }
