//go:build js

package terminal

import (
	"context"
	"fmt"
	"net"
	"sync"
	"syscall/js"
)

// earlyURLKey is where RememberURL keeps the terminal's URL in the page's
// local storage, for early.js to read at the next start.
const earlyURLKey = "lanepay.terminal-url"

// RememberURL keeps url for early.js to connect to at the next start. It
// runs on the way to Ready at every start, and the URL is nearly always
// the one early.js has just read: it writes only a change, because a
// write to local storage can hold the page for milliseconds while the
// browser commits it (13 ms, mean of two, in one bench profile).
func RememberURL(url string) {
	defer func() { _ = recover() }() // storage blocked: nothing to remember
	// Through Reflect.get: the getter throws where storage is blocked,
	// which a plain Get cannot survive (the Go program crashes) and a
	// Call turns into a panic.
	ls := js.Global().Get("Reflect").Call("get", js.Global(), "localStorage")
	if !ls.Truthy() {
		return
	}
	if old := ls.Call("getItem", earlyURLKey); old.Type() == js.TypeString && old.String() == url {
		return
	}
	ls.Call("setItem", earlyURLKey, url)
}

// TakeEarly adopts the WebSocket early.js opened while the app loaded, if
// it is to url and opens (within ctx) rather than fails. Otherwise the
// socket is closed and the caller dials as usual, so a stale URL or a
// refused early attempt costs nothing but the attempt. It can be taken
// once per page.
func TakeEarly(ctx context.Context, url string) (Conn, bool) {
	early := js.Global().Get("lanepayEarlyTerminal")
	if !early.Truthy() {
		return nil, false
	}
	if early.Get("url").String() != url {
		st := early.Call("take", js.Null())
		st.Get("ws").Call("close", 1000)
		return nil, false
	}
	c := &earlyConn{opened: make(chan struct{}), closed: make(chan struct{}), more: make(chan struct{}, 1)}
	sink := js.Global().Get("Object").New()
	c.funcs = []js.Func{
		js.FuncOf(func(js.Value, []js.Value) any { c.open(); return nil }),
		js.FuncOf(func(_ js.Value, args []js.Value) any { c.push(messageBytes(args[0])); return nil }),
		js.FuncOf(func(_ js.Value, args []js.Value) any { c.end(args[0].Int(), args[1].String()); return nil }),
	}
	sink.Set("open", c.funcs[0])
	sink.Set("message", c.funcs[1])
	sink.Set("close", c.funcs[2])
	st := early.Call("take", sink)
	c.ws = st.Get("ws")
	if st.Get("open").Bool() {
		c.open()
	}
	q := st.Get("queued")
	for i := range q.Length() {
		c.push(messageBytes(q.Index(i)))
	}
	if cl := st.Get("closed"); cl.Truthy() {
		c.end(cl.Get("code").Int(), cl.Get("reason").String())
	}
	select {
	case <-c.opened:
	case <-c.closed:
	case <-ctx.Done():
	}
	select {
	case <-c.closed: // also when it opened and closed before the app came
	default:
		if ctx.Err() == nil {
			return c, true
		}
	}
	_ = c.Close()
	return nil, false
}

func messageBytes(data js.Value) []byte {
	if data.Type() == js.TypeString {
		return []byte(data.String())
	}
	b := make([]byte, data.Get("byteLength").Int())
	js.CopyBytesToGo(b, js.Global().Get("Uint8Array").New(data))
	return b
}

// earlyConn is a Conn over the browser WebSocket early.js opened. (The
// library's connections cannot adopt a socket they did not open.)
type earlyConn struct {
	ws    js.Value
	funcs []js.Func

	opened, closed chan struct{}
	more           chan struct{} // a message was queued

	mu       sync.Mutex
	queue    [][]byte
	isOpen   bool
	isClosed bool
	err      error
}

func (c *earlyConn) open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.isOpen {
		c.isOpen = true
		close(c.opened)
	}
}

func (c *earlyConn) push(p []byte) {
	c.mu.Lock()
	c.queue = append(c.queue, p)
	c.mu.Unlock()
	select {
	case c.more <- struct{}{}:
	default:
	}
}

// end records that the socket closed: reads fail once the queue is empty.
func (c *earlyConn) end(code int, reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.isClosed {
		return
	}
	c.isClosed = true
	if reason != "" {
		reason = ", " + reason
	}
	// net.ErrClosed, as coder/websocket reports a closed connection: the
	// client adds ErrDisconnected itself.
	c.err = fmt.Errorf("failed to read from terminal: the connection closed (code %d%s): %w", code, reason, net.ErrClosed)
	close(c.closed)
	// The socket sends nothing more: its callbacks can go.
	for _, f := range c.funcs {
		f.Release()
	}
}

func (c *earlyConn) Write(_ context.Context, p []byte) (err error) {
	c.mu.Lock()
	closed := c.isClosed
	c.mu.Unlock()
	if closed || c.ws.Get("readyState").Int() != 1 {
		return fmt.Errorf("failed to write to terminal: %w", net.ErrClosed)
	}
	defer func() {
		if r := recover(); r != nil {
			jerr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			err = fmt.Errorf("failed to write to terminal: %w", jerr)
		}
	}()
	c.ws.Call("send", string(p))
	return nil
}

func (c *earlyConn) Read(ctx context.Context) ([]byte, error) {
	for {
		c.mu.Lock()
		if len(c.queue) > 0 {
			p := c.queue[0]
			c.queue = c.queue[1:]
			c.mu.Unlock()
			return p, nil
		}
		err := c.err
		c.mu.Unlock()
		if err != nil {
			return nil, err
		}
		select {
		case <-c.more:
		case <-c.closed:
		case <-ctx.Done():
			// As the library does in the browser: a cancelled read ends
			// the connection.
			_ = c.Close()
			return nil, fmt.Errorf("failed to read from terminal: %w", ctx.Err())
		}
	}
}

// Close closes the socket; the close event then ends reads.
func (c *earlyConn) Close() error {
	c.mu.Lock()
	closed := c.isClosed
	c.mu.Unlock()
	if closed {
		return nil
	}
	c.ws.Call("close", 1000)
	return nil
}

var _ Conn = (*earlyConn)(nil)
