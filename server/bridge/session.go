package bridge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/coder/websocket"
)

// NoticePrefix starts every text frame the bridge itself sends the page.
const NoticePrefix = "lanepay bridge: "

// session relays one page and one terminal until either goes, the idle
// timeout passes, or the bridge closes.
type session struct {
	b    *Bridge
	page *websocket.Conn
	term terminal
	t0   time.Time

	last     atomic.Int64 // time of the last message either way, UnixNano
	up, down atomic.Int64 // messages relayed to the terminal, to the page
}

// pageError is a failure to write to the page, as the terminal reader sees
// it: the page's side ended, not the terminal's.
type pageError struct{ err error }

func (e *pageError) Error() string { return "failed to write to the page: " + e.err.Error() }
func (e *pageError) Unwrap() error { return e.err }

func (s *session) touch() { s.last.Store(time.Now().UnixNano()) }

// run relays until the end and returns why it ended. Both directions have
// their goroutine; this one watches the clock and the bridge, then closes
// both sides and waits for the goroutines to end.
func (s *session) run() ending {
	s.touch()
	ends := make(chan ending, 3) // one per possible sender: no send blocks
	var wg sync.WaitGroup
	wg.Go(func() { ends <- s.pageToTerminal() })
	wg.Go(func() { ends <- s.terminalToPage() })

	idle := s.b.cfg.IdleTimeout
	idleTimer := time.NewTimer(idle)
	defer idleTimer.Stop()
	var pingC <-chan time.Time
	if every := s.b.cfg.PingInterval; every > 0 {
		t := time.NewTicker(every)
		defer t.Stop()
		pingC = t.C
	}
	pinging := false
	pinged := make(chan struct{}, 1)

	var end ending
wait:
	for {
		select {
		case end = <-ends:
			break wait
		case <-s.b.ctx.Done():
			end = ending{code: websocket.StatusGoingAway, reason: "server shutting down"}
			break wait
		case <-idleTimer.C:
			quiet := time.Since(time.Unix(0, s.last.Load()))
			if quiet >= idle {
				end = ending{code: CodeIdle, reason: fmt.Sprintf("idle: no message either way for %s", idle)}
				break wait
			}
			idleTimer.Reset(idle - quiet)
		case <-pingC:
			if pinging {
				continue
			}
			pinging = true
			wg.Go(func() {
				defer func() { pinged <- struct{}{} }()
				ctx, cancel := context.WithTimeout(context.Background(), s.b.cfg.PingInterval)
				defer cancel()
				if err := s.page.Ping(ctx); err != nil {
					// Gone: a close handshake would only wait for it.
					ends <- ending{code: CodeIdle, reason: "the page did not answer a ping", byPage: true}
				}
			})
		case <-pinged:
			pinging = false
		}
	}
	// Tell the page first (when it is not the one that left), then let the
	// terminal go; each close unblocks that side's reader.
	if !end.byPage {
		s.page.Close(end.code, clip(end.reason))
	}
	s.term.close(terminalReason(end))
	s.page.CloseNow()
	wg.Wait()
	return end
}

// terminalReason is what a WebSocket terminal is told.
func terminalReason(e ending) string {
	if e.byPage {
		return "page closed"
	}
	return "lanepay bridge: " + e.reason
}

// pageToTerminal relays the page's messages until the page goes or the
// terminal cannot be written to.
func (s *session) pageToTerminal() ending {
	max := s.b.cfg.MaxMessage
	for {
		// Never cancelled: cancelling makes the library close with 1008.
		_, r, err := s.page.Reader(context.Background())
		if err != nil {
			return pageEnded(err)
		}
		msg, tooBig, err := readLimited(r, max)
		switch {
		case errors.Is(err, errFlood):
			return ending{code: websocket.StatusMessageTooBig, reason: fmt.Sprintf("message far over %d bytes", max)}
		case err != nil:
			return pageEnded(err)
		case tooBig:
			if err := s.notice(fmt.Sprintf("a message over %d bytes was not sent to the terminal", max)); err != nil {
				return ending{byPage: true, reason: err.Error()}
			}
			continue
		}
		s.touch()
		if !isJSONObject(msg) {
			if err := s.notice("a message that is not a JSON object was not sent to the terminal"); err != nil {
				return ending{byPage: true, reason: err.Error()}
			}
			continue
		}
		if err := s.term.write(msg); err != nil {
			return ending{code: CodeTerminalGone, reason: "lost the terminal: " + shortErr(err)}
		}
		s.up.Add(1)
	}
}

// pageEnded is the ending for a failed read from the page.
func pageEnded(err error) ending {
	if code := websocket.CloseStatus(err); code != -1 {
		return ending{code: code, reason: "page closed", byPage: true}
	}
	return ending{code: websocket.StatusGoingAway, reason: "lost the page: " + shortErr(err), byPage: true}
}

// terminalToPage relays the terminal's messages until either side goes.
func (s *session) terminalToPage() ending {
	err := s.term.read(s.deliver, s.notice)
	var pe *pageError
	switch {
	case errors.As(err, &pe):
		return ending{code: websocket.StatusGoingAway, reason: "lost the page: " + shortErr(pe.err), byPage: true}
	case errors.Is(err, io.EOF):
		return ending{code: CodeTerminalGone, reason: "terminal closed the connection"}
	}
	var ce websocket.CloseError
	if errors.As(err, &ce) {
		return ending{code: CodeTerminalGone, reason: fmt.Sprintf("terminal closed the connection (%d %s)", ce.Code, ce.Reason)}
	}
	return ending{code: CodeTerminalGone, reason: "lost the terminal: " + shortErr(err)}
}

// deliver sends one terminal message to the page as a text frame. A text
// frame must be UTF-8 or the browser fails the connection: stray bytes
// become U+FFFD, as a JSON parser would read them anyway.
func (s *session) deliver(msg []byte) error {
	if !utf8.Valid(msg) {
		msg = bytes.ToValidUTF8(msg, []byte("\uFFFD"))
	}
	if err := s.writePage(msg); err != nil {
		return err
	}
	s.touch()
	s.down.Add(1)
	return nil
}

// notice tells the page something about the bridge itself, in a text frame
// that no client can take for the terminal's JSON.
func (s *session) notice(text string) error {
	return s.writePage([]byte(NoticePrefix + text))
}

func (s *session) writePage(msg []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	if err := s.page.Write(ctx, websocket.MessageText, msg); err != nil {
		return &pageError{err}
	}
	return nil
}

// isJSONObject reports whether msg is exactly one JSON object, whitespace
// around it allowed.
func isJSONObject(msg []byte) bool {
	t := bytes.TrimLeft(msg, " \t\r\n")
	return len(t) > 0 && t[0] == '{' && json.Valid(t)
}

// shortErr drops the address details the net package repeats.
func shortErr(err error) string {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	return err.Error()
}
