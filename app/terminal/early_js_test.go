//go:build js

package terminal_test

import (
	"context"
	"errors"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
)

// startEarly runs early.js as the app's page does at start-up, with url
// remembered, and returns the sockets the page creates from then on.
func startEarly(t *testing.T, url string) js.Value {
	t.Helper()
	return startEarlyScript(t, url, string(terminal.EarlyScript))
}

func startEarlyScript(t *testing.T, url, script string) js.Value {
	t.Helper()
	js.Global().Call("eval", `(() => {
		self.__sockets = [];
		if (!self.__NativeWebSocket) self.__NativeWebSocket = WebSocket;
		self.WebSocket = class extends self.__NativeWebSocket {
			constructor(...args) { super(...args); self.__sockets.push(this); }
		};
	})()`)
	t.Cleanup(func() {
		js.Global().Set("WebSocket", js.Global().Get("__NativeWebSocket"))
		js.Global().Get("Reflect").Call("deleteProperty", js.Global(), "lanepayEarlyTerminal")
	})
	js.Global().Get("localStorage").Call("setItem", "lanepay.terminal-url", url)
	js.Global().Call("eval", script)
	if !js.Global().Get("lanepayEarlyTerminal").Truthy() {
		t.Fatal("early.js opened no socket")
	}
	return js.Global().Get("__sockets")
}

func TestWasmEarlyConnection(t *testing.T) {
	url := simURL(t)
	p := pos.DefaultProfile()

	t.Run("adopted, greeting kept", func(t *testing.T) {
		sockets := startEarly(t, url)
		// The app is slow to start: the greeting arrives before it takes
		// the socket, and must reach it all the same.
		time.Sleep(300 * time.Millisecond)
		var greeted bool
		events := make(chan terminal.Event, 16)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := terminal.Connect(ctx, url, p, &terminal.Options{OnEvent: func(e terminal.Event) { events <- e }})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if n := sockets.Length(); n != 1 {
			t.Errorf("%d sockets opened, want 1: the early one, adopted", n)
		}
		if js.Global().Get("lanepayEarlyTerminal").Truthy() {
			t.Error("the early socket is still on offer after Connect")
		}
		f, err := c.Do(ctx, browserSale(t, p, 1234, 90))
		if err != nil || !f.Approved {
			t.Fatalf("sale on the adopted socket: %+v, %v", f, err)
		}
		for len(events) > 0 {
			if e := <-events; e.Dir == terminal.In && e.Frame.Ref == "" {
				greeted = true
			}
		}
		if !greeted {
			t.Error("the greeting that came before the app took the socket was lost")
		}
		if got := js.Global().Get("localStorage").Call("getItem", "lanepay.terminal-url").String(); got != url {
			t.Errorf("remembered %q, want %q", got, url)
		}
	})

	t.Run("another terminal's socket is closed", func(t *testing.T) {
		// The settings changed since the URL was remembered.
		sockets := startEarly(t, url+"?before")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := terminal.Connect(ctx, url, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if n := sockets.Length(); n != 2 {
			t.Fatalf("%d sockets opened, want 2: the stale one and the right one", n)
		}
		stale := sockets.Index(0)
		for deadline := time.Now().Add(5 * time.Second); stale.Get("readyState").Int() != 3; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("the stale socket to %s was left open (readyState %d)", stale.Get("url").String(), stale.Get("readyState").Int())
			}
		}
		if f, err := c.Do(ctx, browserSale(t, p, 1234, 91)); err != nil || !f.Approved {
			t.Fatalf("sale: %+v, %v", f, err)
		}
	})

	t.Run("refused early attempt, dialled again", func(t *testing.T) {
		// Nothing listens on port 1: the early socket fails, and Connect
		// reports the failure of its own dial.
		startEarly(t, "ws://127.0.0.1:1/")
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_, err := terminal.Connect(ctx, "ws://127.0.0.1:1/", p, nil)
		var de *terminal.DialError
		if !errors.As(err, &de) {
			t.Fatalf("err = %v, want a DialError", err)
		}
	})

	t.Run("not taken, closed", func(t *testing.T) {
		// The app never comes for it: after a while (here 100 ms, not
		// 30 s) the socket is closed and no longer on offer.
		const wait = "const unclaimedMs = 30000;"
		script := string(terminal.EarlyScript)
		if !strings.Contains(script, wait) {
			t.Fatalf("early.js no longer says %q", wait)
		}
		sockets := startEarlyScript(t, url, strings.Replace(script, wait, "const unclaimedMs = 100;", 1))
		deadline := time.Now().Add(10 * time.Second)
		for sockets.Index(0).Get("readyState").Int() != 3 {
			if time.Now().After(deadline) {
				t.Fatal("the socket nobody took is still open")
			}
			time.Sleep(20 * time.Millisecond)
		}
		if js.Global().Get("lanepayEarlyTerminal").Truthy() {
			t.Error("the closed socket is still on offer")
		}
	})

	t.Run("closed after adoption", func(t *testing.T) {
		startEarly(t, url)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := terminal.Connect(ctx, url, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Close()
		select {
		case <-c.Done():
		case <-ctx.Done():
			t.Fatal("Close did not end the client")
		}
		if _, err := c.Send(ctx, browserSale(t, p, 1234, 92)); err == nil {
			t.Error("a send on a closed connection succeeded")
		}
	})
}

