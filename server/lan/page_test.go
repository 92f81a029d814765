//go:build linux

package lan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
)

// browser starts headless Chromium in the tablet's namespace with a fresh
// profile, trusting the CA certificate in caFile if one is given, for at
// most limit.
//
// chromedp talks to Chromium over the pipes on its fds 3 and 4
// (--remote-debugging-pipe, chromedp's default), so no DevTools port has
// to be reached across namespaces. Chromium is started by a wrapper that
// `ip netns exec`s it in the tablet's namespace: ip execs in place and
// leaves the fds it was given open, pipes included.
//
// Chromium on Linux trusts the certificates in the NSS database in
// $HOME/.pki/nssdb: the wrapper gives it a HOME of its own, whose database
// certutil fills with the CA, as a person trusts it on a tablet once.
func (l *lan) browser(name, caFile string, limit time.Duration) context.Context {
	t := l.t
	t.Helper()
	exe, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(l.dir, name)
	home, profile := filepath.Join(dir, "home"), filepath.Join(dir, "profile")
	nssdb := filepath.Join(home, ".pki", "nssdb")
	for _, d := range []string{nssdb, profile} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if caFile != "" {
		if _, err := exec.LookPath("certutil"); err != nil {
			t.Fatal("certutil is not installed: `make lan-test` installs libnss3-tools")
		}
		for _, args := range [][]string{
			{"-d", "sql:" + nssdb, "-N", "--empty-password"},
			{"-d", "sql:" + nssdb, "-A", "-t", "C,,", "-n", "lanepay", "-i", caFile},
		} {
			if out, err := exec.Command("certutil", args...).CombinedOutput(); err != nil {
				t.Fatalf("certutil %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
	wrapper := filepath.Join(dir, "chromium")
	script := "#!/bin/sh\nHOME=" + shellQuote(home) + "\nexport HOME\nexec ip netns exec " + shellQuote(l.ns(tablet)) + " " + shellQuote(exe) + ` "$@"` + "\n"
	if err := os.WriteFile(wrapper, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	opts := pagedrive.BrowserOptions(wrapper, profile, chromedp.WindowSize(1280, 800))
	ctx, stop, err := pagedrive.StartBrowser(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	// Chromium keeps its singleton socket in a directory of its own in the
	// system's temporary directory, removed when it closes, not when it is
	// killed: a wrapper that kept Chromium from closing would leave one
	// behind at every run.
	socket, _ := os.Readlink(filepath.Join(profile, "SingletonSocket"))
	ctx, cancel := context.WithTimeout(ctx, limit)
	t.Cleanup(func() {
		cancel()
		stop()
		killLeftovers(profile)
		if socket == "" {
			return
		}
		if _, err := os.Lstat(filepath.Dir(socket)); err == nil {
			t.Errorf("%s's Chromium left %s behind: it was killed, not closed", name, filepath.Dir(socket))
			os.RemoveAll(filepath.Dir(socket))
		}
	})
	return ctx
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// killLeftovers kills what is left of the Chromium that used this profile
// (its helpers, should its main process have been killed rather than
// closed): they would keep writing into the test's temporary directory.
// Only processes of this test's own browser name the profile.
func killLeftovers(profile string) {
	want := []byte("--user-data-dir=" + profile + "\x00")
	for range 3 {
		found := false
		entries, _ := os.ReadDir("/proc")
		for _, e := range entries {
			pid, err := strconv.Atoi(e.Name())
			if err != nil || pid == os.Getpid() {
				continue
			}
			cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
			if err == nil && bytes.Contains(cmdline, want) {
				syscall.Kill(pid, syscall.SIGKILL)
				found = true
			}
		}
		if !found {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// do runs the actions, failing the test with what the page reads if one
// fails.
func do(t *testing.T, ctx context.Context, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%v\nthe page reads:\n%s", err, screenText(ctx))
	}
}

// poll waits until the JavaScript expression is true, for up to limit.
func poll(expr string, limit time.Duration) chromedp.Action[chromedp.Void] {
	return pagedrive.Poll(expr, chromedp.WithPollingTimeout(limit))
}

// fill types value into the input with this id as a paste would.
func fill(id, value string) chromedp.Action[chromedp.Void] {
	return pagedrive.Fill(id, value, chromedp.WithPollingTimeout(30*time.Second))
}

var jsString = pagedrive.JSString

// statusJS is the status line's text and reason, as a cashier reads them.
const statusJS = `(() => {
	const s = document.querySelector("#status .status-text"), r = document.getElementById("status-reason");
	return (s ? s.textContent.trim() : "") + (r ? r.textContent : "");
})()`

// waitStatus waits until the status line reads want (its text, reason
// aside), for up to limit.
func waitStatus(want string, limit time.Duration) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		js := `(() => { const e = document.querySelector("#status .status-text"); return !!e && e.textContent.trim() === ` + jsString(want) + `; })()`
		if _, err := chromedp.Poll[bool](js, chromedp.WithPollingTimeout(limit))(ctx, tg); err != nil {
			got, _ := chromedp.Evaluate[string](statusJS)(ctx, tg)
			return chromedp.Void{}, fmt.Errorf("waiting %v for the status line to read %s: it reads %q: %w", limit, want, got, err)
		}
		return chromedp.Void{}, nil
	}
}

// mounted waits for the wasm to take over the pre-rendered page.
func mounted() chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`.shell[data-mounted="true"]`)
}

// textOf reads an element's text by id in one evaluation.
func textOf(ctx context.Context, id string) string {
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => { const e = document.getElementById(`+jsString(id)+`); return e ? e.textContent.trim() : ""; })()`))
	return s
}

// screenText is the page's visible text, for failure messages.
func screenText(ctx context.Context) string {
	// The test's own context may be what ran out: read with a fresh bound
	// under the browser's.
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : "<no body>"`))
	if err != nil {
		return "<unreadable: " + err.Error() + ">"
	}
	return s
}

// connectDirect points the page at the terminal as a cashier does on the
// charge screen (Terminal IP, Port, Connect) and waits for Ready.
func connectDirect(t *testing.T, ctx context.Context, host, port string) {
	t.Helper()
	do(t, ctx,
		fill("terminal-ip", host),
		fill("port", port),
		chromedp.Click(chromedp.ID("connect")),
		waitStatus("Ready", 30*time.Second),
	)
}

// useTerminal stores the settings the Settings screen would (one terminal,
// its connection type, the response timeout: 0 is the profile's) and
// reloads, as the server's safety tests do.
func useTerminal(t *testing.T, ctx context.Context, host, port, conn string, timeoutSeconds int) {
	t.Helper()
	set, _ := json.Marshal(map[string]any{
		"terminals":       []map[string]string{{"name": "Counter", "host": host, "port": port, "conn": conn}},
		"timeout_seconds": timeoutSeconds,
		"theme":           "system",
	})
	do(t, ctx,
		poll(`(() => { localStorage.setItem("lanepay.settings", `+jsString(string(set))+`); return true; })()`, 10*time.Second),
		chromedp.Reload(),
		mounted(),
		waitStatus("Ready", 30*time.Second),
	)
}

// charge types an amount and taps Charge, then waits for the verdict on a
// new reference, and returns both.
func charge(ctx context.Context, amount string) (verdict, ref string, err error) {
	prev := textOf(ctx, "result-ref")
	err = chromedp.Do(ctx,
		// From a result, New sale brings the form back.
		poll(`(() => { const b = document.getElementById("new-sale"); if (b) b.click(); return !!document.getElementById("charge"); })()`, 30*time.Second),
		chromedp.WaitEnabled(chromedp.ID("charge")),
		fill("amount", amount),
		chromedp.Click(chromedp.ID("charge")),
		poll(`(() => { const e = document.getElementById("result-ref"); return !!e && e.textContent !== "" && e.textContent !== `+jsString(prev)+`; })()`, 60*time.Second),
	)
	if err != nil {
		return "", "", fmt.Errorf("charging %s: %w; the page reads:\n%s", amount, err, screenText(ctx))
	}
	return textOf(ctx, "result-verdict"), textOf(ctx, "result-ref"), nil
}

// journalRecord reads one transaction from the page's IndexedDB journal,
// nil if there is none.
func journalRecord(ctx context.Context, ref string) (map[string]any, error) {
	js := `new Promise((res, rej) => {
		const r = indexedDB.open("lanepay");
		r.onerror = () => rej(r.error);
		r.onsuccess = () => {
			const db = r.result;
			const g = db.transaction("transactions").objectStore("transactions").get(` + jsString(ref) + `);
			g.onsuccess = () => { db.close(); res(g.result ? g.result.json : ""); };
			g.onerror = () => rej(g.error);
		};
	})`
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil || raw == "" {
		return nil, err
	}
	var rec map[string]any
	return rec, json.Unmarshal([]byte(raw), &rec)
}

// journalRefs lists every reference in the page's journal.
func journalRefs(ctx context.Context) ([]string, error) {
	js := `new Promise((res, rej) => {
		const r = indexedDB.open("lanepay");
		r.onerror = () => rej(r.error);
		r.onsuccess = () => {
			const db = r.result;
			const g = db.transaction("transactions").objectStore("transactions").getAllKeys();
			g.onsuccess = () => { db.close(); res(g.result); };
			g.onerror = () => rej(g.error);
		};
	})`
	return chromedp.Run(ctx, chromedp.Evaluate[[]string](js, chromedp.EvalAwaitPromise))
}

// journalStory is a record's events in one line: state, by whom, note.
func journalStory(rec map[string]any) string {
	var parts []string
	events, _ := rec["events"].([]any)
	for _, e := range events {
		ev, _ := e.(map[string]any)
		s := fmt.Sprint(ev["state"])
		if by, _ := ev["by"].(string); by != "" {
			s += " by " + by
		}
		if note, _ := ev["note"].(string); note != "" {
			s += " (" + note + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " → ")
}

// watchDisconnected makes the page note the time (ms since the epoch) at
// which its status line first reads Disconnected from now on: the line
// may go on to Connecting… within a second, and a poll from the test
// could miss it. An observer sees every change; a timer catches a line
// rendered anew rather than changed.
const watchDisconnected = `(() => {
	window.__downAt = 0;
	const check = () => {
		const e = document.querySelector("#status .status-text");
		if (!window.__downAt && e && e.textContent.trim() === "Disconnected") window.__downAt = Date.now();
	};
	new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true});
	setInterval(check, 100);
	return true;
})()`

// downAt waits, up to limit, for the page to have seen Disconnected since
// watchDisconnected; ok is false if it did not within limit.
func downAt(ctx context.Context, limit time.Duration) (at time.Time, ok bool, err error) {
	_, err = chromedp.Run(ctx, chromedp.Poll[bool](`window.__downAt > 0`, chromedp.WithPollingTimeout(limit), chromedp.WithPollingInterval(250*time.Millisecond)))
	if errors.Is(err, chromedp.ErrPollingTimeout) {
		return time.Time{}, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`window.__downAt`))
	if err != nil {
		return time.Time{}, false, err
	}
	return time.UnixMilli(int64(ms)), true, nil
}
