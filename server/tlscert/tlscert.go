package tlscert

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// File names in the directory.
const (
	CAFile   = "ca.pem"
	caKey    = "ca-key.pem"
	CertFile = "cert.pem"
	KeyFile  = "key.pem"
)

// Lifetimes. The server certificate stays under the 398 days browsers and
// Apple platforms accept; it is renewed, silently, a month before it ends.
// The CA lives long because trusting it again means a step on each tablet.
const (
	caLifetime   = 10 * 365 * 24 * time.Hour
	certLifetime = 397 * 24 * time.Hour
	renewBefore  = 30 * 24 * time.Hour
)

// Options say where the CA lives and what the certificate covers.
type Options struct {
	Dir string // created 0700 if missing
	// Hosts the certificate must cover; zero means MachineHosts.
	Hosts Hosts
	// Hostname goes into the CA's name constraint; "" means os.Hostname.
	Hostname string
	Now      func() time.Time // nil means time.Now
}

// Result is the server's certificate and what to tell the user about it.
type Result struct {
	Certificate tls.Certificate
	Leaf        *x509.Certificate
	CA          *x509.Certificate
	CAPEM       []byte // the CA certificate, to hand to tablets
	Dir         string
	NewCA       bool     // the CA was just made: tablets must trust it (again)
	NewCert     bool     // the server certificate was just issued
	LeftOut     []string // names and addresses the CA may not vouch for
}

// Ensure loads the CA and the server certificate from the directory,
// making or renewing what is missing, expiring, or no longer matching the
// machine's names and addresses.
func Ensure(opts Options) (*Result, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	hosts := opts.Hosts
	if len(hosts.DNS) == 0 && len(hosts.IPs) == 0 {
		var err error
		if hosts, err = MachineHosts(); err != nil {
			return nil, err
		}
	}
	hostname := opts.Hostname
	if hostname == "" {
		hostname, _ = os.Hostname()
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("failed to create %s: %w", opts.Dir, err)
	}
	// The directory holds private keys: nobody else may list or read it.
	if err := os.Chmod(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("failed to restrict %s: %w", opts.Dir, err)
	}
	r := &Result{Dir: opts.Dir}

	ca, caSigner, err := loadPair(opts.Dir, CAFile, caKey)
	if err != nil || !usableCA(ca, hostname, now()) {
		if ca, caSigner, err = newCA(hostname, now()); err != nil {
			return nil, err
		}
		if err := savePair(opts.Dir, CAFile, caKey, ca, caSigner); err != nil {
			return nil, err
		}
		r.NewCA = true
	}
	r.CA = ca
	r.CAPEM = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Raw})

	want, left := within(ca, hosts)
	r.LeftOut = left
	leaf, signer, err := loadPair(opts.Dir, CertFile, KeyFile)
	if r.NewCA || err != nil || !usableLeaf(leaf, ca, want, now()) {
		if leaf, signer, err = newLeaf(ca, caSigner, want, now()); err != nil {
			return nil, err
		}
		if err := savePair(opts.Dir, CertFile, KeyFile, leaf, signer); err != nil {
			return nil, err
		}
		r.NewCert = true
	}
	r.Leaf = leaf
	r.Certificate = tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: signer, Leaf: leaf}
	return r, nil
}

// Fingerprint is a certificate's SHA-256 fingerprint as platforms show it:
// upper-case hex bytes separated by colons.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	parts := make([]string, len(sum))
	for i, b := range sum {
		parts[i] = fmt.Sprintf("%02X", b)
	}
	return strings.Join(parts, ":")
}

// usableCA reports whether a CA from disk can go on: not near its end, and
// constrained to this machine's current host name (a renamed machine needs
// a CA that may vouch for its new name).
func usableCA(ca *x509.Certificate, hostname string, now time.Time) bool {
	want := permittedDomains(hostname)
	return ca.IsCA && now.After(ca.NotBefore) && ca.NotAfter.Sub(now) > renewBefore &&
		slices.Equal(sorted(ca.PermittedDNSDomains), sorted(want))
}

