package pos

import (
	"bytes"
	"errors"
	"fmt"
)

// DefaultMaxMessage is the largest message a StreamDecoder accepts unless
// told otherwise.
const DefaultMaxMessage = 64 << 10

// ErrTooLarge is matched (errors.Is) by every *TooLargeError.
var ErrTooLarge = errors.New("message from terminal is larger than 64 KiB")

// TooLargeError says a message was refused for being over Limit bytes.
type TooLargeError struct{ Limit int }

func (e *TooLargeError) Error() string {
	return "message from terminal is larger than " + sizeText(e.Limit)
}

func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

func sizeText(n int) string {
	switch {
	case n > 0 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n > 0 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Segment is one message cut from a TCP stream. JSON is true when it is a
// brace-balanced {...}; that is framing only, Classify still parses it.
// Otherwise it is a line of text, such as the vendor's plain-text
// acknowledgements.
type Segment struct {
	Raw  []byte
	JSON bool
}

type streamState int

const (
	stateIdle streamState = iota
	stateText
	stateObject
	stateSkipText
	stateSkipObject
)

// StreamDecoder cuts a TCP byte stream into messages without assuming one
// read is one message. It is a push decoder: the caller does the reading
// and feeds the bytes in, so it works on any transport and in wasm.
//
// The stream is JSON objects with optional whitespace between them. An
// object runs from '{' to its matching '}', counting braces and brackets
// outside strings (escapes respected). Anything else starts a text segment
// that ends before the next newline or '{'; trailing spaces and '\r' are
// trimmed and whitespace-only lines are dropped. Whatever is unfinished
// stays buffered until more arrives; the cut never depends on how the
// bytes were split across Feeds.
//
// A message over the limit is refused: its bytes are dropped as they come,
// Feed returns a *TooLargeError, and the decoder skips to the end of that
// object (or text line), then carries on with the next message, so the
// connection stays usable. An object that never closes is skipped until
// the connection is dropped; memory stays bounded by the limit either way.
type StreamDecoder struct {
	max       int
	state     streamState
	buf       []byte
	depth     int
	inString  bool
	escaped   bool
	discarded int
}

// NewStreamDecoder makes a decoder refusing messages over max bytes;
// max <= 0 means DefaultMaxMessage.
func NewStreamDecoder(max int) *StreamDecoder {
	if max <= 0 {
		max = DefaultMaxMessage
	}
	return &StreamDecoder{max: max}
}

// Buffered is the number of bytes of an unfinished message held.
func (d *StreamDecoder) Buffered() int { return len(d.buf) }

// Feed consumes all of b and returns the messages it completed. The
// segments are valid even when err is not nil: err only reports that at
// least one message in b was refused for size. Segments never alias b or
// each other.
func (d *StreamDecoder) Feed(b []byte) ([]Segment, error) {
	var out []Segment
	tooLarge := false
	for _, c := range b {
		switch d.state {
		case stateIdle:
			d.startMessage(c)
		case stateText:
			if c == '\n' || c == '{' {
				out = d.emitText(out)
				d.state = stateIdle
				if c == '{' {
					d.startMessage(c)
				}
				continue
			}
			d.buf = append(d.buf, c)
			if len(d.buf) > d.max {
				d.refuse(stateSkipText)
				tooLarge = true
			}
		case stateSkipText:
			switch c {
			case '\n':
				d.state = stateIdle
			case '{':
				d.state = stateIdle
				d.startMessage(c)
			}
		case stateObject:
			d.buf = append(d.buf, c)
			d.scan(c)
			switch {
			case len(d.buf) > d.max:
				tooLarge = true
				if d.depth == 0 {
					d.refuse(stateIdle)
				} else {
					d.refuse(stateSkipObject)
				}
			case d.depth == 0:
				out = append(out, Segment{Raw: bytes.Clone(d.buf), JSON: true})
				d.buf = d.buf[:0]
				d.state = stateIdle
			}
		case stateSkipObject:
			d.scan(c)
			if d.depth == 0 {
				d.state = stateIdle
			}
		}
	}
	if tooLarge {
		return out, &TooLargeError{Limit: d.max}
	}
	return out, nil
}

// Flush hands over whatever unfinished message is held, as text, and
// starts afresh. Call it when the connection closes, or after a quiet
// spell when a peer's acknowledgement has no newline after it. A half
// object flushed this way is only text: it can never become an outcome.
func (d *StreamDecoder) Flush() []Segment {
	var out []Segment
	switch d.state {
	case stateText:
		out = d.emitText(nil)
	case stateObject:
		out = []Segment{{Raw: bytes.Clone(d.buf)}}
	}
	d.buf = d.buf[:0]
	d.state = stateIdle
	return out
}

func (d *StreamDecoder) startMessage(c byte) {
	switch c {
	case ' ', '\t', '\r', '\n':
		return
	case '{':
		d.state = stateObject
		d.depth, d.inString, d.escaped = 1, false, false
	default:
		d.state = stateText
	}
	// max is at least 1, so one byte never overflows.
	d.buf = append(d.buf[:0], c)
}

// refuse drops the message being buffered and moves to next.
func (d *StreamDecoder) refuse(next streamState) {
	d.discarded++
	d.buf = d.buf[:0]
	d.state = next
}

func (d *StreamDecoder) emitText(out []Segment) []Segment {
	t := bytes.TrimRight(d.buf, " \t\r")
	if len(t) > 0 {
		out = append(out, Segment{Raw: bytes.Clone(t)})
	}
	d.buf = d.buf[:0]
	return out
}

// scan tracks nesting; only depth matters, so mismatched brackets still
// end a message rather than stalling the stream.
func (d *StreamDecoder) scan(c byte) {
	if d.inString {
		switch {
		case d.escaped:
			d.escaped = false
		case c == '\\':
			d.escaped = true
		case c == '"':
			d.inString = false
		}
		return
	}
	switch c {
	case '"':
		d.inString = true
	case '{', '[':
		d.depth++
	case '}', ']':
		d.depth--
	}
}
