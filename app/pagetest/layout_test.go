//go:build !js

package pagetest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserStatusKeepsThePageStill: while the terminal is unreachable
// the status line flips between Connecting… and Disconnected with a long
// reason at every retry. The page under it must not move: it did, by a
// line of text each flip, and a tap on Connect or Charge landed beside
// the button. The full reason is in the Terminal pane instead, where it
// stays between retries.
func TestBrowserStatusKeepsThePageStill(t *testing.T) {
	s := startStack(t)
	_, closed, _ := strings.Cut(closedAddr(t), ":")
	ctx := newBrowser(t)

	for _, tc := range []struct {
		name          string
		width, height int64
	}{
		{"desktop", 1280, 800},
		{"tablet portrait", 800, 1280},
		{"phone", 390, 844},
	} {
		t.Run(tc.name, func(t *testing.T) {
			drive(t, ctx,
				chromedp.EmulateViewport(tc.width, tc.height),
				chromedp.Navigate(s.url),
				chromedp.WaitVisible(`.shell[data-mounted="true"]`),
				fill("terminal-ip", "127.0.0.1"),
				fill("port", closed),
				clickSel("#connect"),
				// From here on, every change in the top bar is recorded
				// with where the screen under it starts.
				poll(`(() => {
					window.lanepayFlips = [];
					const screen = document.getElementById("screen");
					new MutationObserver(() => {
						const r = document.getElementById("status-reason");
						window.lanepayFlips.push({
							status: document.querySelector("#status .status-text").textContent,
							reason: r ? r.textContent : "",
							top: Math.round(screen.getBoundingClientRect().top),
							connect: Math.round(document.getElementById("connect").getBoundingClientRect().top),
						});
					}).observe(document.querySelector(".topbar"), {subtree: true, childList: true, characterData: true, attributes: true});
					return true;
				})()`),
				// Reconnect now at every Disconnected, until the line has
				// flipped both ways a few times.
				poll(`(() => {
					const f = window.lanepayFlips;
					const down = f.filter(x => x.status === "Disconnected" && x.reason.includes("reach")).length;
					const up = f.filter(x => x.status === "Connecting…").length;
					if (down >= 3 && up >= 3) return true;
					const b = document.getElementById("reconnect");
					if (b && document.querySelector("#status .status-text").textContent === "Disconnected") b.click();
					return false;
				})()`),
			)
			var flips []struct {
				Status, Reason string
				Top, Connect   int
			}
			raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`JSON.stringify(window.lanepayFlips)`))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(raw), &flips); err != nil {
				t.Fatal(err)
			}
			for _, f := range flips[1:] {
				if f.Top != flips[0].Top || f.Connect != flips[0].Connect {
					t.Fatalf("the page moved as the status line changed: %+v, then %+v", flips[0], f)
				}
			}
			// The reason is in full in the Terminal pane, also while the
			// next attempt runs.
			pane, _ := textOf(ctx, "link-reason")
			if !strings.Contains(pane, "could not reach the terminal at ws://127.0.0.1:"+closed) || !strings.Contains(pane, "check that it is on") {
				t.Errorf("the Terminal pane reads %q, want the whole reason", pane)
			}
		})
	}
}
