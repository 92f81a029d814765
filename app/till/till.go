// Package till runs the cashier's transactions safely: it owns the
// connection to the terminal (reconnecting with backoff), writes every
// transaction to the journal before sending it, allows one in flight,
// never re-sends a financial request, and settles unknown outcomes by
// status inquiry. The page and the soak test drive the same code.
package till

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log"
	"math/big"
	"sync"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/words"
)

// Errors Run can end with before anything was sent.
var (
	ErrBusy         = errors.New("a transaction is already in progress")
	ErrOtherTab     = errors.New("a transaction is in progress in another tab or window")
	ErrNotConnected = errors.New("not connected to the terminal")
	ErrJournal      = errors.New("the journal could not be written, so nothing was sent")
)

// Link is how the till stands with the terminal.
type Link int

// Links.
const (
	Disconnected Link = iota
	Connecting
	Ready
)

// Dialer opens a connection to the terminal, passing opts to the client.
type Dialer func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error)

// Config wires a Till.
type Config struct {
	Journal journal.Store
	Profile *pos.Profile
	// Dial connects to the terminal; Terminal names it in the journal.
	Dial     Dialer
	Terminal string
	// Lock, when set, guards against other tabs: it returns ErrOtherTab
	// (or another error) when another holder has it.
	Lock func(ctx context.Context) (unlock func(), err error)
	// OnChange is called (from any goroutine) when Status may have changed.
	OnChange func()
	// OnEvent sees every message both ways, for the console.
	OnEvent func(terminal.Event)
	// OnSettled, if set, sees each transaction recovery settles, as
	// written: the cashier is told what an unknown outcome became.
	OnSettled func(journal.Record)
	// RetryInquiry is how long to wait before asking again about a
	// transaction the terminal says is still in progress. Default 3 s.
	RetryInquiry time.Duration
	// PrepareHold is how long a Prepared waits for Run before it cancels
	// itself, so that a page that lost track of one cannot keep the
	// terminal. Default a minute.
	PrepareHold time.Duration
	// Logf logs for support; default log.Printf. It is a function rather
	// than a *slog.Logger to keep log/slog out of the page's wasm.
	Logf func(format string, args ...any)
	// Evidence remembers which terminals have shown they keep lanepay's
	// references (see evidence.go); default: for the till's life only.
	Evidence Evidence
}

// Status is a snapshot for the page.
type Status struct {
	Link      Link
	Attempt   int       // reconnect attempt, 0 when connected or connecting first
	NextRetry time.Time // when Disconnected and a retry is planned
	Reason    string    // why the link is down, in plain words; kept while retrying
	// Why is Reason kept for the cashier's language (terminal.UserError);
	// nil where Reason is the till's own ("stopped").
	Why      *words.Error
	Terminal string

	InFlight      *journal.Record // the transaction in flight, if any
	InFlightSince time.Time
	// Held is the reference of a transaction prepared but not sent: its
	// entry is pending in the journal and is not an unknown outcome.
	Held       string
	Recovering bool
}

// Till is the cashier's transaction runner.
type Till struct {
	cfg  Config
	logf func(format string, args ...any)

	// sem is the one-in-flight guard for requests on the terminal,
	// charges and inquiries alike.
	sem chan struct{}
	// freed is closed, and replaced, when the guard is released: what
	// recovery waits on instead of the guard itself (see settle).
	freedMu sync.Mutex
	freed   chan struct{}

	mu        sync.Mutex
	status    Status
	client    *terminal.Client
	dial      Dialer
	frames    *[]journal.Frame // collects frames while a request is in flight
	kick      chan struct{}    // reconnect now
	recoverCh chan struct{}    // run recovery now
	cancel    context.CancelFunc
	loops     sync.WaitGroup // every goroutine Start started
}

// New makes a till; Start connects it.
func New(cfg Config) *Till {
	if cfg.RetryInquiry <= 0 {
		cfg.RetryInquiry = 3 * time.Second
	}
	if cfg.PrepareHold <= 0 {
		cfg.PrepareHold = time.Minute
	}
	if cfg.Logf == nil {
		cfg.Logf = log.Printf
	}
	if cfg.Evidence == nil {
		cfg.Evidence = &MemoryEvidence{}
	}
	return &Till{
		cfg:       cfg,
		logf:      cfg.Logf,
		sem:       make(chan struct{}, 1),
		dial:      cfg.Dial,
		status:    Status{Terminal: cfg.Terminal},
		kick:      make(chan struct{}, 1),
		recoverCh: make(chan struct{}, 1),
	}
}

// Profile is the profile the till runs with.
func (t *Till) Profile() *pos.Profile { return t.cfg.Profile }

// Journal is the till's journal.
func (t *Till) Journal() journal.Store { return t.cfg.Journal }

// Status returns a snapshot of the till's state.
func (t *Till) Status() Status {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := t.status
	if s.InFlight != nil {
		r := *s.InFlight
		s.InFlight = &r
	}
	return s
}

func (t *Till) changed() {
	if t.cfg.OnChange != nil {
		t.cfg.OnChange()
	}
}

func (t *Till) update(f func(s *Status)) {
	t.mu.Lock()
	f(&t.status)
	t.mu.Unlock()
	t.changed()
}

