package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/terminalsim"
)

// TestBrowserReconnect: the terminal goes away; the status line says so,
// with the attempt, and offers Reconnect now; when the terminal is back,
// Reconnect now brings the page to Ready without waiting out the backoff.
func TestBrowserReconnect(t *testing.T) {
	s := startStack(t)
	addr := closedAddr(t)
	startSim := func() *terminalsim.Simulator {
		sim := terminalsim.New(terminalsim.Config{WSAddr: addr, TCPAddr: terminalsim.Off,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err := sim.Start(context.Background()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sim.Close() })
		return sim
	}
	sim := startSim()
	// Point the page at this terminal, which the test can stop and start.
	other := &testStack{d: s.d, sim: sim}
	ctx := newBrowser(t)
	openApp(t, ctx, other)

	sim.Close()
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
	startSim()
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
