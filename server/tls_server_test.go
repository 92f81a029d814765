package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/server/tlscert"
)

// TestTLSOwnCertificate serves real HTTPS on loopback with lanepay's own
// CA, from a temporary directory, as -tls alone does; a restart reuses it.
func TestTLSOwnCertificate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "lanepay")
	d := startServer(t, config{TLS: true, TLSDir: dir, Sim: true, Bridge: true})
	if !strings.HasPrefix(d.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %s", d.URL())
	}
	own := d.tls.own
	if own == nil || !own.NewCA || !own.NewCert {
		t.Fatalf("first start: %+v", own)
	}
	c := client(d)
	resp, body := fetch(t, c, "GET", d.URL()+"/healthz", nil)
	if resp.StatusCode != 200 || string(body) != "ok\n" || resp.TLS == nil {
		t.Fatalf("healthz over TLS: %d %q", resp.StatusCode, body)
	}
	if resp.Proto != "HTTP/1.1" {
		t.Errorf("protocol %s, want HTTP/1.1 (WebSockets)", resp.Proto)
	}
	resp, _ = fetch(t, c, "GET", d.URL()+"/", map[string]string{"Accept-Encoding": "br"})
	if resp.StatusCode != 200 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("shell over TLS: %d %v", resp.StatusCode, resp.Header)
	}
	resp, body = fetch(t, c, "GET", d.URL()+caPath, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-x509-ca-cert" || string(body) != string(own.CAPEM) {
		t.Errorf("CA download: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	// A client that does not trust the CA is refused.
	plain := &http.Client{Timeout: 5 * time.Second}
	if resp, err := plain.Get(d.URL() + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("a client without the CA connected")
	}

	// wss:// to the bridge, as an HTTPS page would.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ws, _, err := websocket.Dial(ctx, "wss"+strings.TrimPrefix(d.URL(), "https")+"/bridge?target="+d.sim.TCPAddr(), &websocket.DialOptions{
		HTTPClient: c,
		HTTPHeader: http.Header{"Origin": {d.URL()}},
	})
	if err != nil {
		t.Fatalf("wss bridge: %v", err)
	}
	defer ws.CloseNow()
	_, msg, err := ws.Read(ctx)
	if err != nil || !strings.Contains(string(msg), `"CONNECTED"`) {
		t.Fatalf("greeting over wss: %q %v", msg, err)
	}
	ws.Close(websocket.StatusNormalClosure, "")

	// A restart reuses the CA and the certificate.
	again := startServer(t, config{TLS: true, TLSDir: dir})
	if again.tls.own.NewCA || again.tls.own.NewCert ||
		tlscert.Fingerprint(again.tls.leaf.Raw) != tlscert.Fingerprint(own.Leaf.Raw) {
		t.Errorf("restart made new certificates: NewCA %v NewCert %v", again.tls.own.NewCA, again.tls.own.NewCert)
	}
	var out strings.Builder
	again.printWelcome(&out)
	for _, want := range []string{"https://127.0.0.1:", tlscert.Fingerprint(own.CA.Raw), "Tablets that trust it need nothing new"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("welcome lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	d.printWelcome(&out)
	for _, want := range []string{"Install a", "Certificate Trust Settings", caPath, tlscert.Fingerprint(own.CA.Raw)} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("first welcome lacks %q:\n%s", want, out.String())
		}
	}
}

// TestTLSGivenCertificate serves -cert and -key.
func TestTLSGivenCertificate(t *testing.T) {
	dir := t.TempDir()
	r, err := tlscert.Ensure(tlscert.Options{Dir: dir, Hosts: tlscert.Hosts{DNS: []string{"localhost"}}})
	if err != nil {
		t.Fatal(err)
	}
	cert, key := filepath.Join(dir, tlscert.CertFile), filepath.Join(dir, tlscert.KeyFile)
	d := startServer(t, config{Cert: cert, Key: key, TLS: true})
	if d.tls.own != nil {
		t.Error("-cert and -key made lanepay's own certificate")
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(r.CAPEM)
	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, ServerName: "localhost"}}}
	resp, body := fetch(t, c, "GET", d.URL()+"/healthz", nil)
	if resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}
	var out strings.Builder
	d.printWelcome(&out)
	if !strings.Contains(out.String(), tlscert.Fingerprint(r.Leaf.Raw)) {
		t.Errorf("welcome does not show the certificate's fingerprint:\n%s", out.String())
	}

	_, err = start(context.Background(), config{Addr: "127.0.0.1:0", TLS: true, Cert: filepath.Join(dir, "missing.pem"), Key: key}, d.log)
	if err == nil || !strings.Contains(err.Error(), "missing.pem") {
		t.Errorf("a missing certificate: %v", err)
	}
}
