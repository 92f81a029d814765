package terminal

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

// Errors a transaction can end with. Only ErrNotSent and ErrInFlight promise
// that nothing reached the terminal; the others leave the outcome unknown.
var (
	ErrInFlight     = errors.New("a transaction is already in flight")
	ErrNotConnected = errors.New("not connected to the terminal")
	ErrNotSent      = errors.New("the request was not sent")
	ErrTimeout      = errors.New("no outcome before the timeout")
	ErrStopped      = errors.New("stopped waiting for the outcome")
	ErrDisconnected = errors.New("connection lost before the outcome")
	ErrTooLarge     = errors.New("message from the terminal is too large")
)

// Direction says which way a message went.
type Direction string

// Directions of an Event.
const (
	In  Direction = "in"
	Out Direction = "out"
)

// Event is one message seen on the connection, for logs and the console.
type Event struct {
	Time  time.Time
	Dir   Direction
	Frame pos.Frame // classified for In; Raw only for Out
	Err   error     // set when a message was refused (too large)
}

// Options tune a Client. A nil *Options means the defaults.
type Options struct {
	// MaxMessage is the largest message accepted; larger ones are refused
	// with an Event and the connection is kept. Default 64 KiB.
	MaxMessage int
	// OnEvent sees every message both ways. It runs on the client's
	// goroutines and must not block.
	OnEvent func(Event)
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Client runs transactions on one connection, one at a time.
type Client struct {
	conn    Conn
	profile *pos.Profile
	opts    Options

	mu       sync.Mutex
	inflight *Pending

	done    chan struct{}
	closeMu sync.Mutex
	err     error
}

// Pending is a request that has been sent and awaits its outcome.
type Pending struct {
	c       *Client
	Request pos.Request
	SentAt  time.Time
	outcome chan pos.Frame
}

// Connect dials the terminal at url, or in the browser adopts the socket
// early.js opened to it while the app loaded, and starts reading from it.
// It remembers url for early.js to open at the next start.
func Connect(ctx context.Context, url string, p *pos.Profile, opts *Options) (*Client, error) {
	conn, ok := TakeEarly(ctx, url)
	if !ok {
		var err error
		if conn, err = dialWebSocket(ctx, url); err != nil {
			return nil, err
		}
	}
	RememberURL(url)
	return New(conn, p, opts), nil
}

// New runs a client on an open connection.
func New(conn Conn, p *pos.Profile, opts *Options) *Client {
	c := &Client{conn: conn, profile: p, done: make(chan struct{})}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.MaxMessage <= 0 {
		c.opts.MaxMessage = 64 << 10
	}
	if c.opts.Now == nil {
		c.opts.Now = time.Now
	}
	go c.readLoop()
	return c
}

// Done is closed when the connection has ended; Err says why.
func (c *Client) Done() <-chan struct{} { return c.done }

// Err is why the connection ended, or nil while it is open.
func (c *Client) Err() error {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	return c.err
}

// Close ends the connection. A request in flight ends with ErrDisconnected.
func (c *Client) Close() error {
	err := c.conn.Close()
	c.fail(errors.New("closed by the client"))
	return err
}

func (c *Client) fail(err error) {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	select {
	case <-c.done:
		return
	default:
	}
	c.err = err
	close(c.done)
}

func (c *Client) emit(e Event) {
	if c.opts.OnEvent != nil {
		c.opts.OnEvent(e)
	}
}

// Send writes req and marks it in flight. It refuses a second request while
// one is in flight: the terminal handles one at a time, and a financial
// request must never be doubled. On ErrNotSent nothing left this client.
func (c *Client) Send(ctx context.Context, req pos.Request) (*Pending, error) {
	select {
	case <-c.done:
		return nil, fmt.Errorf("%w: %w", ErrNotSent, ErrNotConnected)
	default:
	}
	p := &Pending{c: c, Request: req, outcome: make(chan pos.Frame, 1)}
	c.mu.Lock()
	if c.inflight != nil {
		c.mu.Unlock()
		return nil, ErrInFlight
	}
	c.inflight = p
	c.mu.Unlock()

	p.SentAt = c.opts.Now()
	if err := c.conn.Write(ctx, req.Body); err != nil {
		// A failed write may still have put bytes on the wire, so the
		// outcome is unknown, not "not sent".
		c.conn.Close()
		c.fail(err)
		c.mu.Lock()
		c.inflight = nil
		c.mu.Unlock()
		return nil, fmt.Errorf("%w: %w", ErrDisconnected, err)
	}
	c.emit(Event{Time: p.SentAt, Dir: Out, Frame: pos.Frame{Raw: req.Body}})
	return p, nil
}

// Wait blocks until the outcome arrives, the profile's timeout passes
// (ErrTimeout), ctx is cancelled (ErrStopped) or the connection drops
// (ErrDisconnected). Either way the request is no longer in flight after it.
func (p *Pending) Wait(ctx context.Context) (pos.Frame, error) {
	c := p.c
	timeout := time.Duration(c.profile.TimeoutSeconds) * time.Second
	if timeout <= 0 {
		timeout = 120 * time.Second
	}
	timer := time.NewTimer(timeout - c.opts.Now().Sub(p.SentAt))
	defer timer.Stop()

	var why error
	select {
	case f := <-p.outcome:
		return f, nil
	case <-timer.C:
		why = ErrTimeout
	case <-ctx.Done():
		why = ErrStopped
	case <-c.done:
		why = fmt.Errorf("%w: %w", ErrDisconnected, c.Err())
	}
	c.mu.Lock()
	if c.inflight == p {
		c.inflight = nil
	}
	c.mu.Unlock()
	// The outcome may have landed while we gave up: it wins.
	select {
	case f := <-p.outcome:
		return f, nil
	default:
	}
	return pos.Frame{}, why
}

// Do sends req and waits for its outcome.
func (c *Client) Do(ctx context.Context, req pos.Request) (pos.Frame, error) {
	p, err := c.Send(ctx, req)
	if err != nil {
		return pos.Frame{}, err
	}
	return p.Wait(ctx)
}

func (c *Client) readLoop() {
	for {
		// Never cancel this read: in the browser that closes the socket.
		raw, err := c.conn.Read(context.Background())
		if err != nil {
			c.fail(err)
			return
		}
		now := c.opts.Now()
		if len(raw) > c.opts.MaxMessage {
			c.emit(Event{Time: now, Dir: In, Frame: pos.Frame{Raw: raw[:256]},
				Err: fmt.Errorf("%w: %d bytes, the limit is %d", ErrTooLarge, len(raw), c.opts.MaxMessage)})
			continue
		}
		c.mu.Lock()
		p := c.inflight
		var req *pos.Request
		if p != nil {
			req = &p.Request
		}
		f := c.profile.Classify(raw, req)
		if f.Kind == pos.KindOutcome && p != nil {
			c.inflight = nil
			p.outcome <- f
		}
		c.mu.Unlock()
		c.emit(Event{Time: now, Dir: In, Frame: f})
	}
}
