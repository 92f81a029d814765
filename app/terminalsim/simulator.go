package terminalsim

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for Config's zero values.
const (
	// DefaultWSAddr is the vendor's documented port.
	DefaultWSAddr = "127.0.0.1:5000"
	// DefaultTCPAddr is next to it: a real terminal serves one transport
	// on 5000, the simulator both at once.
	DefaultTCPAddr = "127.0.0.1:5001"
	// DefaultDelay is a plausible card-present processing time. Config.Delay
	// has no default (zero means no delay): callers that want it say so.
	DefaultDelay      = 1500 * time.Millisecond
	DefaultSlowDelay  = 30 * time.Second
	DefaultMaxMessage = 64 << 10
	DefaultTID        = "LANESIM1"
	DefaultMID        = "LANEPAYSIM00001"
)

// Off as Config.WSAddr or Config.TCPAddr disables that listener. It is not
// "" because "" means the default address, as every zero value here does.
// With WSAddr off, Handler still serves WebSocket clients wherever the
// caller mounts it.
const Off = "off"

// Config configures a Simulator. Zero values mean the defaults above,
// except Delay and Fault.
type Config struct {
	WSAddr  string // WebSocket (and GET /ledger) listen address; Off disables
	TCPAddr string // TCP listen address; Off disables
	// Delay is how long processing a financial request or a settlement
	// takes. Zero means none (tests); use DefaultDelay for realism.
	Delay time.Duration
	// Fault, if set, applies to every financial request; otherwise faults
	// are chosen by amount (see Fault).
	Fault Fault
	// SlowDelay is FaultSlow's processing time.
	SlowDelay time.Duration
	// MaxMessage is the largest request accepted, in bytes, and what
	// FaultOversize exceeds. A larger one is refused with a plain-text
	// "ERROR: message too large" line; over WebSocket the connection stays
	// open, over TCP it closes (the stream cannot be resynchronised inside
	// an object).
	MaxMessage int
	TID, MID   string
	Logger     *slog.Logger // nil means slog.Default()

	// Dialect is the wire format the terminal speaks, on both transports;
	// nil means DefaultDialect(). Start refuses an invalid one.
	Dialect *Dialect
	// NoRefEcho makes answers leave out the request's reference field. The
	// terminal still keeps references, refuses duplicates and finds them
	// by status inquiry.
	NoRefEcho bool
	// IgnoresRefs makes the terminal drop the reference and original
	// reference fields, as a terminal that ignores unknown fields does: it
	// never echoes nor keeps a reference, so duplicates are not refused and
	// a status inquiry always answers not found; a void, refund or
	// completion can only name its original by an identifier (see
	// Dialect.OriginalIDs).
	IgnoresRefs bool
}

