//go:build js

package terminal

import (
	"context"
	"fmt"
	"net"
	"sync"
	"syscall/js"
)

// In the browser lanepay opens the browser's own WebSocket. coder/websocket
// wraps the same socket there, but its Dial returns an *http.Response in
// the browser too, to keep one API for Go and wasm, and so links net/http
// into the wasm (app/cmd/patchdeps/README.md); nor could it adopt the socket
// early.js opens. What lanepay relied on in it is kept: whole messages, a
// read limit over which the connection is closed, a cancelled dial or read
// closing the connection, Close returning once the socket has closed, and
// errors that wrap net.ErrClosed once it has.

// DialWebSocket opens a WebSocket to the terminal at url (see ParseTarget)
// and waits, within ctx, for it to open.
func DialWebSocket(ctx context.Context, url string) (Conn, error) {
	c := newSocket()
	if err := c.dial(url); err != nil {
		return nil, &DialError{URL: url, Err: err}
	}
	if err := c.awaitOpen(ctx); err != nil {
		return nil, &DialError{URL: url, Err: err}
	}
	return c, nil
}

// socket is a Conn over a browser WebSocket, dialled here or opened by
// early.js (TakeEarly).
type socket struct {
	ws    js.Value
	funcs [3]js.Func // handle the open, message and close events

	opened, closed chan struct{}
	more           chan struct{} // a message was queued

	mu     sync.Mutex
	queue  [][]byte
	isOpen bool
	err    error // why the socket closed, once it has
}

func newSocket() *socket {
	c := &socket{opened: make(chan struct{}), closed: make(chan struct{}), more: make(chan struct{}, 1)}
	c.funcs = [3]js.Func{
		js.FuncOf(func(js.Value, []js.Value) any { c.open(); return nil }),
		js.FuncOf(func(_ js.Value, args []js.Value) any { c.push(args[0]); return nil }),
		js.FuncOf(func(_ js.Value, args []js.Value) any { c.end(args[0]); return nil }),
	}
	return c
}

// dial creates the browser's WebSocket to url. The constructor throws on a
// URL it refuses (malformed; ws:// from an https page in some browsers).
func (c *socket) dial(url string) (err error) {
	defer catch(&err)
	c.ws = js.Global().Get("WebSocket").New(url)
	c.ws.Set("binaryType", "arraybuffer")
	for i, event := range []string{"open", "message", "close"} {
		c.ws.Call("addEventListener", event, c.funcs[i])
	}
	return nil
}

// awaitOpen waits for the socket to open. If it closes first, or ctx ends
// first (the socket is closed then), the error says why.
func (c *socket) awaitOpen(ctx context.Context) error {
	select {
	case <-c.opened:
	case <-c.closed:
	case <-ctx.Done():
	}
	select {
	case <-c.closed: // also when it opened and closed before early.js's socket was taken
		return c.err
	default:
	}
	if err := ctx.Err(); err != nil {
		_ = c.closeWith("dial cancelled")
		return err
	}
	return nil
}

func (c *socket) open() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.isOpen {
		c.isOpen = true
		close(c.opened)
	}
}

// push queues a message event's data.
func (c *socket) push(event js.Value) {
	data := event.Get("data")
	var p []byte
	if data.Type() == js.TypeString {
		p = []byte(data.String())
	} else {
		p = make([]byte, data.Get("byteLength").Int())
		js.CopyBytesToGo(p, js.Global().Get("Uint8Array").New(data))
	}
	c.mu.Lock()
	c.queue = append(c.queue, p)
	c.mu.Unlock()
	select {
	case c.more <- struct{}{}:
	default:
	}
}

// end records the close event: reads fail once the queue is empty.
func (c *socket) end(event js.Value) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.isClosed() {
		return
	}
	reason := event.Get("reason").String()
	if reason != "" {
		reason = ", " + reason
	}
	// net.ErrClosed, as coder/websocket reports a closed connection: the
	// client adds ErrDisconnected itself.
	c.err = fmt.Errorf("the connection closed (code %d%s): %w", event.Get("code").Int(), reason, net.ErrClosed)
	close(c.closed)
	// The socket sends nothing more: its handlers can go.
	for _, f := range c.funcs {
		f.Release()
	}
}

func (c *socket) isClosed() bool {
	select {
	case <-c.closed:
		return true
	default:
		return false
	}
}

func (c *socket) Write(_ context.Context, p []byte) (err error) {
	if c.isClosed() || c.ws.Get("readyState").Int() != 1 {
		return fmt.Errorf("failed to write to terminal: %w", net.ErrClosed)
	}
	defer func() {
		if err != nil {
			err = fmt.Errorf("failed to write to terminal: %w", err)
		}
	}()
	defer catch(&err)
	c.ws.Call("send", string(p))
	return nil
}

// Read returns the next message. A message over transportLimit, or ctx
// ending, closes the connection, as coder/websocket does.
func (c *socket) Read(ctx context.Context) ([]byte, error) {
	for {
		c.mu.Lock()
		if len(c.queue) > 0 {
			p := c.queue[0]
			c.queue = c.queue[1:]
			c.mu.Unlock()
			if len(p) > transportLimit {
				_ = c.closeWith("message too big")
				return nil, fmt.Errorf("failed to read from terminal: %w: %d bytes, the connection's limit is %d", ErrTooLarge, len(p), transportLimit)
			}
			return p, nil
		}
		err := c.err
		c.mu.Unlock()
		if err != nil {
			return nil, fmt.Errorf("failed to read from terminal: %w", err)
		}
		select {
		case <-c.more:
		case <-c.closed:
		case <-ctx.Done():
			_ = c.closeWith("read cancelled")
			return nil, fmt.Errorf("failed to read from terminal: %w", ctx.Err())
		}
	}
}

// Close closes the socket and returns once it has closed.
func (c *socket) Close() error { return c.closeWith("") }

// closeWith closes the socket with code 1000 and reason, and waits for its
// close event. A page may send no other code below 3000: the 1008 and 1009
// coder/websocket asks for throw in the browser, leaving the socket open.
func (c *socket) closeWith(reason string) (err error) {
	if c.isClosed() {
		return nil
	}
	func() {
		defer catch(&err)
		c.ws.Call("close", 1000, reason)
	}()
	if err != nil {
		return fmt.Errorf("failed to close the connection to the terminal: %w", err)
	}
	<-c.closed
	return nil
}

// catch turns a JavaScript exception, which syscall/js panics with, into
// *err.
func catch(err *error) {
	if r := recover(); r != nil {
		jerr, ok := r.(js.Error)
		if !ok {
			panic(r)
		}
		*err = jerr
	}
}

var _ Conn = (*socket)(nil)
