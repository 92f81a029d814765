//go:build !js

package pagetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// TestBrowserReconnect: the terminal goes away; the status line says so,
// with the attempt, and offers Reconnect now; when the terminal is back,
// Reconnect now brings the page to Ready without waiting out the backoff.
func TestBrowserReconnect(t *testing.T) {
	addr := closedAddr(t)
	// A terminal the test can stop, and start again at the same address.
	s := startStackWith(t, terminalsim.Config{WSAddr: addr})
	ctx := newBrowser(t)
	openApp(t, ctx, s)

	s.sim.Close()
	if err := chromedp.Do(ctx,
		waitText(`#status .status-text`, "Disconnected"),
		poll(`!!document.getElementById("reconnect")`),
	); err != nil {
		t.Fatal(err)
	}
	// The reason is read in the same evaluation that sees the line
	// Disconnected: a retry in between shows Connecting with only its
	// attempt.
	reason, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => {
		const s = document.querySelector("#status .status-text"), r = document.getElementById("status-reason");
		return s && r && s.textContent === "Disconnected" && r.textContent.includes("attempt") ? r.textContent : "";
	})()`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("waiting for the reason and the attempt: %v\n%s", err, screenText(ctx))
	}
	if !strings.Contains(reason, "lost") && !strings.Contains(reason, "reach") {
		t.Errorf("the reason is not in plain words: %q", reason)
	}
	// By the fifth attempt the backoff waits 4 s or more: a Ready within
	// 2 s of the tap is Reconnect now's doing.
	if err := chromedp.Do(ctx, waitContains("#status-reason", "attempt 5")); err != nil {
		t.Fatal(err)
	}
	tilltest.Sim(t, addr)
	quick, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := chromedp.Do(quick,
		clickSel("#reconnect"),
		waitText(`#status .status-text`, "Ready"),
	); err != nil {
		t.Fatalf("Reconnect now: %v", err)
	}
	if verdict, err := charge(ctx, "3.00"); err != nil || verdict != "Approved" {
		t.Fatalf("after reconnecting: %q %v", verdict, err)
	}
}