// withDefaults fills in zero values.
func (c Config) withDefaults() Config {
	def := func(s *string, d string) {
		if *s == "" {
			*s = d
		}
	}
	def(&c.WSAddr, DefaultWSAddr)
	def(&c.TCPAddr, DefaultTCPAddr)
	def(&c.TID, DefaultTID)
	def(&c.MID, DefaultMID)
	if c.SlowDelay <= 0 {
		c.SlowDelay = DefaultSlowDelay
	}
	if c.MaxMessage <= 0 {
		c.MaxMessage = DefaultMaxMessage
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Simulator is a simulated payment terminal serving a dialect over
// WebSocket and TCP. It is safe for concurrent use.
type Simulator struct {
	cfg     Config
	log     *slog.Logger
	dialect Dialect // as configured; the terminal's may lack the references
	term    *terminal

	delay   atomic.Int64 // time.Duration
	fault   atomic.Value // Fault
	clients atomic.Int64 // connected now, over both transports

	// ctx ends when the simulator closes: it stops processing, and
	// connections are closed when it ends.
	ctx    context.Context
	cancel context.CancelFunc
	group  group

	shutdownOnce sync.Once

	mu        sync.Mutex
	started   bool
	wsAddr    string
	tcpAddr   string
	http      *http.Server
	stopOnCtx func() bool // undoes Start's link to its context
}

// New makes a simulator; Start makes it listen. Its Handler works without
// Start.
func New(cfg Config) *Simulator {
	cfg = cfg.withDefaults()
	d := DefaultDialect()
	if cfg.Dialect != nil {
		d = cfg.Dialect.clone()
	}
	wire := d.clone()
	if cfg.IgnoresRefs {
		wire = wire.withoutReferences()
	}
	term := newTerminal(cfg.TID, cfg.MID)
	term.d, term.echoRef = &wire, !cfg.NoRefEcho
	s := &Simulator{
		cfg:     cfg,
		log:     cfg.Logger.With("component", "terminalsim"),
		dialect: d,
		term:    term,
	}
	s.delay.Store(int64(cfg.Delay))
	s.fault.Store(cfg.Fault)
	s.ctx, s.cancel = context.WithCancel(context.Background())
	return s
}

// Start listens on the configured addresses and returns once listening.
// Cancelling ctx later stops the simulator as Close does, but only Close
// waits for it to have stopped.
func (s *Simulator) Start(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.started:
		return errors.New("terminalsim: already started")
	case s.ctx.Err() != nil:
		return errors.New("terminalsim: closed")
	}
	if err := s.dialect.Validate(); err != nil {
		return fmt.Errorf("terminalsim: %w", err)
	}
	var lc net.ListenConfig
	var wsLn, tcpLn net.Listener
	var err error
	if s.cfg.WSAddr != Off {
		if wsLn, err = lc.Listen(ctx, "tcp", s.cfg.WSAddr); err != nil {
			return fmt.Errorf("terminalsim: listen for WebSocket on %s: %w", s.cfg.WSAddr, err)
		}
	}
	if s.cfg.TCPAddr != Off {
		if tcpLn, err = lc.Listen(ctx, "tcp", s.cfg.TCPAddr); err != nil {
			if wsLn != nil {
				wsLn.Close()
			}
			return fmt.Errorf("terminalsim: listen for TCP on %s: %w", s.cfg.TCPAddr, err)
		}
	}
	s.started = true
	if wsLn != nil {
		s.wsAddr = wsLn.Addr().String()
		s.http = &http.Server{
			Handler: s.Handler(),
			// A LAN device still should not let a stalled client hold a
			// connection before it even sent its headers.
			ReadHeaderTimeout: 10 * time.Second,
			ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		}
		srv := s.http
		s.group.Go(func() {
			if err := srv.Serve(wsLn); err != nil && !errors.Is(err, http.ErrServerClosed) {
				s.log.Error("terminal WebSocket server stopped", "err", err)
			}
		})
	}
	if tcpLn != nil {
		s.tcpAddr = tcpLn.Addr().String()
		s.group.Go(func() { s.serveTCP(tcpLn) })
	}
	s.stopOnCtx = context.AfterFunc(ctx, s.shutdown)
	s.log.Info(WaitingMessage, "ws", s.wsAddr, "tcp", s.tcpAddr, "tid", s.cfg.TID, "mid", s.cfg.MID)
	return nil
}

// WSAddr is the WebSocket listener's actual address, "" if not listening.
func (s *Simulator) WSAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.wsAddr
}

// TCPAddr is the TCP listener's actual address, "" if not listening.
func (s *Simulator) TCPAddr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tcpAddr
}

// Dialect is the wire format the simulator was configured with.
func (s *Simulator) Dialect() Dialect { return s.dialect.clone() }

// Clients is how many clients are connected now, over both transports:
// a client that connected twice, or two tills of one page, show here.
func (s *Simulator) Clients() int { return int(s.clients.Load()) }

// connected counts a client in; the returned func counts it out.
func (s *Simulator) connected() func() {
	s.clients.Add(1)
	return func() { s.clients.Add(-1) }
}

// Ledger copies the transactions processed so far, in order.
func (s *Simulator) Ledger() []Entry { return s.term.entries() }

// Fault is the fault applied to every financial request.
func (s *Simulator) Fault() Fault { return s.fault.Load().(Fault) }

// SetDelay changes the processing time of requests received from now on.
func (s *Simulator) SetDelay(d time.Duration) { s.delay.Store(int64(d)) }

// Delay is the current processing time.
func (s *Simulator) Delay() time.Duration { return time.Duration(s.delay.Load()) }

// shutdown stops everything without waiting: the listeners close, and every
// connection closes as its goroutine sees ctx end.
// It runs once: Close waits for a run that Start's context began.
func (s *Simulator) shutdown() { s.shutdownOnce.Do(s.stop) }

func (s *Simulator) stop() {
	s.cancel()
	s.mu.Lock()
	srv := s.http
	s.mu.Unlock()
	if srv != nil {
		// Closes the listener and connections not yet upgraded; upgraded
		// ones are hijacked and closed by their handlers.
		if err := srv.Close(); err != nil {
			s.log.Warn("terminal WebSocket server close", "err", err)
		}
	}
}

// Close stops the simulator: it closes the listeners and every connection
// (WebSocket clients get a going-away close frame), abandons requests in
// processing, and waits for all its goroutines. A WebSocket client that does
// not answer the close frame can make Close wait a few seconds. Close may be
// called more than once.
func (s *Simulator) Close() error {
	s.shutdown()
	s.group.closeAndWait()
	s.mu.Lock()
	stop := s.stopOnCtx
	s.mu.Unlock()
	if stop != nil {
		stop()
	}
	return nil
}
