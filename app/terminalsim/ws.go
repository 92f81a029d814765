package terminalsim

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/coder/websocket"
)

// Handler serves the WebSocket port: GET /ledger answers the ledger as a
// JSON array of Entry, and any other path upgrades to WebSocket (the
// vendor's samples use both / and /ws). The upgrade accepts any Origin: the
// terminal is a LAN device that a browser POS on any host may reach.
func (s *Simulator) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ledger", s.serveLedger)
	mux.HandleFunc("/", s.serveWS)
	return mux
}

func (s *Simulator) serveLedger(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(w).Encode(s.Ledger()); err != nil {
		s.log.Warn("terminal could not send the ledger", "err", err)
	}
}

func (s *Simulator) serveWS(w http.ResponseWriter, r *http.Request) {
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		// A browser pointed at the port: say what it is rather than a bare
		// protocol error.
		http.Error(w, fmt.Sprintf("%s (terminal %s): connect with WebSocket; GET /ledger for the ledger",
			WaitingMessage, s.cfg.TID), http.StatusUpgradeRequired)
		return
	}
	if !s.group.enter() {
		http.Error(w, "terminal shutting down", http.StatusServiceUnavailable)
		return
	}
	defer s.group.leave()
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		InsecureSkipVerify: true,
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		s.log.Warn("terminal refused a WebSocket upgrade", "remote", r.RemoteAddr, "err", err)
		return
	}
	defer c.CloseNow()
	// The size limit is ours (readWS), so that an over-size message is
	// refused and the connection kept, not closed by the library.
	c.SetReadLimit(-1)

	// On shutdown, close politely; the deferred stop waits for that close.
	defer onDone(s.ctx, func() {
		c.Close(websocket.StatusGoingAway, "terminal shutting down")
	})()

	p := &wsPeer{conn: c, remote: r.RemoteAddr}
	defer s.connected()()
	s.log.Info("terminal client connected", "peer", p.String())
	defer s.log.Info("terminal client disconnected", "peer", p.String())
	s.greet(p)
	// Reads end when the connection closes (by the client, a fault or
	// shutdown), not by a context of theirs: cancelling a read would make
	// the library drop the connection without the close handshake.
	ctx := context.WithoutCancel(r.Context())
	for {
		msg, err := s.readWS(ctx, c)
		var tooBig *tooLargeError
		switch {
		case errors.As(err, &tooBig):
			s.log.Warn("terminal refused an over-size message", "peer", p.String(), "err", err)
			s.reply(p, []byte("ERROR: "+err.Error()))
			continue
		case err != nil:
			return
		}
		s.handle(p, msg)
	}
}

// tooLargeError is a message over Config.MaxMessage.
type tooLargeError struct{ max int }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("message too large: over %d bytes", e.max)
}

// readWS reads one message, text or binary (some clients send binary). One
// over the limit is read to its end and discarded, so that the connection
// stays usable.
func (s *Simulator) readWS(ctx context.Context, c *websocket.Conn) ([]byte, error) {
	_, r, err := c.Reader(ctx)
	if err != nil {
		return nil, fmt.Errorf("read WebSocket message: %w", err)
	}
	max := s.cfg.MaxMessage
	msg, err := io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, fmt.Errorf("read WebSocket message: %w", err)
	}
	if len(msg) > max {
		if _, err := io.Copy(io.Discard, r); err != nil {
			return nil, fmt.Errorf("discard over-size WebSocket message: %w", err)
		}
		return nil, &tooLargeError{max: max}
	}
	return msg, nil
}

// wsPeer is a WebSocket client.
type wsPeer struct {
	conn   *websocket.Conn
	remote string
}

// send writes one text frame; the library makes concurrent writes safe.
func (p *wsPeer) send(ctx context.Context, msg []byte) error {
	if err := p.conn.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("write to %s: %w", p, err)
	}
	return nil
}

// drop closes the connection without a close frame, as a terminal that
// crashed or lost its network would.
func (p *wsPeer) drop() { p.conn.CloseNow() }

func (p *wsPeer) String() string { return "ws " + p.remote }
