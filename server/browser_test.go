package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
	"github.com/lanepay/lanepay/app/terminalsim"
)

// Browser tests drive real headless Chromium against the real server and
// the real simulated terminal, all on loopback. `make test` sets
// LANEPAY_REQUIRE_BROWSER=1, so there a missing browser or bundle fails
// rather than skips.

func requireBrowser(t *testing.T) string {
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

// testStack is a server with the simulated terminal beside it.
type testStack struct {
	d   *daemon
	sim *terminalsim.Simulator
}

func startStack(t *testing.T) *testStack {
	t.Helper()
	d := startServer(t, config{Sim: true})
	return &testStack{d: d, sim: d.sim}
}

// ledger reads the simulator's /ledger over HTTP, as a person would.
func (s *testStack) ledger(t *testing.T) []map[string]any {
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

// newBrowser starts a fresh headless Chromium with its own profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := requireBrowser(t)
	opts := pagedrive.BrowserOptions(path, t.TempDir(), chromedp.WindowSize(1280, 800))
	ctx, stop, err := pagedrive.StartBrowser(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelT(); stop() })
	return ctx
}

// TestBrowserStopsCleanly: a browser the tests and the bench start leaves
// nothing behind once stopped. Chromium keeps its singleton socket in a
// directory of its own in the system's temporary directory, and removes it
// when it closes, not when it is killed; a thousand were left in /tmp
// after a day of test and bench runs before stop closed it.
func TestBrowserStopsCleanly(t *testing.T) {
	profile := t.TempDir()
	ctx, stop, err := pagedrive.StartBrowser(context.Background(), pagedrive.BrowserOptions(requireBrowser(t), profile)...)
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

// openApp loads the page, waits for the wasm to take over from the
// pre-rendered HTML, and connects to the test's simulated terminal as a
// cashier would: Terminal IP, Port, Connect, until the status says Ready.
func openApp(t *testing.T, ctx context.Context, s *testStack) {
	t.Helper()
	host, port, _ := strings.Cut(s.sim.WSAddr(), ":")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(s.d.URL()),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		fill("terminal-ip", host),
		fill("port", port),
		chromedp.Click(chromedp.ID("connect")),
		waitText(`#status .status-text`, "Ready"),
	); err != nil {
		t.Fatalf("open %s: %v\nthe page reads:\n%s", s.d.URL(), err, screenText(ctx))
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

// drive runs the actions in the page, failing the test with what the
// screen reads if one fails.
func drive(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%v\n%s", err, screenText(ctx))
	}
}

// waitText waits until the element's text is want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		js := `(() => { const e = document.querySelector(` + jsString(sel) + `); return e ? e.textContent.trim() : ""; })() === ` + jsString(want)
		_, err := chromedp.Poll[bool](js, chromedp.WithPollingTimeout(30*time.Second))(ctx, tg)
		if err != nil {
			got, _ := chromedp.Evaluate[string](`(() => { const e = document.querySelector(`+jsString(sel)+`); return e ? e.textContent : "<no element>"; })()`)(ctx, tg)
			return chromedp.Void{}, errors.New("waiting for " + sel + " to read " + want + ": it reads " + got + ": " + err.Error())
		}
		return chromedp.Void{}, nil
	}
}

var jsString = pagedrive.JSString

// charge types an amount and taps Charge, then waits for a verdict on a
// new reference (the previous result may still be on screen until then).
func charge(ctx context.Context, amount string) (string, error) {
	prev, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("result-ref") || {}).textContent || ""`))
	err := chromedp.Do(ctx,
		// From a result, New sale brings the form back.
		poll(`(() => { const b = document.getElementById("new-sale"); if (b) b.click(); return !!document.getElementById("charge"); })()`),
		chromedp.WaitEnabled(chromedp.ID("charge")),
		fill("amount", amount),
		chromedp.Click(chromedp.ID("charge")),
		poll(`(() => { const e = document.getElementById("result-ref"); return !!e && e.textContent !== "" && e.textContent !== `+jsString(prev)+`; })()`),
	)
	if err != nil {
		screen, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("screen").innerText`))
		return "", fmt.Errorf("charging %s: %w; the screen reads:\n%s", amount, err, screen)
	}
	return textOf(ctx, "result-verdict")
}

