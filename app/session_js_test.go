//go:build js

package main

import (
	"encoding/json"
	"net/url"
	"os"
	"syscall/js"
	"testing"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
)

// TestWasmSessionSettles checks that a session started over the socket
// early.js opened is Ready as soon as settle returns, so that the first
// frame shows it, and that settle does not wait for a terminal that is
// not there. Run by app/pagetest's TestTerminalClientInBrowser, against a
// real simulated terminal.
func TestWasmSessionSettles(t *testing.T) {
	sim := os.Getenv("LANEPAY_SIM_WS")
	if sim == "" {
		t.Skip("LANEPAY_SIM_WS is not set: run through app/pagetest's TestTerminalClientInBrowser")
	}
	u, err := url.Parse(sim)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		port      string // the terminal in the settings
		early     bool   // early.js opened a socket to it
		wantReady bool
	}{
		{name: "early socket open", port: u.Port(), early: true, wantReady: true},
		// Port 9 (discard) on loopback: nothing listens there.
		{name: "no terminal", port: "9", early: false, wantReady: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := cashier.DefaultSettings(u.Hostname())
			set.Terminals[0].Port = tt.port
			target, err := set.ActiveTerminal().URL(currentPage())
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(set)
			if err != nil {
				t.Fatal(err)
			}
			ls := js.Global().Get("localStorage")
			ls.Call("setItem", cashier.SettingsKey, string(b))
			t.Cleanup(func() {
				ls.Call("removeItem", cashier.SettingsKey)
				js.Global().Get("Reflect").Call("deleteProperty", js.Global(), "lanepayEarlyTerminal")
			})
			if tt.early {
				openEarly(t, target)
			}

			s := newSession(pageStorage{})
			t.Cleanup(func() { s.Till().Stop() })
			if got := s.Settings().ActiveTerminal(); got.Port != tt.port {
				t.Fatalf("the session's terminal is %+v, want port %s: the settings were not read", got, tt.port)
			}
			s.settle()
			if ready := s.Till().Status().Link == till.Ready; ready != tt.wantReady {
				t.Errorf("Ready after settle = %v, want %v (status %+v)", ready, tt.wantReady, s.Till().Status())
			}
		})
	}
}

// openEarly runs early.js with url remembered, as the page's head does,
// and waits for its socket to open.
func openEarly(t *testing.T, url string) {
	t.Helper()
	js.Global().Get("localStorage").Call("setItem", "lanepay.terminal-url", url)
	js.Global().Call("eval", `(() => {
		if (!self.__NativeWebSocket) self.__NativeWebSocket = WebSocket;
		self.__sockets = [];
		self.WebSocket = class extends self.__NativeWebSocket {
			constructor(...args) { super(...args); self.__sockets.push(this); }
		};
	})()`)
	defer js.Global().Set("WebSocket", js.Global().Get("__NativeWebSocket"))
	js.Global().Call("eval", string(terminal.EarlyScript))
	if !js.Global().Get("lanepayEarlyTerminal").Truthy() {
		t.Fatal("early.js opened no socket")
	}
	ws := js.Global().Get("__sockets").Index(0)
	testkit.Eventually(t, "early.js's socket to open", func() bool { return ws.Get("readyState").Int() == 1 })
}
