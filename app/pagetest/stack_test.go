//go:build !js

package pagetest

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/till/tilltest"
	"github.com/lanepay/lanepay/web"
)

// The page actions, by the short names the tests read best with.
var (
	newBrowser   = pagedrive.NewBrowser
	poll         = pagedrive.Poll
	pollAcross   = pagedrive.PollAcross
	fill         = pagedrive.Fill
	clickSel     = pagedrive.Click
	choose       = pagedrive.Choose
	waitText     = pagedrive.WaitText
	waitContains = pagedrive.WaitContains
	afterPaint   = pagedrive.AfterPaint
	textSel      = pagedrive.Text
	textOf       = pagedrive.TextOf
	screenText   = pagedrive.ScreenText
	charge       = pagedrive.Charge
	jsString     = pagedrive.JSString
)

// stack is what a page test runs against: the built bundle, served as
// lanepay's server serves what the page needs of it, and the simulated
// terminal the page connects to directly, as it does on a shop's LAN.
type stack struct {
	url string // the page's origin
	sim *terminalsim.Simulator
}

// startStack serves the bundle and starts a simulator answering at once,
// with a TCP listener too (as the server's -sim has: another till may
// charge the terminal there).
func startStack(t *testing.T) *stack {
	t.Helper()
	return startStackWith(t, terminalsim.Config{TCPAddr: "127.0.0.1:0"})
}

// startStackWith is startStack with a simulator configured as cfg says.
func startStackWith(t *testing.T, cfg terminalsim.Config) *stack {
	t.Helper()
	pagedrive.RequireBrowser(t)
	return &stack{url: serveBundle(t), sim: tilltest.SimWith(t, cfg)}
}

// serveBundle serves the bundle `make build` made (web/dist, embedded by
// package web as the server embeds it) on a loopback port until the test
// ends, and returns its URL. A test without the bundle skips, or fails
// under `make test` (LANEPAY_REQUIRE_BROWSER).
func serveBundle(t *testing.T) string {
	t.Helper()
	dist := web.Dist()
	if _, err := fs.Stat(dist, "index.html"); err != nil {
		if os.Getenv("LANEPAY_REQUIRE_BROWSER") != "" {
			t.Fatalf("the app bundle has not been built (run `make build`): %v", err)
		}
		t.Skipf("the app bundle has not been built (run `make build`): %v", err)
	}
	srv := httptest.NewServer(bundleHandler(dist))
	t.Cleanup(srv.Close)
	return srv.URL
}

// bundleHandler serves dist as the page needs it served; lanepay's server
// (server/static) does the same and more, tested there: compression,
// validators, the Content-Security-Policy.
//
//   - Each file with the type the browser requires of it: application/wasm
//     for WebAssembly.compileStreaming, a JavaScript type for the service
//     worker's script, which the browser refuses to register otherwise.
//   - "no-cache" on everything, as the server sends: the bundle's URLs
//     carry no version, so the browser revalidates what it stored, and
//     the service worker alone serves the app offline.
//   - The shell (index.html) for a page path it does not have: go-app
//     routes on the client. Never for a file's path (one with an
//     extension, or under /web/): a missing file is 404.
func bundleHandler(dist fs.FS) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		name := strings.TrimPrefix(p, "/")
		if name == "" {
			name = "index.html"
		}
		data, err := fs.ReadFile(dist, name)
		if err != nil && path.Ext(p) == "" && !strings.HasPrefix(p, "/web/") {
			name = "index.html"
			data, err = fs.ReadFile(dist, name)
		}
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", contentType(name))
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(data))
	})
}

// contentType is the type of a file of the bundle by its name, fixed for
// the types the page depends on (the system's MIME table varies by
// machine and may lack the manifest's).
func contentType(name string) string {
	switch ext := path.Ext(name); ext {
	case ".html":
		return "text/html; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".webmanifest":
		return "application/manifest+json"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// ledger reads the simulator's /ledger over HTTP, as a person would.
func (s *stack) ledger(t *testing.T) []map[string]any {
	t.Helper()
	resp, err := http.Get("http://" + s.sim.WSAddr() + "/ledger")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var entries []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&entries); err != nil {
		t.Fatalf("decode ledger: %v", err)
	}
	return entries
}

// ledgerFor counts the ledger's entries with this reference and returns
// the last one's state.
func (s *stack) ledgerFor(t *testing.T, ref string) (n int, state string) {
	t.Helper()
	for _, e := range s.ledger(t) {
		if e["ref"] == ref {
			n++
			state, _ = e["state"].(string)
		}
	}
	return n, state
}

// openApp loads the page, waits for the wasm to take over from the
// pre-rendered HTML, and connects to the test's simulated terminal as a
// cashier would: Terminal IP, Port, Connect, until the status says Ready.
func openApp(t *testing.T, ctx context.Context, s *stack) {
	t.Helper()
	if err := chromedp.Do(ctx, pagedrive.OpenApp(s.url, s.sim.WSAddr())); err != nil {
		t.Fatalf("open %s: %v\nthe page reads:\n%s", s.url, err, screenText(ctx))
	}
}

// drive runs the actions in the page, failing the test with what the
// screen reads if one fails.
func drive(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
}

// closedAddr is a loopback address nothing listens on: a terminal that
// is off, or one a test starts there later.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// The bundle is served as the page needs it: the types the browser
// requires, the shell for the client's routes, 404 for a missing file.
func TestServeBundle(t *testing.T) {
	if _, err := fs.Stat(web.Dist(), "index.html"); err != nil {
		t.Skip("the app bundle has not been built (run `make build`)")
	}
	srv := httptest.NewServer(bundleHandler(web.Dist()))
	defer srv.Close()
	shell, err := fs.ReadFile(web.Dist(), "index.html")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, path string
		status     int
		ctype      string
		shell      bool // the body is index.html
	}{
		{"the shell", "/", 200, "text/html; charset=utf-8", true},
		{"a client route", "/settings/terminal", 200, "text/html; charset=utf-8", true},
		{"the hand-off's Pay screen", "/pay?amount=1.00&invoice=7", 200, "text/html; charset=utf-8", true},
		{"the wasm", "/web/app.wasm", 200, "application/wasm", false},
		{"the service worker", "/app-worker.js", 200, "text/javascript; charset=utf-8", false},
		{"the loader", "/app.js", 200, "text/javascript; charset=utf-8", false},
		{"the manifest", "/manifest.webmanifest", 200, "application/manifest+json", false},
		{"a stylesheet", "/web/app.css", 200, "text/css; charset=utf-8", false},
		{"a missing file", "/web/missing.png", 404, "", false},
		{"a missing script", "/missing.js", 404, "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := http.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body bytes.Buffer
			body.ReadFrom(resp.Body)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if got := resp.Header.Get("Content-Type"); got != tt.ctype {
				t.Errorf("Content-Type %q, want %q", got, tt.ctype)
			}
			if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
				t.Errorf("Cache-Control %q, want no-cache", got)
			}
			if got := bytes.Equal(body.Bytes(), shell); got != tt.shell {
				t.Errorf("the body is the shell: %v, want %v", got, tt.shell)
			}
		})
	}
}
