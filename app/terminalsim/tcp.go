package terminalsim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// serveTCP accepts TCP clients until the listener closes.
func (s *Simulator) serveTCP(ln net.Listener) {
	stop := onDone(s.ctx, func() { ln.Close() })
	defer stop()
	defer ln.Close()
	for {
		c, err := ln.Accept()
		if err != nil {
			if s.ctx.Err() == nil {
				s.log.Error("terminal TCP listener stopped", "err", err)
			}
			return
		}
		if !s.group.Go(func() { s.serveTCPConn(c) }) {
			c.Close()
			return
		}
	}
}

// serveTCPConn serves one TCP client: a stream of JSON objects in, one
// object (or plain-text line) per line out.
func (s *Simulator) serveTCPConn(c net.Conn) {
	defer c.Close()
	stop := onDone(s.ctx, func() { c.Close() })
	defer stop()
	p := &tcpPeer{conn: c}
	defer s.connected()()
	s.log.Info("terminal client connected", "peer", p.String())
	defer s.log.Info("terminal client disconnected", "peer", p.String())
	s.greet(p)

	lim := &messageLimiter{r: c, max: s.cfg.MaxMessage}
	var in io.Reader = lim
	dec := json.NewDecoder(in)
	for {
		// RawMessage keeps the request's bytes as sent, for the echo fault.
		var raw json.RawMessage
		err := dec.Decode(&raw)
		var syntax *json.SyntaxError
		switch {
		case err == nil:
			lim.next(dec.Buffered())
			s.handle(p, raw)
		case errors.As(err, &syntax):
			// Not JSON. The vendor's samples answer such input with a text
			// line; skip to the next line, where the client's next message
			// most likely starts, rather than drop the connection.
			s.log.Warn("terminal got a message that is not JSON", "peer", p.String(), "err", err)
			s.reply(p, []byte("ERROR: not a JSON object: "+err.Error()))
			rest := io.MultiReader(dec.Buffered(), in)
			if err := skipLine(rest); err != nil {
				s.tcpReadFailed(p, err)
				return
			}
			in = rest
			lim.next(nil)
			dec = json.NewDecoder(in)
		default:
			s.tcpReadFailed(p, err)
			return
		}
	}
}

// tcpReadFailed ends a TCP connection whose stream cannot go on, telling
// the client why when it is the client's doing.
func (s *Simulator) tcpReadFailed(p peer, err error) {
	var tooBig *tooLargeError
	if errors.As(err, &tooBig) {
		// The stream cannot be resynchronised inside an over-size object.
		s.log.Warn("terminal refused an over-size message", "peer", p.String(), "err", err)
		s.reply(p, []byte("ERROR: "+err.Error()+"; closing the connection"))
		return
	}
	if s.ctx.Err() == nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
		s.log.Info("terminal TCP read ended", "peer", p.String(), "err", err)
	}
}

// skipLine skips the bad line r starts with: leading whitespace (the
// decoder hands it back with the bad bytes, and it may hold the newline that
// ended the previous message), then up to and including the next newline. It
// reads a byte at a time so that nothing after the line is consumed.
func skipLine(r io.Reader) error {
	var b [1]byte
	inLine := false
	for {
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return fmt.Errorf("skip a bad line: %w", err)
		}
		switch {
		case b[0] == '\n' && inLine:
			return nil
		case b[0] != ' ' && b[0] != '\t' && b[0] != '\r' && b[0] != '\n':
			inLine = true
		}
	}
}

// messageLimiter is the connection as the JSON decoder sees it: it hands
// out no more than max bytes per message, counted from the end of the
// previous one (whitespace before a message counts too). A decoder that
// needs more to finish a message gets a *tooLargeError.
type messageLimiter struct {
	r   io.Reader
	max int
	n   int // bytes handed out since the previous message ended
}

func (l *messageLimiter) Read(p []byte) (int, error) {
	room := l.max - l.n
	if room <= 0 {
		return 0, &tooLargeError{max: l.max}
	}
	if len(p) > room {
		p = p[:room]
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// next starts counting a new message. buffered is what the decoder read
// past the message it returned: the start of the next one.
func (l *messageLimiter) next(buffered io.Reader) {
	l.n = 0
	if b, ok := buffered.(interface{ Len() int }); ok {
		l.n = b.Len()
	}
}

// tcpPeer is a TCP client. Writes are serialised: a processing goroutine
// and the read loop may answer at the same time, and lines must not mix.
type tcpPeer struct {
	mu   sync.Mutex
	conn net.Conn
}

// send writes msg and a newline, within ctx.
func (p *tcpPeer) send(ctx context.Context, msg []byte) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	deadline, _ := ctx.Deadline() // zero means none
	if err := p.conn.SetWriteDeadline(deadline); err != nil {
		return fmt.Errorf("write to %s: %w", p, err)
	}
	// Cancellation interrupts a blocked write through the deadline.
	stop := onDone(ctx, func() { p.conn.SetWriteDeadline(time.Unix(1, 0)) })
	defer stop()
	line := append(bytes.Clone(msg), '\n')
	if _, err := p.conn.Write(line); err != nil {
		return fmt.Errorf("write to %s: %w", p, err)
	}
	return nil
}

// drop closes the connection, as a terminal that crashed would.
func (p *tcpPeer) drop() { p.conn.Close() }

func (p *tcpPeer) String() string { return "tcp " + p.conn.RemoteAddr().String() }