// usableLeaf reports whether a server certificate from disk can go on:
// issued by ca, not near its end, and for exactly the wanted hosts.
func usableLeaf(leaf, ca *x509.Certificate, want Hosts, now time.Time) bool {
	if leaf.CheckSignatureFrom(ca) != nil || !now.After(leaf.NotBefore) || leaf.NotAfter.Sub(now) <= renewBefore {
		return false
	}
	have := Hosts{DNS: leaf.DNSNames}
	for _, ip := range leaf.IPAddresses {
		if a, ok := netip.AddrFromSlice(ip); ok {
			have.IPs = append(have.IPs, a.Unmap())
		}
	}
	return have.equal(want)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

func serial() (*big.Int, error) {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127))
	if err != nil {
		return nil, fmt.Errorf("failed to make a serial number: %w", err)
	}
	return n, nil
}

func newCA(hostname string, now time.Time) (*x509.Certificate, crypto.Signer, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to make the CA key: %w", err)
	}
	sn, err := serial()
	if err != nil {
		return nil, nil, err
	}
	name := "lanepay local CA"
	if validDNSName(hostname) {
		name += " on " + strings.ToLower(hostname)
	}
	tmpl := &x509.Certificate{
		SerialNumber:                sn,
		Subject:                     pkix.Name{CommonName: name, Organization: []string{"lanepay"}},
		NotBefore:                   now.Add(-time.Hour), // clocks on a LAN disagree
		NotAfter:                    now.Add(caLifetime),
		IsCA:                        true,
		BasicConstraintsValid:       true,
		MaxPathLenZero:              true,
		KeyUsage:                    x509.KeyUsageCertSign | x509.KeyUsageCRLSign | x509.KeyUsageDigitalSignature,
		PermittedDNSDomainsCritical: true,
		PermittedDNSDomains:         permittedDomains(hostname),
		PermittedIPRanges:           permittedRanges(),
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to make the CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read back the CA certificate: %w", err)
	}
	return cert, key, nil
}

func newLeaf(ca *x509.Certificate, caKey crypto.Signer, h Hosts, now time.Time) (*x509.Certificate, crypto.Signer, error) {
	if len(h.DNS) == 0 && len(h.IPs) == 0 {
		return nil, nil, errors.New("failed to make the server certificate: no name or address to cover")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to make the server key: %w", err)
	}
	sn, err := serial()
	if err != nil {
		return nil, nil, err
	}
	cn := "lanepay"
	if len(h.DNS) > 0 {
		cn = h.DNS[0]
	}
	tmpl := &x509.Certificate{
		SerialNumber: sn,
		Subject:      pkix.Name{CommonName: cn, Organization: []string{"lanepay"}},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames:     h.DNS,
	}
	for _, ip := range h.IPs {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.IP(ip.AsSlice()))
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, key.Public(), caKey)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to make the server certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("failed to read back the server certificate: %w", err)
	}
	return cert, key, nil
}

// loadPair reads a certificate and its key, checking that they belong
// together.
func loadPair(dir, certName, keyName string) (*x509.Certificate, crypto.Signer, error) {
	pair, err := tls.LoadX509KeyPair(filepath.Join(dir, certName), filepath.Join(dir, keyName))
	if err != nil {
		return nil, nil, fmt.Errorf("failed to load %s: %w", certName, err)
	}
	signer, ok := pair.PrivateKey.(crypto.Signer)
	if !ok {
		return nil, nil, fmt.Errorf("failed to load %s: the key cannot sign", keyName)
	}
	return pair.Leaf, signer, nil
}

// savePair writes the key (0600) before the certificate, each through a
// temporary file and a rename: a crash leaves an old pair or a mismatched
// one, which loadPair refuses and Ensure replaces, never a half file.
func savePair(dir, certName, keyName string, cert *x509.Certificate, key crypto.Signer) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("failed to encode %s: %w", keyName, err)
	}
	if err := writeAtomic(filepath.Join(dir, keyName), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, certName), pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o644)
}

func writeAtomic(name string, data []byte, mode os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return fmt.Errorf("failed to write %s: %w", name, err)
	}
	defer os.Remove(f.Name())
	// CreateTemp makes the file 0600 already; Chmod sets the final mode
	// before any data is written.
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return fmt.Errorf("failed to set the mode of %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("failed to write %s: %w", name, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("failed to write %s: %w", name, err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("failed to write %s: %w", name, err)
	}
	return nil
}
