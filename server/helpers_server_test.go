package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/server/static"
)

// startServer starts the daemon as main does, with cfg on loopback (the
// addresses default to free loopback ports), and stops it at the end.
func startServer(t testing.TB, cfg config) *daemon {
	t.Helper()
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.SimWS == "" {
		cfg.SimWS = "127.0.0.1:0"
	}
	if cfg.SimTCP == "" {
		cfg.SimTCP = "127.0.0.1:0"
	}
	log := testkit.Discard()
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	d, err := start(context.Background(), cfg, log)
	if errors.Is(err, static.ErrNoBundle) {
		if os.Getenv("LANEPAY_REQUIRE_BROWSER") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := d.Close(ctx); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return d
}

// client is an HTTP client that leaves compression to the test (Go's
// transport would otherwise ask for gzip and decode it out of sight) and
// trusts the daemon's own CA when it has one.
func client(d *daemon) *http.Client {
	tr := &http.Transport{DisableCompression: true}
	if d.tls != nil && d.tls.own != nil {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(d.tls.own.CAPEM)
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

func fetch(t testing.TB, c *http.Client, method, url string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}