func TestWasmRememberURL(t *testing.T) {
	const key = "lanepay.terminal-url"
	ls := js.Global().Get("localStorage")
	// Counts the page's writes to local storage from here on.
	js.Global().Call("eval", `(() => {
		self.__writes = 0;
		if (!self.__nativeSetItem) self.__nativeSetItem = Storage.prototype.setItem;
		Storage.prototype.setItem = function (...args) { self.__writes++; return self.__nativeSetItem.apply(this, args); };
	})()`)
	t.Cleanup(func() {
		js.Global().Get("Storage").Get("prototype").Set("setItem", js.Global().Get("__nativeSetItem"))
		ls.Call("removeItem", key)
	})
	for _, tc := range []struct {
		name   string
		stored any // nil: nothing stored
		url    string
		writes int
	}{
		{"nothing remembered yet", nil, "ws://127.0.0.1:5000/", 1},
		{"the same terminal", "ws://127.0.0.1:5000/", "ws://127.0.0.1:5000/", 0},
		{"another terminal", "ws://127.0.0.1:5000/", "ws://127.0.0.2:5000/", 1},
		{"an empty value stored", "", "ws://127.0.0.1:5000/", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ls.Call("removeItem", key)
			if tc.stored != nil {
				ls.Call("setItem", key, tc.stored)
			}
			js.Global().Set("__writes", 0)
			terminal.RememberURL(tc.url)
			if got := ls.Call("getItem", key); got.Type() != js.TypeString || got.String() != tc.url {
				t.Errorf("remembered %v, want %q", got, tc.url)
			}
			if got := js.Global().Get("__writes").Int(); got != tc.writes {
				t.Errorf("%d writes to local storage, want %d", got, tc.writes)
			}
		})
	}
	t.Run("storage blocked", func(t *testing.T) {
		js.Global().Call("eval", `(() => {
			self.__storageWas = Object.getOwnPropertyDescriptor(self, "localStorage");
			Object.defineProperty(self, "localStorage", {
				configurable: true, get() { throw new DOMException("blocked", "SecurityError"); } });
		})()`)
		defer js.Global().Call("eval", `(() => {
			delete self.localStorage;
			if (self.__storageWas) Object.defineProperty(self, "localStorage", self.__storageWas);
		})()`)
		js.Global().Set("__writes", 0)
		terminal.RememberURL("ws://127.0.0.1:5000/") // must not crash the program
		if got := js.Global().Get("__writes").Int(); got != 0 {
			t.Errorf("%d writes to local storage, want none", got)
		}
	})
}
