//go:build !js

package pagedrive

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// What JSString returns must read back, in JavaScript, as the same string,
// whatever a test or the bench puts into an id or a value.
func TestJSString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "amount", `"amount"`},
		{"quotes", `say "12.34"`, `"say \"12.34\""`},
		{"backslash", `a\b`, `"a\\b"`},
		{"newline", "a\nb", `"a\nb"`},
		{"script end", "</script>", `"\u003c/script\u003e"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := JSString(tt.in); got != tt.want {
				t.Errorf("JSString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

// TestBrowserStopsCleanly: a browser the tests and the bench start leaves
// nothing behind once stopped. Chromium keeps its singleton socket in a
// directory of its own in the system's temporary directory, and removes it
// when it closes, not when it is killed; a thousand were left in /tmp
// after a day of test and bench runs before stop closed it.
func TestBrowserStopsCleanly(t *testing.T) {
	profile := t.TempDir()
	ctx, stop, err := StartBrowser(context.Background(), BrowserOptions(RequireBrowser(t), profile)...)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	// As the tests use it: under a timeout of their own, which ends first.
	ctx, cancelT := context.WithTimeout(ctx, time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("navigate: %v", err)
	}
	cancelT()
	socket, err := os.Readlink(filepath.Join(profile, "SingletonSocket"))
	if err != nil {
		t.Fatalf("Chromium's singleton socket: %v", err)
	}
	stop()
	if _, err := os.Lstat(filepath.Dir(socket)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("after stop, %s is still there (%v): Chromium was killed, not closed", filepath.Dir(socket), err)
	}
}

// The actions the tests build on, on a page of their own: each does what
// it says, and a wait that cannot be met fails, saying what it saw.
func TestBrowserActions(t *testing.T) {
	ctx := NewBrowser(t)
	const page = `<!doctype html><p id=p> first </p><input id=f><select id=s><option value=a>A<option value=b>B</select>
<button id=b disabled>B</button>
<script>
// What the page's afterPaint (app/after-paint.go) puts off: a frame,
// then a task.
function afterPaint(f) { requestAnimationFrame(() => setTimeout(f, 0)); }
</script>`
	if err := chromedp.Do(ctx, chromedp.Navigate("data:text/html,"+page)); err != nil {
		t.Fatal(err)
	}
	run := func(t *testing.T, js string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(() => { "+js+"; return true; })()")); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name  string
		setUp string // JavaScript run first
		do    chromedp.Action[chromedp.Void]
		check string // true once do has done its part
	}{
		{"WaitText reads trimmed text", `setTimeout(() => document.getElementById("p").textContent = " second ", 50)`,
			WaitText("#p", "second"), `document.getElementById("p").textContent === " second "`},
		{"WaitContains", `setTimeout(() => document.getElementById("p").textContent = "third time", 50)`,
			WaitContains("#p", "third"), `true`},
		{"Fill fires input", `document.getElementById("f").oninput = e => window.filled = e.target.value`,
			Fill("f", "12.34"), `window.filled === "12.34"`},
		{"Choose fires change", `document.getElementById("s").onchange = e => window.chose = e.target.value`,
			Choose("s", "b"), `window.chose === "b"`},
		{"Click waits until enabled", `const b = document.getElementById("b"); b.onclick = () => window.clicked = true; setTimeout(() => b.disabled = false, 50)`,
			Click("#b"), `window.clicked === true`},
		{"AfterPaint runs what the page put off", `afterPaint(() => { window.late = true; afterPaint(() => window.later = true); })`,
			AfterPaint(), `window.late === true && window.later === true`},
		{"PollAcross", `setTimeout(() => window.ready = true, 50)`,
			PollAcross(`window.ready === true`), `true`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			run(t, tt.setUp)
			if err := chromedp.Do(ctx, tt.do); err != nil {
				t.Fatal(err)
			}
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](tt.check)); err != nil || !ok {
				t.Errorf("after it, %s is false (%v)", tt.check, err)
			}
		})
	}

	t.Run("a wait not met says what it read", func(t *testing.T) {
		short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		err := chromedp.Do(short, WaitText("#p", "never"))
		if err == nil || !strings.Contains(err.Error(), `it reads "third time"`) {
			t.Errorf("WaitText for what never comes: %v", err)
		}
	})
}
