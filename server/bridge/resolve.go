package bridge

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"slices"
)

// Resolver looks up a host name's addresses; *net.Resolver is one. Tests
// inject their own, so that no test depends on real DNS.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// resolveError is a name that could not be resolved: a failure to connect
// (4502), unlike a refusal.
type resolveError struct{ err error }

func (e *resolveError) Error() string { return e.err.Error() }
func (e *resolveError) Unwrap() error { return e.err }

// resolve turns a target into the addresses to dial, every one checked
// against the allow-list: a name is allowed only if all its addresses are,
// so that its owner cannot add a forbidden one to the set and hope it gets
// picked. The caller dials exactly these, never the name again.
func resolve(ctx context.Context, r Resolver, allow *AllowList, t Target) ([]netip.AddrPort, error) {
	var ips []netip.Addr
	if ip, ok := t.IP(); ok {
		ips = []netip.Addr{ip}
	} else {
		found, err := r.LookupNetIP(ctx, "ip", t.Host)
		if err != nil {
			var dnsErr *net.DNSError
			if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
				return nil, &resolveError{fmt.Errorf("no such host %s", t.Host)}
			}
			return nil, &resolveError{fmt.Errorf("failed to resolve %s: %w", t.Host, err)}
		}
		if len(found) == 0 {
			return nil, &resolveError{fmt.Errorf("%s has no address", t.Host)}
		}
		for _, ip := range found {
			ips = append(ips, ip.Unmap())
		}
		slices.SortFunc(ips, func(a, b netip.Addr) int { return a.Compare(b) })
		ips = slices.Compact(ips)
	}
	out := make([]netip.AddrPort, 0, len(ips))
	for _, ip := range ips {
		ap := netip.AddrPortFrom(ip, t.Port)
		if err := allow.Check(ap); err != nil {
			if t.Host != ip.String() {
				return nil, fmt.Errorf("%s resolves to %w", t.Host, err)
			}
			return nil, err
		}
		out = append(out, ap)
	}
	return out, nil
}
