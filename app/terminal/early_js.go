//go:build js

package terminal

import (
	"context"
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
	// The socket's events from now on reach the same handlers as a
	// dialled socket's; those before, early.js kept.
	c := newSocket()
	sink := js.Global().Get("Object").New()
	for i, event := range []string{"open", "message", "close"} {
		sink.Set(event, c.funcs[i])
	}
	st := early.Call("take", sink)
	c.ws = st.Get("ws")
	if st.Get("open").Bool() {
		c.open()
	}
	q := st.Get("queued")
	for i := range q.Length() {
		c.push(q.Index(i))
	}
	if closed := st.Get("closed"); closed.Truthy() {
		c.end(closed)
	}
	if c.awaitOpen(ctx) != nil {
		return nil, false
	}
	return c, true
}
