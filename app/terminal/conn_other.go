//go:build !js

package terminal

import (
	"context"
	"fmt"

	"github.com/coder/websocket"
)

// DialWebSocket opens a WebSocket to the terminal at url (see ParseTarget).
func DialWebSocket(ctx context.Context, url string) (Conn, error) {
	c, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, &DialError{URL: url, Err: err}
	}
	c.SetReadLimit(transportLimit)
	return &wsConn{c: c}, nil
}

type wsConn struct{ c *websocket.Conn }

func (w *wsConn) Write(ctx context.Context, p []byte) error {
	if err := w.c.Write(ctx, websocket.MessageText, p); err != nil {
		return fmt.Errorf("failed to write to terminal: %w", err)
	}
	return nil
}

func (w *wsConn) Read(ctx context.Context) ([]byte, error) {
	_, p, err := w.c.Read(ctx)
	if err != nil {
		return nil, fmt.Errorf("failed to read from terminal: %w", err)
	}
	return p, nil
}

func (w *wsConn) Close() error {
	return w.c.Close(websocket.StatusNormalClosure, "")
}