// Start connects to the terminal and keeps reconnecting until Stop. A
// till starts once.
func (t *Till) Start(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	t.mu.Lock()
	t.cancel = cancel
	t.mu.Unlock()
	t.loops.Add(2)
	go func() { defer t.loops.Done(); t.linkLoop(ctx) }()
	go func() { defer t.loops.Done(); t.recoverLoop(ctx) }()
}

// Stop closes the connection and stops reconnecting. It returns once the
// till's own goroutines have ended, recovery included, so that the next
// till never runs beside this one. A transaction in flight ends as
// unknown, and recovery, by the next till, asks the terminal about it.
func (t *Till) Stop() {
	t.mu.Lock()
	cancel, c := t.cancel, t.client
	t.mu.Unlock()
	if cancel == nil {
		return
	}
	cancel()
	if c != nil {
		c.Close()
	}
	t.loops.Wait()
}

// ReconnectNow skips the wait before the next reconnect attempt.
func (t *Till) ReconnectNow() {
	select {
	case t.kick <- struct{}{}:
	default:
	}
}

// TriggerRecovery asks the till to settle unresolved transactions now.
func (t *Till) TriggerRecovery() {
	select {
	case t.recoverCh <- struct{}{}:
	default:
	}
}

func (t *Till) currentClient() *terminal.Client {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.client
}

// onEvent records frames of the request in flight and passes every event
// on to the console.
func (t *Till) onEvent(e terminal.Event) {
	t.mu.Lock()
	if t.frames != nil {
		kind := e.Frame.Kind.String()
		if e.Dir == terminal.Out {
			kind = "request"
		}
		if e.Err != nil {
			kind = "refused: " + e.Err.Error()
		}
		*t.frames = append(*t.frames, journal.Frame{Time: e.Time, Dir: string(e.Dir), Kind: kind, Raw: string(e.Frame.Raw)})
	}
	t.mu.Unlock()
	if t.cfg.OnEvent != nil {
		t.cfg.OnEvent(e)
	}
}

// collector gathers the frames of the request in flight for the journal.
type collector struct {
	t   *Till
	buf []journal.Frame
}

// collect starts collecting frames until stop.
func (t *Till) collect() *collector {
	c := &collector{t: t}
	t.mu.Lock()
	t.frames = &c.buf
	t.mu.Unlock()
	return c
}

// take returns the frames so far and keeps collecting.
func (c *collector) take() []journal.Frame {
	c.t.mu.Lock()
	defer c.t.mu.Unlock()
	out := c.buf
	c.buf = nil
	return out
}

func (c *collector) stop() {
	c.t.mu.Lock()
	defer c.t.mu.Unlock()
	if c.t.frames == &c.buf {
		c.t.frames = nil
	}
}

func (t *Till) linkLoop(ctx context.Context) {
	attempt := 0
	for {
		t.mu.Lock()
		dial := t.dial
		t.mu.Unlock()
		t.update(func(s *Status) {
			s.Link, s.Attempt, s.NextRetry = Connecting, attempt, time.Time{}
			// A retry keeps the last failure's reason: the cashier reads
			// it while the next attempt runs, not only between attempts.
			if attempt == 0 {
				s.Reason, s.Why = "", nil
			}
		})
		dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		c, err := dial(dctx, &terminal.Options{OnEvent: t.onEvent})
		cancel()
		if ctx.Err() != nil {
			if c != nil {
				c.Close()
			}
			t.update(func(s *Status) { s.Link, s.Reason, s.Why = Disconnected, "stopped", nil })
			return
		}
		if err == nil {
			attempt = 0
			t.mu.Lock()
			t.client = c
			t.mu.Unlock()
			t.update(func(s *Status) { s.Link, s.Attempt, s.Reason, s.Why = Ready, 0, "", nil })
			t.TriggerRecovery()
			select {
			case <-c.Done():
				err = c.Err()
			case <-ctx.Done():
				c.Close()
			}
			t.mu.Lock()
			t.client = nil
			t.mu.Unlock()
			if ctx.Err() != nil {
				t.update(func(s *Status) { s.Link, s.Reason, s.Why = Disconnected, "stopped", nil })
				return
			}
			t.logf("terminal connection ended: %v", err)
			// The cashier reads why: the terminal's silence, when the
			// till dropped it for that (exchange), else a lost connection.
			err = fmt.Errorf("%w: %w", terminal.ErrDisconnected, err)
		} else {
			t.logf("failed to connect to the terminal (attempt %d): %v", attempt, err)
		}
		wait := Backoff(attempt, random())
		attempt++
		why := terminal.UserError(err)
		reason := why.Error()
		t.update(func(s *Status) {
			s.Link, s.Attempt, s.Reason, s.Why, s.NextRetry = Disconnected, attempt, reason, why, time.Now().Add(wait)
		})
		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-t.kick:
			timer.Stop()
		case <-ctx.Done():
			timer.Stop()
			t.update(func(s *Status) { s.Link, s.Reason, s.Why = Disconnected, "stopped", nil })
			return
		}
	}
}

func random() float64 {
	n, err := rand.Int(rand.Reader, big.NewInt(1<<53))
	if err != nil {
		return 0.5
	}
	return float64(n.Int64()) / (1 << 53)
}

// NewReference is a reference for a new transaction, the till's and the
// Console's templates' alike.
func NewReference() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return pos.NewReference(time.Now(), b)
}
