package tlscert

import (
	"crypto"
	"crypto/x509"
	"net/netip"
	"testing"
	"time"
)

// TestNameConstraints checks that the CA cannot vouch for a public name,
// even with its own key: that is what makes trusting it on a tablet safe.
func TestNameConstraints(t *testing.T) {
	now := time.Now()
	r := ensure(t, t.TempDir(), testHosts(), "till", now)
	signer := r.caSignerForTest(t)
	for _, h := range []Hosts{
		{DNS: []string{"bank.example.com"}},
		{IPs: []netip.Addr{netip.MustParseAddr("8.8.8.8")}},
	} {
		rogue, _, err := newLeaf(r.CA, signer, h, now)
		if err != nil {
			t.Fatal(err)
		}
		pool := x509.NewCertPool()
		pool.AddCert(r.CA)
		if _, err := rogue.Verify(x509.VerifyOptions{Roots: pool, CurrentTime: now}); err == nil {
			t.Errorf("a certificate for %v from the CA verifies", h)
		}
	}
}

func (r *Result) caSignerForTest(t *testing.T) crypto.Signer {
	t.Helper()
	_, s, err := loadPair(r.Dir, CAFile, caKey)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestWithin(t *testing.T) {
	ca, _, err := newCA("till", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	h := Hosts{DNS: []string{"localhost", "till", "till.local", "shop.lan", "example.com"}}
	for _, ip := range []string{"127.0.0.1", "::1", "192.168.1.10", "10.1.2.3", "172.20.0.1", "100.64.0.1", "fd00::5", "203.0.113.5", "2001:db8::1"} {
		h.IPs = append(h.IPs, netip.MustParseAddr(ip))
	}
	kept, left := within(ca, h)
	if len(kept.DNS) != 4 || len(kept.IPs) != 7 {
		t.Errorf("kept %v", kept)
	}
	if len(left) != 3 || left[0] != "example.com" || left[1] != "203.0.113.5" || left[2] != "2001:db8::1" {
		t.Errorf("left out %v", left)
	}
	if got := permittedDomains("Till"); got[len(got)-1] != "till" {
		t.Errorf("permittedDomains(Till) = %v", got)
	}
	if got := permittedDomains("printer.local"); len(got) != len(lanDomains) {
		t.Errorf("a name within .local added again: %v", got)
	}
}