func TestBrowserChargeApprovedAndDeclined(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	verdict, err := charge(ctx, "12.34")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Approved" {
		t.Fatalf("charging 12.34: verdict %q, want Approved", verdict)
	}
	ref, err := textOf(ctx, "result-ref")
	if err != nil || ref == "" {
		t.Fatalf("no reference on screen: %q %v", ref, err)
	}
	// The fields and the receipt to print follow the verdict, a paint later.
	if _, err := chromedp.Run(ctx, poll(`!!document.getElementById("result-fields") && !!document.querySelector("#result .receipt-print")`)); err != nil {
		t.Fatalf("the result's fields and receipt never came: %v", err)
	}
	fields, err := textOf(ctx, "result-fields")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AUTH_CODE", "RRN", "CARD_NO", ref} {
		if !strings.Contains(fields, want) {
			t.Errorf("response fields on screen lack %q:\n%s", want, fields)
		}
	}
	ledger := s.ledger(t)
	if len(ledger) != 1 {
		t.Fatalf("ledger has %d entries, want 1: %v", len(ledger), ledger)
	}
	if ledger[0]["ref"] != ref || ledger[0]["amount"] != "1234" || ledger[0]["state"] != "approved" {
		t.Errorf("ledger entry %v, want ref %s amount 1234 approved", ledger[0], ref)
	}

	// Wait for the button to come back before the second sale.
	verdict, err = charge(ctx, "10.51")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Declined" {
		t.Fatalf("charging 10.51: verdict %q, want Declined", verdict)
	}
	msg, _ := textOf(ctx, "result-message")
	if !strings.Contains(msg, "INSUFFICIENT") {
		t.Errorf("decline message %q, want the terminal's INSUFFICIENT FUNDS", msg)
	}
}

func TestBrowserRejectsBadAmount(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	err := chromedp.Do(ctx,
		fill("amount", "12.345"),
		chromedp.Click(chromedp.ID("charge")),
		poll(`document.querySelector("#form-error").textContent.length > 0`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.ledger(t)); n != 0 {
		t.Errorf("a bad amount reached the terminal: %d ledger entries", n)
	}
}

func TestBrowserKeepsConnectionSettings(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	// Point at a peer that listens on a path, as some vendor samples do.
	url := "ws://" + s.sim.WSAddr() + "/ws"
	err := chromedp.Do(ctx,
		fill("terminal-ip", url),
		chromedp.Click(chromedp.ID("connect")),
		waitText(`#status .status-text`, "Ready"),
		chromedp.Reload(),
		waitText(`#status .status-text`, "Ready"),
	)
	if err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("terminal-ip")))
	if err != nil {
		t.Fatal(err)
	}
	if got != url {
		t.Errorf("after reload Terminal IP is %q, want %q", got, url)
	}
}

// poll waits until the JavaScript expression is true.
func poll(expr string) chromedp.Action[chromedp.Void] {
	return pagedrive.Poll(expr, chromedp.WithPollingTimeout(30*time.Second))
}

// fill types value into the input with this id as a whole, firing the
// input event the page listens to, as a paste would.
func fill(id, value string) chromedp.Action[chromedp.Void] {
	return pagedrive.Fill(id, value, chromedp.WithPollingTimeout(30*time.Second))
}

// textOf reads an element's text by id in one evaluation, so a re-render
// between finding the node and reading it cannot fail the read.
func textOf(ctx context.Context, id string) (string, error) {
	return chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.getElementById(`+jsString(id)+`); return e ? e.textContent.trim() : ""; })()`))
}

// A tap's change is on the page before the browser gets control back: the
// frame loop of the patched go-app (app/cmd/patchdeps) renders it at
// once, where go-app as released renders it on a timer 8.3 ms later. The
// key is clicked and the field read in one script, so no timing is
// involved: the field has changed by the time click() returns, or not.
func TestBrowserTapRendersInTheSameTask(t *testing.T) {
	s := startStack(t)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`(() => {
		const field = document.getElementById("amount");
		const before = field.value;
		document.querySelector('.keypad [data-key="7"]').click();
		return [before, field.value];
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] == got[1] {
		t.Fatalf("the amount read %q before the tap and %q right after it: the tap's render waited for a later task", got[0], got[1])
	}
	// And the change is the tap's: it still reads the same once settled.
	if _, err := chromedp.Run(ctx, poll(`document.getElementById("amount").value === `+jsString(got[1]))); err != nil {
		t.Fatalf("the amount moved on from %q: %v", got[1], err)
	}
}
