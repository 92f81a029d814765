package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/server/precompress"
	"github.com/lanepay/lanepay/web"
)

// TestServeBundleHeaders serves the real, embedded bundle over real HTTP
// and checks negotiation, types, caching and security headers.
func TestServeBundleHeaders(t *testing.T) {
	d := startServer(t, config{})
	c := client(d)
	requireCopies(t, d)
	dist := web.Dist()
	tests := []struct {
		name, path, ae, file string
		encoding, ctype      string
	}{
		{"shell, br", "/", "gzip, deflate, br, zstd", "index.html", "br", "text/html; charset=utf-8"},
		{"shell, gzip", "/", "gzip", "index.html", "gzip", "text/html; charset=utf-8"},
		{"shell, identity", "/", "", "index.html", "", "text/html; charset=utf-8"},
		{"shell, br refused", "/", "br;q=0, gzip", "index.html", "gzip", "text/html; charset=utf-8"},
		{"shell, all refused", "/", "br;q=0, gzip;q=0", "index.html", "", "text/html; charset=utf-8"},
		{"client route", "/settings/terminal", "br", "index.html", "br", "text/html; charset=utf-8"},
		{"the hand-off's Pay screen", "/pay?amount=12.34&invoice=INV-1&return=https%3A%2F%2Fbilling.example%2F", "br", "index.html", "br", "text/html; charset=utf-8"},
		{"wasm, br", "/web/app.wasm", "br", "web/app.wasm", "br", "application/wasm"},
		{"wasm, gzip", "/web/app.wasm", "gzip", "web/app.wasm", "gzip", "application/wasm"},
		{"wasm, identity", "/web/app.wasm", "identity", "web/app.wasm", "", "application/wasm"},
		{"loader", "/app.js", "br", "app.js", "br", "text/javascript; charset=utf-8"},
		{"wasm_exec", "/wasm_exec.js", "gzip", "wasm_exec.js", "gzip", "text/javascript; charset=utf-8"},
		{"service worker", "/app-worker.js", "br", "app-worker.js", "br", "text/javascript; charset=utf-8"},
		{"manifest", "/manifest.webmanifest", "br", "manifest.webmanifest", "br", "application/manifest+json"},
		{"stylesheet", "/web/app.css", "br", "web/app.css", "br", "text/css; charset=utf-8"},
		{"icon, never compressed", "/web/icon-192.png", "br", "web/icon-192.png", "", "image/png"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, c, "GET", d.URL()+tt.path, map[string]string{"Accept-Encoding": tt.ae})
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			h := resp.Header
			if h.Get("Content-Encoding") != tt.encoding || h.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Encoding %q Content-Type %q, want %q %q", h.Get("Content-Encoding"), h.Get("Content-Type"), tt.encoding, tt.ctype)
			}
			if h.Get("Cache-Control") != "no-cache" {
				t.Errorf("Cache-Control %q: every bundle URL is unversioned", h.Get("Cache-Control"))
			}
			if h.Get("Content-Length") != strconv.Itoa(len(body)) {
				t.Errorf("Content-Length %s for %d bytes", h.Get("Content-Length"), len(body))
			}
			if precompress.Compressible(tt.file) && h.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q", h.Get("Vary"))
			}
			if !strings.HasPrefix(h.Get("ETag"), `"`) {
				t.Errorf("ETag %q is not strong", h.Get("ETag"))
			}
			checkSecurityHeaders(t, h)
			want, err := fs.ReadFile(dist, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			plain := body
			for _, e := range precompress.Encodings {
				if e.Name == tt.encoding {
					if plain, err = e.Decompress(body); err != nil {
						t.Fatal(err)
					}
				}
			}
			if !bytes.Equal(plain, want) {
				t.Errorf("body decodes to %d bytes, want %s's %d", len(plain), tt.file, len(want))
			}
		})
	}
}

// requireCopies skips a test when the bundle was built without its
// compressed copies (or they went stale, and the server ignores them), and
// fails it under `make test`, whose build makes them.
func requireCopies(t *testing.T, d *daemon) {
	t.Helper()
	resp, _ := fetch(t, client(d), "HEAD", d.URL()+"/web/app.wasm", map[string]string{"Accept-Encoding": "br"})
	if resp.Header.Get("Content-Encoding") == "br" {
		return
	}
	msg := "the bundle has no current compressed copies: run `make build` (go run ./server/cmd/precompress web/dist)"
	if os.Getenv("LANEPAY_REQUIRE_BROWSER") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self' ws: wss:", "frame-ancestors 'none'", "img-src 'self' data:", "manifest-src 'self'", "worker-src 'self'", "base-uri 'self'", "form-action 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP lacks %q: %s", want, csp)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %s", csp)
	}
	if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("X-Content-Type-Options %q Referrer-Policy %q", h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
	}
}

