package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/testkit"
)

var versionRe = regexp.MustCompile(`GOAPP_VERSION":"([0-9a-f]+)"`)

// newVersion copies the built bundle as a later release would differ from
// it: another version in go-app's loader and in the service worker.
func newVersion(t *testing.T) (dir, version string) {
	t.Helper()
	dir = t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "web", "dist"))); err != nil {
		t.Fatal(err)
	}
	loader, err := os.ReadFile(filepath.Join(dir, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	m := versionRe.FindSubmatch(loader)
	if m == nil {
		t.Fatal("no version in app.js")
	}
	old, version := m[1], "0123456789abcdef"
	for _, name := range []string{"app.js", "app-worker.js"} {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, old) {
			t.Fatalf("%s does not carry the version %s", name, old)
		}
		if err := os.WriteFile(p, bytes.ReplaceAll(data, old, []byte(version)), 0o644); err != nil {
			t.Fatal(err)
		}
		// The compressed copies are of the old file.
		os.Remove(p + ".br")
		os.Remove(p + ".gz")
	}
	return dir, version
}

// TestBrowserUpdateBanner: a new version is deployed while the page is
// open; when the browser checks for it, the page offers to reload (and not
// before), and the reload brings the new version.
func TestBrowserUpdateBanner(t *testing.T) {
	requireBrowser(t)
	addr := closedAddr(t)
	first, err := start(context.Background(), config{Addr: addr, Sim: true, SimWS: "127.0.0.1:0", SimTCP: "127.0.0.1:0"}, testkit.Discard())
	if err != nil {
		t.Fatal(err)
	}
	stopFirst := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if first != nil {
			first.Close(ctx)
			first = nil
		}
	}
	defer stopFirst()

	ctx := newBrowser(t)
	openApp(t, ctx, &testStack{d: first, sim: first.sim})
	// The first visit installs the worker; the next load is under it.
	if err := chromedp.Do(ctx,
		poll(`navigator.serviceWorker.getRegistration().then(r => !!r && !!r.active)`),
		chromedp.Navigate(first.URL()),
		poll(`!!navigator.serviceWorker.controller && !!document.querySelector('.shell[data-mounted="true"]')`),
	); err != nil {
		t.Fatal(err)
	}

	dir, version := newVersion(t)
	stopFirst()
	second := startServer(t, config{Addr: addr, Dir: dir, Sim: true})
	if banner, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.getElementById("update-banner")`)); banner {
		t.Fatal("the update banner showed before any update")
	}
	// What the browser does on its own at navigations and now and then.
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`navigator.serviceWorker.getRegistration().then(r => r.update())`, chromedp.EvalAwaitPromise),
		poll(`!!document.getElementById("update-banner")`),
		clickSel("#update-reload"),
	); err != nil {
		t.Fatalf("update: %v", err)
	}
	// The page reloads: evaluations fail while its document is replaced.
	var got string
	if !testkit.Until(func() bool {
		got, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('.shell[data-mounted="true"]') && !document.getElementById("update-banner") ? goappEnv.GOAPP_VERSION : ""`))
		return err == nil && got != ""
	}) {
		t.Fatalf("the page did not come back after the reload: %v", err)
	}
	if got != version {
		t.Errorf("after the reload the page runs version %q, want %q (served from %s)", got, version, second.URL())
	}
}
