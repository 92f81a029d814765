//go:build js

package terminal

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall/js"
	"testing"
	"time"
)

// fakeSocketJS is a WebSocket the test drives: it opens at once if
// self.__fakeOpens, receives and is closed by the terminal when the test
// says, fires its events in later tasks as a browser's socket does, and
// refuses the close codes a browser refuses. It records what the page
// sent and how it closed it.
const fakeSocketJS = `(() => {
	self.__fakes = [];
	self.FakeSocket = class {
		constructor(url) {
			this.url = url; this.readyState = 0; this.listeners = {}; this.sent = []; this.closes = [];
			self.__fakes.push(this);
			if (self.__fakeOpens) this.fire("open");
		}
		addEventListener(type, f) { (this.listeners[type] ||= []).push(f); }
		fire(type, props) {
			setTimeout(() => {
				if (type === "open") this.readyState = 1;
				if (type === "close") this.readyState = 3;
				for (const f of this.listeners[type] || []) f({ type, ...props });
			}, 0);
		}
		send(data) {
			if (this.readyState !== 1) throw new DOMException("not open", "InvalidStateError");
			this.sent.push(data);
		}
		close(code, reason) {
			if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) throw new DOMException("code " + code, "InvalidAccessError");
			this.closes.push(code + " " + reason);
			this.readyState = 2;
			this.fire("close", { code: code ?? 1005, reason: reason ?? "", wasClean: true });
		}
	};
})()`

// withFakeSockets makes the page's WebSocket the fake until the test ends;
// opens says whether a socket opens once made.
func withFakeSockets(t *testing.T, opens bool) {
	t.Helper()
	g := js.Global()
	native := g.Get("WebSocket")
	g.Call("eval", fakeSocketJS)
	g.Set("__fakeOpens", opens)
	g.Set("WebSocket", g.Get("FakeSocket"))
	t.Cleanup(func() { g.Set("WebSocket", native) })
}

// lastFake is the fake socket made last, once it exists.
func lastFake(t *testing.T) js.Value {
	t.Helper()
	fakes := js.Global().Get("__fakes")
	if fakes.Length() == 0 {
		t.Fatal("no socket was made")
	}
	return fakes.Index(fakes.Length() - 1)
}

// closes are the close calls the page made on the fake, as "code reason".
func closes(fake js.Value) []string {
	var out []string
	c := fake.Get("closes")
	for i := range c.Length() {
		out = append(out, c.Index(i).String())
	}
	return out
}

// dialFake dials a fake socket that opens.
func dialFake(t *testing.T) (Conn, js.Value) {
	t.Helper()
	withFakeSockets(t, true)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := DialWebSocket(ctx, "ws://terminal.test/")
	if err != nil {
		t.Fatal(err)
	}
	return c, lastFake(t)
}

func TestWasmDial(t *testing.T) {
	t.Run("refused", func(t *testing.T) {
		// A real socket to port 1 on loopback, where nothing listens.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		const url = "ws://127.0.0.1:1/"
		_, err := DialWebSocket(ctx, url)
		var de *DialError
		if !errors.As(err, &de) || de.URL != url {
			t.Fatalf("err = %v, want a DialError for %s", err, url)
		}
		if !errors.Is(err, net.ErrClosed) || !strings.Contains(err.Error(), "code 1006") {
			t.Errorf("err = %v, want the abnormal close (1006), wrapping net.ErrClosed", err)
		}
		if msg := UserMessage(err); !strings.HasPrefix(msg, "could not reach the terminal at "+url) {
			t.Errorf("the cashier reads %q", msg)
		}
	})

	t.Run("no answer within the context", func(t *testing.T) {
		withFakeSockets(t, false)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := DialWebSocket(ctx, "ws://terminal.test/")
		var de *DialError
		if !errors.As(err, &de) || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want a DialError wrapping context.DeadlineExceeded", err)
		}
		if msg := UserMessage(err); !strings.HasPrefix(msg, "the terminal did not answer") {
			t.Errorf("the cashier reads %q", msg)
		}
		fake := lastFake(t)
		if got := closes(fake); len(got) != 1 || got[0] != "1000 dial cancelled" {
			t.Errorf("closed with %q, want once with 1000", got)
		}
		if fake.Get("readyState").Int() != 3 {
			t.Error("DialWebSocket returned before the socket closed")
		}
	})

	t.Run("a URL the browser refuses", func(t *testing.T) {
		_, err := DialWebSocket(context.Background(), "http://[::1/")
		var de *DialError
		var jerr js.Error
		if !errors.As(err, &de) || !errors.As(err, &jerr) {
			t.Fatalf("err = %v, want a DialError wrapping the browser's exception", err)
		}
	})
}

func TestWasmSocketClose(t *testing.T) {
	t.Run("by the terminal, messages first", func(t *testing.T) {
		c, fake := dialFake(t)
		fake.Call("fire", "message", map[string]any{"data": "last words"})
		fake.Call("fire", "close", map[string]any{"code": 1001, "reason": "going away"})
		ctx := context.Background()
		if p, err := c.Read(ctx); err != nil || string(p) != "last words" {
			t.Fatalf("Read = %q, %v; want the message sent before the close", p, err)
		}
		_, err := c.Read(ctx)
		if !errors.Is(err, net.ErrClosed) || !strings.Contains(err.Error(), "code 1001, going away") {
			t.Errorf("Read after the close: %v, want the close's code and reason, wrapping net.ErrClosed", err)
		}
		if err := c.Write(ctx, []byte("{}")); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Write after the close: %v, want net.ErrClosed", err)
		}
		if err := c.Close(); err != nil || len(closes(fake)) != 0 {
			t.Errorf("Close after the close: %v, closes %q; want nothing done", err, closes(fake))
		}
	})

	t.Run("by the client, returning once closed", func(t *testing.T) {
		c, fake := dialFake(t)
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
		if got := closes(fake); len(got) != 1 || got[0] != "1000 " {
			t.Errorf("closed with %q, want once with 1000", got)
		}
		if fake.Get("readyState").Int() != 3 {
			t.Error("Close returned before the socket closed")
		}
		if _, err := c.Read(context.Background()); !errors.Is(err, net.ErrClosed) {
			t.Errorf("Read after Close: %v, want net.ErrClosed", err)
		}
	})

	t.Run("a cancelled read", func(t *testing.T) {
		c, fake := dialFake(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := c.Read(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("Read = %v, want context.Canceled", err)
		}
		if got := closes(fake); len(got) != 1 || got[0] != "1000 read cancelled" {
			t.Errorf("closed with %q, want once with 1000", got)
		}
	})

	t.Run("a message over the transport's limit", func(t *testing.T) {
		c, fake := dialFake(t)
		fake.Call("fire", "message", map[string]any{"data": strings.Repeat("x", transportLimit+1)})
		if _, err := c.Read(context.Background()); !errors.Is(err, ErrTooLarge) {
			t.Errorf("Read = %v, want ErrTooLarge", err)
		}
		if got := closes(fake); len(got) != 1 || got[0] != "1000 message too big" {
			t.Errorf("closed with %q, want once with 1000", got)
		}
	})
}
