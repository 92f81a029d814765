package terminal

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"

	"github.com/lanepay/lanepay/app/words"
)

// Conn is one open connection to a terminal, carrying whole messages. The
// WebSocket transport is the normal case; the server's bridge is another.
type Conn interface {
	// Write sends one message.
	Write(ctx context.Context, p []byte) error
	// Read blocks for the next message. Cancelling ctx may close the
	// connection (it does in the browser), so one reader owns it for the
	// connection's whole life.
	Read(ctx context.Context) ([]byte, error)
	// Close ends the connection; reads and writes fail after it.
	Close() error
}

// transportLimit is the largest message the WebSocket transport takes;
// over it, the connection is closed. It is far above the protocol's limit
// on purpose: a frame between the two is refused by the client, which
// keeps the connection. Natively the transport is coder/websocket
// (conn_other.go), in the browser the browser's own WebSocket (conn_js.go).
const transportLimit = 1 << 20

// DialError says the terminal could not be reached. In the browser every
// failure (refused, wrong path, TLS, blocked mixed content) looks the same,
// so the message lists the likely causes in plain words.
type DialError struct {
	URL string
	Err error
}

func (e *DialError) Error() string {
	return fmt.Sprintf("failed to dial terminal %s: %v", e.URL, e.Err)
}
func (e *DialError) Unwrap() error { return e.Err }

// ServerError says the page could not open its connection to the
// server's bridge, through which it reaches the terminal. The terminal
// was not tried: the server relays to it once the page's connection is
// open (the bridge closes that connection with a code of its own when the
// terminal cannot be reached). From the browser a server that is off,
// out of reach or refusing looks the same.
type ServerError struct {
	Server string // host:port of the page's own server
	Err    error
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("failed to reach the bridge of %s: %v", e.Server, e.Err)
}
func (e *ServerError) Unwrap() error { return e.Err }

// UserMessage says what went wrong in words for the cashier, in English
// ("" for nil): UserError's words.
func UserMessage(err error) string {
	if e := UserError(err); e != nil {
		return e.Error()
	}
	return ""
}

// UserError says what went wrong in words for the cashier, kept for
// translation (words.Lang.T); nil for nil.
func UserError(err error) *words.Error {
	var de *DialError
	var se *ServerError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		// Not the bridge's URL: it names the terminal too, encoded, and
		// the terminal is not what failed.
		return words.Text("the till's server cannot be reached at %s (the terminal is reached through it): check that the server is running and that this device is on its network", se.Server)
	case errors.As(err, &de):
		if errors.Is(err, context.DeadlineExceeded) {
			return words.Text("the terminal did not answer at %s: check that it is switched on and on the same network", de.URL)
		}
		if strings.HasPrefix(de.URL, "ws://") {
			return words.Text("could not reach the terminal at %s: check that it is on, on the same network, waiting for a transaction, and set to WebSocket on this port (a page opened over https cannot reach a ws:// address)", de.URL)
		}
		return words.Text("could not reach the terminal at %s: check that it is on, on the same network, waiting for a transaction, and set to WebSocket on this port", de.URL)
	case errors.Is(err, ErrTimeout):
		return words.Text("the terminal did not answer in time")
	case errors.Is(err, ErrStopped):
		return words.Text("stopped waiting for the terminal")
	case errors.Is(err, ErrDisconnected), errors.Is(err, net.ErrClosed):
		return words.Text("the connection to the terminal was lost")
	case errors.Is(err, ErrInFlight):
		return words.Text("a transaction is already in progress")
	case errors.Is(err, ErrNotConnected):
		return words.Text("not connected to the terminal")
	}
	return words.Text("%s", err.Error())
}
