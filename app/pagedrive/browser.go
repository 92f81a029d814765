//go:build !js

package pagedrive

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireBrowser returns the path of Chromium, skipping the test where
// there is none, or failing it where LANEPAY_REQUIRE_BROWSER is set (as
// `make test` sets it, having installed Chromium): there a browser test
// that skips would pass for nothing.
func RequireBrowser(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("LANEPAY_REQUIRE_BROWSER") != "" {
			t.Fatal("chromium is not installed: run `make test`, which installs it")
		}
		t.Skip("chromium is not installed (make test installs it)")
	}
	return path
}

// testBudget bounds a browser test as a whole: a hang fails its test
// with the browser still there to say what the page showed.
const testBudget = 90 * time.Second

// NewBrowser starts a fresh headless Chromium for the test, with its own
// profile and a desktop's window (1280×800) unless extra says otherwise,
// and closes it when the test ends. Its context ends after 90 s.
func NewBrowser(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path := RequireBrowser(t)
	opts := BrowserOptions(path, t.TempDir(), append([]chromedp.ExecAllocatorOption{chromedp.WindowSize(1280, 800)}, extra...)...)
	ctx, stop, err := StartBrowser(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(ctx, testBudget)
	t.Cleanup(func() { cancel(); stop() })
	return ctx
}
