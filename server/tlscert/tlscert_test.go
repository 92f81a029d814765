package tlscert

import (
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"io"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testHosts(extra ...string) Hosts {
	h := Hosts{DNS: []string{"localhost", "till", "till.local"}}
	for _, s := range append([]string{"127.0.0.1", "::1", "192.168.1.10"}, extra...) {
		h.IPs = append(h.IPs, netip.MustParseAddr(s))
	}
	return h
}

func ensure(t *testing.T, dir string, h Hosts, hostname string, now time.Time) *Result {
	t.Helper()
	r, err := Ensure(Options{Dir: dir, Hosts: h, Hostname: hostname, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func verify(r *Result, name string, now time.Time) error {
	pool := x509.NewCertPool()
	pool.AddCert(r.CA)
	_, err := r.Leaf.Verify(x509.VerifyOptions{Roots: pool, DNSName: name, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	return err
}

func TestEnsureLifecycle(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lanepay")
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	first := ensure(t, dir, testHosts("203.0.113.5"), "till", now)
	if !first.NewCA || !first.NewCert {
		t.Fatalf("first run: NewCA %v NewCert %v", first.NewCA, first.NewCert)
	}
	if len(first.LeftOut) != 1 || first.LeftOut[0] != "203.0.113.5" {
		t.Errorf("left out %v, want the public address only", first.LeftOut)
	}
	for _, name := range []string{"localhost", "till", "till.local", "127.0.0.1", "::1", "192.168.1.10"} {
		if err := verify(first, name, now); err != nil {
			t.Errorf("certificate does not verify for %s: %v", name, err)
		}
	}
	if err := verify(first, "203.0.113.5", now); err == nil {
		t.Error("certificate verifies for a public address")
	}
	if first.Leaf.PublicKeyAlgorithm != x509.ECDSA || first.CA.PublicKeyAlgorithm != x509.ECDSA {
		t.Error("keys are not ECDSA")
	}
	if first.Leaf.NotAfter.Sub(now) > 398*24*time.Hour {
		t.Errorf("server certificate lasts until %s: too long for browsers", first.Leaf.NotAfter)
	}

	// Files and modes.
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v (%v), want 0700", fi.Mode().Perm(), err)
	}
	for name, mode := range map[string]os.FileMode{CAFile: 0o644, caKey: 0o600, CertFile: 0o644, KeyFile: 0o600} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || fi.Mode().Perm() != mode {
			t.Errorf("%s: mode %v (%v), want %v", name, fi.Mode().Perm(), err, mode)
		}
	}

	tests := []struct {
		name             string
		hosts            Hosts
		hostname         string
		now              time.Time
		newCA, newCert   bool
		sameCertAsBefore bool
	}{
		{name: "same machine, next day: reused", hosts: testHosts("203.0.113.5"), hostname: "till", now: now.Add(24 * time.Hour), sameCertAsBefore: true},
		{name: "new address: new certificate, same CA", hosts: testHosts("10.0.0.7"), hostname: "till", now: now.Add(48 * time.Hour), newCert: true},
		{name: "address gone: new certificate", hosts: testHosts(), hostname: "till", now: now.Add(72 * time.Hour), newCert: true},
		{name: "near expiry: renewed", hosts: testHosts(), hostname: "till", now: now.Add(380 * 24 * time.Hour), newCert: true},
		{name: "renamed machine: new CA", hosts: testHosts(), hostname: "counter", now: now.Add(381 * 24 * time.Hour), newCA: true, newCert: true},
	}
	prev := first
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ensure(t, dir, tt.hosts, tt.hostname, tt.now)
			if r.NewCA != tt.newCA || r.NewCert != tt.newCert {
				t.Errorf("NewCA %v NewCert %v, want %v %v", r.NewCA, r.NewCert, tt.newCA, tt.newCert)
			}
			if tt.sameCertAsBefore && Fingerprint(r.Leaf.Raw) != Fingerprint(prev.Leaf.Raw) {
				t.Error("certificate changed")
			}
			if !tt.newCA && Fingerprint(r.CA.Raw) != Fingerprint(prev.CA.Raw) {
				t.Error("CA changed: tablets would have to trust it again")
			}
			if err := verify(r, "192.168.1.10", tt.now); err != nil {
				t.Errorf("does not verify: %v", err)
			}
			prev = r
		})
	}
}

func TestEnsureReplacesBrokenFiles(t *testing.T) {
	dir := t.TempDir()
	now := time.Now()
	first := ensure(t, dir, testHosts(), "till", now)
	if err := os.WriteFile(filepath.Join(dir, KeyFile), []byte("garbage"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := ensure(t, dir, testHosts(), "till", now)
	if !r.NewCert || r.NewCA {
		t.Errorf("broken key: NewCert %v NewCA %v, want a new certificate from the same CA", r.NewCert, r.NewCA)
	}
	// A certificate from another CA is replaced too.
	other := ensure(t, t.TempDir(), testHosts(), "till", now)
	for _, f := range []string{CertFile, KeyFile} {
		data, _ := os.ReadFile(filepath.Join(other.Dir, f))
		os.WriteFile(filepath.Join(dir, f), data, 0o600)
	}
	r = ensure(t, dir, testHosts(), "till", now)
	if !r.NewCert || Fingerprint(r.CA.Raw) != Fingerprint(first.CA.Raw) {
		t.Errorf("foreign certificate kept (NewCert %v) or CA changed", r.NewCert)
	}
}

// TestTLSOnLoopback serves real TLS with the certificate and connects as a
// tablet that trusts the CA would.
func TestTLSOnLoopback(t *testing.T) {
	r := ensure(t, t.TempDir(), testHosts(), "till", time.Now())
	ln, err := tls.Listen("tcp", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{r.Certificate}})
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				c.Write([]byte("hello"))
			}()
		}
	}()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(r.CAPEM)
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	for _, name := range []string{"127.0.0.1", "localhost"} {
		t.Run(name, func(t *testing.T) {
			c, err := tls.Dial("tcp", net.JoinHostPort("127.0.0.1", port), &tls.Config{RootCAs: pool, ServerName: name})
			if err != nil {
				t.Fatalf("handshake as %s: %v", name, err)
			}
			defer c.Close()
			got, _ := io.ReadAll(c)
			if string(got) != "hello" {
				t.Errorf("read %q", got)
			}
		})
	}
	if c, err := tls.Dial("tcp", ln.Addr().String(), &tls.Config{ServerName: "127.0.0.1"}); err == nil {
		c.Close()
		t.Error("a client that does not trust the CA connected")
	}
}

func TestFingerprint(t *testing.T) {
	der := []byte("certificate")
	sum := sha256.Sum256(der)
	got := Fingerprint(der)
	if strings.ReplaceAll(got, ":", "") != strings.ToUpper(hex.EncodeToString(sum[:])) || strings.Count(got, ":") != 31 {
		t.Errorf("Fingerprint = %s", got)
	}
}
