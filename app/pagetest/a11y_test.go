//go:build !js

package pagetest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
)

// Every screen and state a cashier meets is audited by axe-core (Deque's
// accessibility rules engine, the one browsers' own audits build on),
// run inside the real page in real Chromium. `make deps` fetches it
// from the npm registry at a pinned version and checksum.

// axeScript is axe.min.js, from bin/axe-core (make deps).
func axeScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "bin", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("LANEPAY_REQUIRE_BROWSER") != "" {
			t.Fatalf("axe-core is missing (%v): run `make test`, which fetches it", err)
		}
		t.Skipf("axe-core is missing (%v): make deps fetches it", err)
	}
	return string(b)
}

// axeViolation is one rule axe found broken, with the elements that break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s: %s", v.Impact, v.ID, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n      %v: %s", n.Target, strings.ReplaceAll(n.Summary, "\n", " "))
	}
	return b.String()
}

// audit runs axe on the whole document as it stands.
func audit(ctx context.Context, script string) ([]axeViolation, error) {
	if ok, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof axe === "object"`)); !ok {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](script+"\n;true")); err != nil {
			return nil, fmt.Errorf("failed to load axe-core into the page: %w", err)
		}
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations))`,
		chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe.run: %w", err)
	}
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		return nil, fmt.Errorf("axe's report: %w", err)
	}
	return vs, nil
}

func TestBrowserAccessibility(t *testing.T) {
	script := axeScript(t)
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	var ref string
	// The states in the order a shift meets them; each step leaves the
	// page in the state its name says.
	for _, tc := range []struct {
		name string
		to   func(t *testing.T)
	}{
		{"charge form", func(t *testing.T) {}},
		{"charge form, amount refused", func(t *testing.T) {
			drive(t, ctx, fill("amount", "0"), chromedp.Click(chromedp.ID("charge")), poll(`(document.getElementById("form-error") || {}).textContent > ""`))
		}},
		{"charge in progress", func(t *testing.T) {
			s.sim.SetDelay(3 * time.Second)
			drive(t, ctx, fill("amount", "4.20"), chromedp.Click(chromedp.ID("charge")), poll(`!!document.getElementById("in-progress")`))
		}},
		{"approved result", func(t *testing.T) {
			drive(t, ctx, poll(`!!document.getElementById("result-verdict")`))
			s.sim.SetDelay(0)
			ref, _ = textOf(ctx, "result-ref")
		}},
		{"declined result", func(t *testing.T) {
			if v, err := charge(ctx, "3.51"); err != nil || v != "Declined" {
				t.Fatalf("charge 3.51: %q, %v", v, err)
			}
		}},
		{"history", func(t *testing.T) {
			drive(t, ctx, nav("history", entrySel(ref)))
		}},
		{"history entry", func(t *testing.T) {
			drive(t, ctx, clickSel(entrySel(ref)), waitText("#detail-ref", ref))
		}},
		{"settlement", func(t *testing.T) {
			drive(t, ctx, nav("settlement", "#settle-run"))
		}},
		{"settlement confirmation", func(t *testing.T) {
			drive(t, ctx, clickSel("#settle-run"), poll(`!!document.getElementById("settle-confirm")`))
		}},
		{"settlement result", func(t *testing.T) {
			drive(t, ctx, clickSel("#settle-confirm"), poll(`!!document.getElementById("settle-table")`))
		}},
		{"console", func(t *testing.T) {
			drive(t, ctx, nav("console", "#payload"))
		}},
		{"console, a sale sent", func(t *testing.T) {
			drive(t, ctx, choose("console-template", "1"), poll(`document.getElementById("payload").value !== ""`),
				clickSel("#send"), poll(`!!document.querySelector("#console-log li[data-dir=in][data-kind=outcome]")`))
		}},
		{"console, payload refused", func(t *testing.T) {
			drive(t, ctx, fill("payload", "not JSON"), clickSel("#send"), poll(`(document.getElementById("console-error") || {}).textContent > ""`))
		}},
		{"settings", func(t *testing.T) {
			drive(t, ctx, nav("settings", "#terminal-list"))
		}},
		{"settings, dark theme", func(t *testing.T) {
			const bg = `getComputedStyle(document.body).backgroundColor`
			light, _ := chromedp.Run(ctx, chromedp.Evaluate[string](bg))
			dark := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, dark); err != nil {
				t.Fatal(err)
			}
			// The page must have followed, or this audits the light theme twice.
			if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](bg)); got == light {
				t.Fatalf("the background stayed %s in the dark theme", got)
			}
		}},
		{"charge form, dark theme", func(t *testing.T) {
			drive(t, ctx, nav("charge", "#amount"))
		}},
		// A phone's width, where tables scroll sideways.
		{"history entry, narrow", func(t *testing.T) {
			narrow := emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true}
			if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, narrow); err != nil {
				t.Fatal(err)
			}
			drive(t, ctx, nav("history", entrySel(ref)), clickSel(entrySel(ref)), waitText("#detail-ref", ref))
		}},
		{"settlement result, narrow", func(t *testing.T) {
			drive(t, ctx, nav("settlement", "#settle-run"), clickSel("#settle-run"), clickSel("#settle-confirm"), poll(`!!document.getElementById("settle-table")`))
		}},
		// Last, as it leaves the till without a terminal.
		{"charge form, terminal unreachable", func(t *testing.T) {
			drive(t, ctx, nav("charge", "#terminal-ip"), fill("port", "1"), clickSel("#connect"),
				poll(`document.querySelector("#status .status-text").textContent.trim() !== "Ready"`),
				poll(`!!document.querySelector("#status.status-down")`))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.to(t)
			vs, err := audit(ctx, script)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("%s", v)
			}
		})
	}
}

