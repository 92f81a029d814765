package terminal

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
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

// UserMessage says what went wrong in words for the cashier.
func UserMessage(err error) string {
	var de *DialError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &de):
		if errors.Is(err, context.DeadlineExceeded) {
			return "the terminal did not answer at " + de.URL + ": check that it is switched on and on the same network"
		}
		msg := "could not reach the terminal at " + de.URL + ": check that it is on, on the same network, waiting for a transaction, and set to WebSocket on this port"
		if strings.HasPrefix(de.URL, "ws://") {
			msg += " (a page opened over https cannot reach a ws:// address)"
		}
		return msg
	case errors.Is(err, ErrTimeout):
		return "the terminal did not answer in time"
	case errors.Is(err, ErrStopped):
		return "stopped waiting for the terminal"
	case errors.Is(err, ErrDisconnected), errors.Is(err, net.ErrClosed):
		return "the connection to the terminal was lost"
	case errors.Is(err, ErrInFlight):
		return "a transaction is already in progress"
	case errors.Is(err, ErrNotConnected):
		return "not connected to the terminal"
	}
	return err.Error()
}
