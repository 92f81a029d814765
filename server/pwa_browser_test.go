package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/testkit"
)

func TestManifest(t *testing.T) {
	s := startStack(t)
	resp, err := http.Get(s.d.URL() + "/manifest.webmanifest")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m struct {
		Name, ShortName, StartURL, Display, ThemeColor, BackgroundColor string
		Icons                                                           []struct{ Src, Type, Purpose, Sizes string }
	}
	body, _ := io.ReadAll(resp.Body)
	// The manifest uses snake_case keys.
	if err := json.Unmarshal([]byte(strings.NewReplacer("short_name", "ShortName", "start_url", "StartURL", "theme_color", "ThemeColor", "background_color", "BackgroundColor").Replace(string(body))), &m); err != nil {
		t.Fatalf("manifest: %v\n%s", err, body)
	}
	if m.Name != "lanepay" || m.ShortName == "" || m.StartURL != "/" || m.Display != "standalone" || m.ThemeColor == "" || m.BackgroundColor == "" {
		t.Errorf("manifest lacks what an installable app needs: %+v", m)
	}
	want := map[string]bool{"192x192": false, "512x512": false, "maskable": false}
	for _, ic := range m.Icons {
		if strings.HasPrefix(ic.Src, "http") {
			t.Errorf("icon %s is remote: it breaks offline", ic.Src)
			continue
		}
		r, err := http.Get(s.d.URL() + ic.Src)
		if err != nil || r.StatusCode != http.StatusOK {
			t.Errorf("icon %s: %v %v", ic.Src, err, r)
			continue
		}
		r.Body.Close()
		want[ic.Sizes] = true
		if ic.Purpose == "maskable" {
			want["maskable"] = true
		}
	}
	for k, ok := range want {
		if !ok {
			t.Errorf("manifest has no %s icon", k)
		}
	}
}

// TestBrowserOfflineReload loads the app once, stops the server, and
// reloads: the service worker must serve the whole app shell, and the
// Pay screen of a hand-off.
func TestBrowserOfflineReload(t *testing.T) {
	requireBrowser(t)
	cfg := config{Addr: "127.0.0.1:0", Sim: true, SimWS: "127.0.0.1:0", SimTCP: "127.0.0.1:0"}
	d, err := start(context.Background(), cfg, testkit.Discard())
	if err != nil {
		t.Skip(err) // no bundle: startStack in the other tests says so
	}
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.URL()),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		// Installed and activated, with the wasm cached.
		poll(`(() => {
			navigator.serviceWorker.getRegistration().then(r => { window.__active = !!(r && r.active && r.active.state === "activated"); });
			if (!window.__active) return false;
			window.__cached = window.__cached || caches.keys().then(ks => Promise.all(ks.map(k => caches.open(k).then(c => c.match("/web/app.wasm"))))).then(rs => rs.some(r => !!r));
			window.__cached.then(v => { window.__ready = v; if (!v) window.__cached = null; });
			return window.__ready === true; })()`),
	); err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Close(sctx); err != nil {
		t.Fatal(err)
	}
	if resp, err := http.Get(d.URL()); err == nil {
		resp.Body.Close()
		t.Fatal("the server still answers after Close")
	}
	if err := chromedp.Do(ctx,
		chromedp.Reload(),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		chromedp.WaitVisible(chromedp.ID("amount")),
	); err != nil {
		t.Fatalf("offline reload: %v", err)
	}
	// A first install is not an update: no banner.
	if banner, _ := textOf(ctx, "update-banner"); banner != "" {
		t.Errorf("update banner on a first install: %q", banner)
	}
	// A hand-off from billing software (/pay, whatever its query) is the
	// shell's page: the worker serves it too. No origin is allowed here,
	// so the Pay screen refuses it, naming the parameter.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.URL()+"/pay?amount=1.00&invoice=INV-1&return=https%3A%2F%2Fbilling.example%2Fpaid"),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		poll(`(document.getElementById("pay-problem") || {textContent: ""}).textContent.startsWith("The parameter return ")`),
	); err != nil {
		t.Fatalf("offline hand-off: %v", err)
	}
}
