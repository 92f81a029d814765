package bridge

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"
)

// Defaults for Config's zero values.
const (
	DefaultMaxMessage   = 64 << 10
	DefaultIdleTimeout  = 10 * time.Minute
	DefaultDialTimeout  = 5 * time.Second
	DefaultMaxPerTarget = 1
	DefaultPingInterval = 30 * time.Second
	DefaultQuietFlush   = 200 * time.Millisecond
	// DefaultTerminalKeepAlive finds a terminal gone silently (its link
	// down) within 15 s: the page then shows Disconnected.
	DefaultTerminalKeepAlive = 15 * time.Second
)

// Config configures a Bridge. Zero values mean the defaults.
type Config struct {
	// Allow is what may be reached; nil refuses everything.
	Allow *AllowList
	// Hosts are the names and addresses of the server that a request's
	// Host header may name, besides loopback and the address the request
	// came in on, which are always allowed; the port must be the one it
	// came in on. nil allows only those.
	Hosts *HostList
	// MaxMessage is the largest message relayed either way, in bytes.
	MaxMessage int
	// IdleTimeout closes a connection with no message either way for
	// this long.
	IdleTimeout time.Duration
	// DialTimeout bounds resolving and connecting to the terminal, and
	// its WebSocket handshake.
	DialTimeout time.Duration
	// MaxPerTarget is how many bridge connections one terminal address
	// may have at once.
	MaxPerTarget int
	// PingInterval is how often the page is pinged; it must answer within
	// the same time. Negative disables pings.
	PingInterval time.Duration
	// QuietFlush is how long a TCP terminal's unfinished text line waits
	// for its newline before it is delivered as it is.
	QuietFlush time.Duration
	// TerminalKeepAlive is about how long a terminal gone without a word
	// (no FIN: its link cut) takes to be noticed, by TCP keepalive, and
	// the page told. Negative turns it off.
	TerminalKeepAlive time.Duration
	// Resolver resolves names; nil means net.DefaultResolver.
	Resolver Resolver
	Logger   *slog.Logger // nil means slog.Default()
}

func (c Config) withDefaults() Config {
	if c.Allow == nil {
		c.Allow = &AllowList{}
	}
	if c.Hosts == nil {
		c.Hosts = &HostList{}
	}
	if c.MaxMessage <= 0 {
		c.MaxMessage = DefaultMaxMessage
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.DialTimeout <= 0 {
		c.DialTimeout = DefaultDialTimeout
	}
	if c.MaxPerTarget <= 0 {
		c.MaxPerTarget = DefaultMaxPerTarget
	}
	if c.PingInterval == 0 {
		c.PingInterval = DefaultPingInterval
	}
	if c.QuietFlush <= 0 {
		c.QuietFlush = DefaultQuietFlush
	}
	if c.TerminalKeepAlive == 0 {
		c.TerminalKeepAlive = DefaultTerminalKeepAlive
	}
	if c.Resolver == nil {
		c.Resolver = net.DefaultResolver
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	return c
}

// Bridge is the http.Handler of the bridge URL. It is safe for concurrent
// use.
type Bridge struct {
	cfg   Config
	log   *slog.Logger
	slots *slots

	// ctx ends when the bridge closes: every relay ends with 1001.
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
	active atomic.Int64
}

// New makes a bridge.
func New(cfg Config) *Bridge {
	cfg = cfg.withDefaults()
	b := &Bridge{cfg: cfg, log: cfg.Logger, slots: newSlots(cfg.MaxPerTarget)}
	b.ctx, b.cancel = context.WithCancel(context.Background())
	return b
}

// Config is the bridge's configuration, defaults filled in.
func (b *Bridge) Config() Config { return b.cfg }

// Active is the number of requests being handled: relays, and upgrades in
// progress.
func (b *Bridge) Active() int { return int(b.active.Load()) }

// Close ends every relay (the page gets 1001) and waits for their
// goroutines; requests arriving afterwards get 503. http.Server.Shutdown
// does not wait for hijacked connections: call Close after it.
func (b *Bridge) Close() error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.cancel()
	b.wg.Wait()
	return nil
}

func (b *Bridge) enter() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.wg.Add(1)
	b.active.Add(1)
	return true
}

func (b *Bridge) leave() {
	b.active.Add(-1)
	b.wg.Done()
}