func TestServeBundleRevalidation(t *testing.T) {
	d := startServer(t, config{})
	c := client(d)
	requireCopies(t, d)
	tags := map[string]string{}
	for _, ae := range []string{"br", "gzip", ""} {
		resp, _ := fetch(t, c, "GET", d.URL()+"/web/app.wasm", map[string]string{"Accept-Encoding": ae})
		tags[ae] = resp.Header.Get("ETag")
	}
	for ae, tag := range tags {
		resp, body := fetch(t, c, "GET", d.URL()+"/web/app.wasm", map[string]string{"Accept-Encoding": ae, "If-None-Match": tag})
		if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
			t.Errorf("%q: status %d with %d bytes, want 304", ae, resp.StatusCode, len(body))
		}
		if resp.Header.Get("ETag") != tag || resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("%q: 304 headers %v", ae, resp.Header)
		}
	}
	// A tag of another representation is not a match.
	resp, _ := fetch(t, c, "GET", d.URL()+"/web/app.wasm", map[string]string{"Accept-Encoding": "br", "If-None-Match": tags["gzip"]})
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "br" {
		t.Errorf("gzip tag with br accepted: status %d %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
	// Ranges come from the identity body.
	resp, body := fetch(t, c, "GET", d.URL()+"/web/app.wasm", map[string]string{"Accept-Encoding": "br", "Range": "bytes=0-3"})
	if resp.StatusCode != http.StatusPartialContent || string(body) != "\x00asm" || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("range: status %d body %q encoding %q", resp.StatusCode, body, resp.Header.Get("Content-Encoding"))
	}
}

func TestServeOtherRoutes(t *testing.T) {
	d := startServer(t, config{})
	c := client(d)
	tests := []struct {
		name, method, path string
		status             int
		body               string
	}{
		{"health", "GET", "/healthz", 200, "ok\n"},
		{"copy is not a URL", "GET", "/app.js.br", 404, ""},
		{"missing asset", "GET", "/web/missing.png", 404, ""},
		{"bridge off", "GET", "/bridge", 404, "the bridge is off: start lanepay with -bridge\n"},
		{"bridge info off", "GET", "/bridge/info", 200, "{\"enabled\":false}\n"},
		{"no CA without own TLS", "GET", caPath, 404, ""},
		{"post", "POST", "/", 405, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := fetch(t, c, tt.method, d.URL()+tt.path, nil)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.body != "" && string(body) != tt.body {
				t.Errorf("body %q, want %q", body, tt.body)
			}
			checkSecurityHeaders(t, resp.Header)
		})
	}
}

func TestBridgeInfo(t *testing.T) {
	d := startServer(t, config{Sim: true, Bridge: true, BridgeMaxMessage: 4096})
	resp, body := fetch(t, client(d), "GET", d.URL()+"/bridge/info", nil)
	var info bridgeInfo
	if err := json.Unmarshal(body, &info); err != nil || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%s: %v", body, err)
	}
	if !info.Enabled || info.URL != "/bridge" || info.MaxMessage != 4096 || info.IdleTimeout != "10m0s" || info.MaxPerTarget != 1 {
		t.Errorf("info %+v", info)
	}
	if info.Simulator == nil || info.Simulator.TCP != d.sim.TCPAddr() || info.Simulator.WS != "ws://"+d.sim.WSAddr()+"/" {
		t.Errorf("simulator %+v", info.Simulator)
	}
}

func TestSimEntries(t *testing.T) {
	tests := []struct {
		addr string
		want []string // a prefix of the entries
	}{
		{"127.0.0.1:5001", []string{"127.0.0.1:5001"}},
		{"192.168.1.9:5001", []string{"192.168.1.9:5001"}},
		{"0.0.0.0:5001", []string{"127.0.0.1:5001", "[::1]:5001"}},
		{"[::]:5000", []string{"127.0.0.1:5000", "[::1]:5000"}},
		{"bad", nil},
	}
	for _, tt := range tests {
		t.Run(tt.addr, func(t *testing.T) {
			got := simEntries(tt.addr)
			if len(got) < len(tt.want) || (tt.want == nil && got != nil) {
				t.Fatalf("simEntries(%q) = %v, want %v first", tt.addr, got, tt.want)
			}
			for i, w := range tt.want {
				if got[i] != w {
					t.Errorf("entry %d: %q, want %q", i, got[i], w)
				}
			}
		})
	}
}
