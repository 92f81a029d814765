package main

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserChargeOverTCPBridge: a terminal set to TCP, which a browser
// cannot open, is reached through the server's bridge by the page itself.
func TestBrowserChargeOverTCPBridge(t *testing.T) {
	// Free ports, not the simulator's defaults: `make run` may hold those.
	cfg, err := parseConfig([]string{"-sim", "-sim-ws", "127.0.0.1:0", "-sim-tcp", "127.0.0.1:0", "-sim-delay", "0s", "-bridge"}, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	d := startServer(t, cfg)
	s := &testStack{d: d, sim: d.sim}
	ctx := newBrowser(t)
	host, port, _ := strings.Cut(s.sim.TCPAddr(), ":")
	set, _ := json.Marshal(map[string]any{
		"terminals": []map[string]string{{"name": "Back counter", "host": host, "port": port, "conn": "tcp"}},
		"theme":     "system",
	})
	if err := chromedp.Do(ctx,
		chromedp.Navigate(d.URL()),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		poll(`(() => { localStorage.setItem("lanepay.settings", `+jsString(string(set))+`); return true; })()`),
		chromedp.Reload(),
		chromedp.WaitVisible(`.shell[data-mounted="true"]`),
		waitText(`#status .status-text`, "Ready"),
	); err != nil {
		t.Fatal(err)
	}
	if reason, _ := textOf(ctx, "status-reason"); !strings.Contains(reason, "bridge") {
		t.Errorf("status line does not say the bridge is used: %q", reason)
	}
	verdict, err := charge(ctx, "12.34")
	if err != nil {
		t.Fatal(err)
	}
	if verdict != "Approved" {
		t.Fatalf("verdict %q over the TCP bridge, want Approved", verdict)
	}
	ref, _ := textOf(ctx, "result-ref")
	if n, state := s.ledgerFor(ref); n != 1 || state != "approved" {
		t.Errorf("ledger has %s %d times (%q), want once approved", ref, n, state)
	}
}