func (b *Bridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !b.enter() {
		http.Error(w, "the server is shutting down", http.StatusServiceUnavailable)
		return
	}
	defer b.leave()
	log := b.log.With("remote", r.RemoteAddr)
	// First, before anything is dialled: a page whose URL names another
	// host (DNS rebinding) passes the Origin check, since its Origin and
	// Host agree.
	if err := b.cfg.Hosts.Check(r.Host, localAddr(r), r.TLS != nil); err != nil {
		log.Warn("bridge refused a request for another host", "host", r.Host, "origin", r.Header.Get("Origin"), "err", err)
		http.Error(w, err.Error(), http.StatusForbidden)
		return
	}
	if !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		w.Header().Set("Upgrade", "websocket")
		http.Error(w, "the bridge speaks WebSocket: new WebSocket(\"ws://HOST/bridge?target=HOST:PORT\")", http.StatusUpgradeRequired)
		return
	}
	// Checked before anything is dialled, so that another site's page
	// cannot make the server connect anywhere; Accept checks it again. The
	// Host check above is what makes it mean the server's own origin.
	if err := checkOrigin(r); err != nil {
		log.Warn("bridge refused a cross-origin page", "origin", r.Header.Get("Origin"), "host", r.Host, "err", err)
		http.Error(w, "cross-origin bridge connections are refused", http.StatusForbidden)
		return
	}
	q := r.URL.Query()
	var target Target
	term, release, end := b.connect(r.Context(), q.Get("target"), q.Get("type"), &target)
	page, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// Same-origin only: no OriginPatterns, and verification on.
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		log.Warn("bridge failed the WebSocket handshake", "err", err)
		if term != nil {
			term.close("the page's handshake failed")
			release()
		}
		return
	}
	if end != nil {
		log.Warn("bridge refused", "target", q.Get("target"), "type", q.Get("type"), "code", int(end.code), "reason", end.reason)
		page.Close(end.code, clip(end.reason))
		return
	}
	defer release()
	// The size limit is the bridge's own, so that an over-size message is
	// dropped and the connection kept (coder/websocket's would close it).
	page.SetReadLimit(-1)
	log = log.With("target", target.String())
	log.Info("bridge connected")
	s := &session{b: b, page: page, term: term, t0: time.Now()}
	e := s.run()
	log.Info("bridge closed", "code", int(e.code), "reason", e.reason, "by_page", e.byPage,
		"to_terminal", s.up.Load(), "to_page", s.down.Load(), "dur", time.Since(s.t0).Round(time.Millisecond))
}

// connect parses, resolves, checks and dials the target. On failure, end
// says how to close the page; release frees the terminal's slot.
func (b *Bridge) connect(reqCtx context.Context, rawTarget, typ string, target *Target) (term terminal, release func(), end *ending) {
	release = func() {}
	t, err := ParseTarget(rawTarget, typ)
	if err != nil {
		return nil, release, &ending{code: CodeBadTarget, reason: "bad target: " + err.Error()}
	}
	*target = t
	// Bounded by the dial timeout, the bridge's life and the page's request.
	ctx, cancel := context.WithTimeout(b.ctx, b.cfg.DialTimeout)
	defer cancel()
	defer context.AfterFunc(reqCtx, cancel)()
	addrs, err := resolve(ctx, b.cfg.Resolver, b.cfg.Allow, t)
	var refused *RefusedError
	switch {
	case errors.As(err, &refused):
		return nil, release, &ending{code: CodeRefused, reason: "target refused: " + err.Error()}
	case err != nil:
		return nil, release, &ending{code: CodeCannotDial, reason: "could not connect: " + err.Error()}
	}
	if !b.slots.acquire(addrs) {
		return nil, release, &ending{code: CodeBusy, reason: fmt.Sprintf("terminal busy: %s already has %d bridge connection(s)", t.Addr(), b.cfg.MaxPerTarget)}
	}
	release = func() { b.slots.release(addrs) }
	switch t.Kind {
	case WebSocket:
		term, err = dialWS(ctx, t, addrs, b.cfg.MaxMessage, keepAlive(b.cfg.TerminalKeepAlive))
	default:
		term, err = dialTCP(ctx, addrs, b.cfg.MaxMessage, b.cfg.QuietFlush, keepAlive(b.cfg.TerminalKeepAlive))
	}
	if err != nil {
		release()
		if b.ctx.Err() != nil {
			return nil, func() {}, &ending{code: websocket.StatusGoingAway, reason: "server shutting down"}
		}
		return nil, func() {}, &ending{code: CodeCannotDial, reason: "could not connect to " + t.Addr() + ": " + dialReason(err)}
	}
	return term, release, nil
}

// dialReason shortens a dial error for a close reason: the net package's
// errors repeat the address the reason already names.
func dialReason(err error) string {
	var op *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &op) && op.Err != nil:
		return op.Err.Error()
	}
	return err.Error()
}

// localAddr is the address the request came in on; zero when the handler
// is not served by net/http.
func localAddr(r *http.Request) netip.AddrPort {
	if a, ok := r.Context().Value(http.LocalAddrContextKey).(*net.TCPAddr); ok {
		return a.AddrPort()
	}
	return netip.AddrPort{}
}

// checkOrigin lets through requests without an Origin (not browsers) and
// those whose Origin names the host they were sent to, as
// websocket.Accept does by default.
func checkOrigin(r *http.Request) error {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return nil
	}
	u, err := url.Parse(origin)
	if err != nil {
		return fmt.Errorf("failed to parse Origin %q: %w", origin, err)
	}
	if u.Host == "" || !strings.EqualFold(u.Host, r.Host) {
		return fmt.Errorf("origin %q is not this server (%s)", origin, r.Host)
	}
	return nil
}