// activeID is the id of the element that has focus, "" for none.
const activeID = `((document.activeElement && document.activeElement.id) || "")`

// A charge made from the keyboard ends with focus on New sale and the
// verdict read out by a live region that stays on the page: the form that
// held focus is gone by then, and a region that appears with its text is
// not reliably read.
func TestBrowserResultKeyboardAndScreenReader(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	announce := func() string { return textSel(ctx, "#charge-announce") }

	// Type the amount and press Enter.
	err := chromedp.Do(ctx,
		chromedp.WaitEnabled(chromedp.ID("charge")),
		fill("amount", "12.34"),
		poll(`(() => { document.getElementById("amount").focus(); return true; })()`),
		chromedp.KeyEvent("\r"),
		poll(`!!document.getElementById("result-verdict")`),
		pagedrive.Poll(activeID+` === "new-sale"`, chromedp.WithPollingTimeout(5*time.Second)),
	)
	if err != nil {
		id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](activeID))
		t.Fatalf("%v (focus on %q)\n%s", err, id, screenText(ctx))
	}
	if got, want := announce(), "Approved: Sale 12.34 Indian rupees"; !strings.HasPrefix(got, want) {
		t.Errorf("read out %q, want it to start %q", got, want)
	}

	// Enter again: the next sale, focus in Amount.
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), pagedrive.Poll(activeID+` === "amount"`, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](activeID+` + " " + document.activeElement.tagName`))
		t.Fatalf("%v (focus on %q)\n%s", err, id, screenText(ctx))
	}

	// The same sale again is read out again: the region empties while
	// the charge runs, so the same words are a change. Focus the cashier
	// moves elsewhere meanwhile stays there.
	// Charge is usable again once the last outcome is journalled, as the
	// cashier sees; Enter on a disabled Charge does nothing.
	s.sim.SetDelay(time.Second)
	drive(t, ctx,
		fill("amount", "12.34"),
		chromedp.WaitEnabled(chromedp.ID("charge")),
		chromedp.KeyEvent("\r"),
		poll(`!!document.getElementById("in-progress")`),
	)
	if got := announce(); got != "" {
		t.Errorf("while charging the live region reads %q, want it empty", got)
	}
	drive(t, ctx,
		poll(`(() => { document.getElementById("nav-history").focus(); return true; })()`),
		poll(`!!document.getElementById("result-verdict")`),
		poll(`document.getElementById("charge-announce").textContent.startsWith("Approved")`),
		// The page moves focus after the paint that shows the verdict
		// (focusNext): past it, focus is where it will stay.
		afterPaint(),
	)
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](activeID)); id != "nav-history" {
		t.Errorf("focus moved to %q, want it left on nav-history", id)
	}

	// A tap on New sale leaves Amount unfocused: on a tablet a focused
	// field raises the on-screen keyboard over the keypad.
	// Past the paint that shows the form, where focus would move.
	drive(t, ctx, chromedp.Click(chromedp.ID("new-sale")), poll(`!!document.getElementById("amount")`), afterPaint())
	if id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](activeID)); id == "amount" {
		t.Error("a tap on New sale focused Amount")
	}
}

// A question (settlement, resetting the profile) takes focus on its safe
// answer, so a screen reader reads it and Enter does not act on it; a
// form opened by a button (a new terminal) takes it on its first field.
// Cancel gives focus back to the button that asked.
func TestBrowserQuestionsTakeFocus(t *testing.T) {
	s := startStack(t)
	s.sim.SetDelay(0)
	ctx := newBrowser(t)
	openApp(t, ctx, s)
	focused := func(id string) chromedp.Action[chromedp.Void] {
		return pagedrive.Poll(activeID+` === `+jsString(id), chromedp.WithPollingTimeout(5*time.Second))
	}
	for _, tc := range []struct {
		name, tab, ask, first, cancel string
	}{
		{"settlement", "settlement", "settle-run", "settle-cancel", "settle-cancel"},
		{"profile reset", "settings", "reset-profile", "reset-cancel", "reset-cancel"},
		{"new terminal", "settings", "add-terminal", "term-name", "cancel-terminal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := chromedp.Do(ctx,
				nav(tc.tab, "#"+tc.ask),
				// A click with no pointer, as a keyboard's Enter makes.
				clickSel("#"+tc.ask),
				focused(tc.first),
				clickSel("#"+tc.cancel),
				focused(tc.ask),
			)
			if err != nil {
				id, _ := chromedp.Run(ctx, chromedp.Evaluate[string](activeID))
				t.Fatalf("%v (focus on %q)\n%s", err, id, screenText(ctx))
			}
		})
	}
}
