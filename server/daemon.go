package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/server/bridge"
	"github.com/lanepay/lanepay/server/static"
	"github.com/lanepay/lanepay/server/tlscert"
	"github.com/lanepay/lanepay/web"
)

// daemon is the running server: the static site and, optionally, the
// simulated terminal and the bridge. Tests start it exactly as main does.
type daemon struct {
	log    *slog.Logger
	ln     net.Listener
	http   *http.Server
	sim    *terminalsim.Simulator
	bridge *bridge.Bridge
	tls    *tlsInfo // nil without -tls
	done   chan error
}

// tlsInfo is what the operator needs to know about the certificate.
type tlsInfo struct {
	leaf *x509.Certificate
	own  *tlscert.Result // nil with -cert and -key
}

// caPath is where the server hands out its own CA's certificate, for
// tablets to trust (it is public; only its key is secret).
const caPath = "/lanepay-ca.crt"

func start(ctx context.Context, cfg config, log *slog.Logger) (*daemon, error) {
	var bundle fs.FS = web.Dist()
	if cfg.Dir != "" {
		bundle = os.DirFS(cfg.Dir)
	}
	site, err := static.New(bundle, static.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	d := &daemon{log: log, done: make(chan error, 1)}
	var tlsConfig *tls.Config
	if cfg.TLS {
		if tlsConfig, err = d.setUpTLS(cfg); err != nil {
			return nil, err
		}
	}
	if cfg.Sim {
		d.sim = terminalsim.New(terminalsim.Config{
			WSAddr:  cfg.SimWS,
			TCPAddr: cfg.SimTCP,
			Delay:   cfg.SimDelay,
			Fault:   terminalsim.Fault(cfg.SimFault),
			Logger:  log, // it adds its own component attribute
		})
		if err := d.sim.Start(ctx); err != nil {
			return nil, fmt.Errorf("failed to start the simulated terminal: %w", err)
		}
	}
	if cfg.Bridge {
		if err := d.setUpBridge(cfg); err != nil {
			d.closeSim()
			return nil, err
		}
	} else {
		if cfg.Allow.Len() > 0 {
			log.Warn("-allow has no effect without -bridge")
		}
		if len(cfg.Hosts) > 0 {
			log.Warn("-host has no effect without -bridge")
		}
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /bridge/info", d.serveBridgeInfo)
	if d.bridge != nil {
		mux.Handle("/bridge", d.bridge)
	} else {
		// Without this the shell would answer, and the page's WebSocket
		// would fail with no reason.
		mux.HandleFunc("/bridge", func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "the bridge is off: start lanepay with -bridge", http.StatusNotFound)
		})
	}
	if d.tls != nil && d.tls.own != nil {
		ca := d.tls.own.CAPEM
		mux.HandleFunc("GET "+caPath, func(w http.ResponseWriter, r *http.Request) {
			// The type that makes Android and iOS offer to install it.
			w.Header().Set("Content-Type", "application/x-x509-ca-cert")
			w.Header().Set("Cache-Control", "no-cache")
			w.Write(ca)
		})
	}
	mux.Handle("/", site)

	d.ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		d.closeBridgeAndSim()
		return nil, fmt.Errorf("failed to listen on %s: %w", cfg.Addr, err)
	}
	if tlsConfig != nil {
		d.ln = tls.NewListener(d.ln, tlsConfig)
	}
	d.http = &http.Server{
		Handler:           logRequests(log, static.SecurityHeaders(site.CSP(), mux)),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { d.done <- d.http.Serve(d.ln) }()
	log.Info("serving", "url", d.URL(), "bridge", d.bridge != nil, "tls", d.tls != nil)
	return d, nil
}

// setUpTLS loads -cert/-key, or makes or reuses lanepay's own certificate.
func (d *daemon) setUpTLS(cfg config) (*tls.Config, error) {
	var cert tls.Certificate
	if cfg.Cert != "" {
		var err error
		if cert, err = tls.LoadX509KeyPair(cfg.Cert, cfg.Key); err != nil {
			return nil, fmt.Errorf("failed to load -cert %s and -key %s: %w", cfg.Cert, cfg.Key, err)
		}
		d.tls = &tlsInfo{leaf: cert.Leaf}
	} else {
		dir := cfg.TLSDir
		if dir == "" {
			base, err := os.UserConfigDir()
			if err != nil {
				return nil, fmt.Errorf("failed to find the user's config directory (set -tls-dir): %w", err)
			}
			dir = filepath.Join(base, "lanepay")
		}
		r, err := tlscert.Ensure(tlscert.Options{Dir: dir})
		if err != nil {
			return nil, fmt.Errorf("failed to set up lanepay's certificate in %s: %w", dir, err)
		}
		cert = r.Certificate
		d.tls = &tlsInfo{leaf: r.Leaf, own: r}
		d.log.Info("HTTPS certificate", "dir", dir, "new_ca", r.NewCA, "new_cert", r.NewCert,
			"ca_sha256", tlscert.Fingerprint(r.CA.Raw), "names", r.Leaf.DNSNames, "addresses", r.Leaf.IPAddresses, "left_out", r.LeftOut)
	}
	return &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS12,
		// HTTP/1.1 only: browsers open WebSockets over HTTP/1.1 unless the
		// server offers them over HTTP/2 (RFC 8441), which the bridge's
		// WebSocket library does not accept; a handful of static files gain
		// little from HTTP/2 on a LAN.
		NextProtos: []string{"http/1.1"},
	}, nil
}

// setUpBridge makes the bridge, allowing the simulator's addresses when it
// runs.
func (d *daemon) setUpBridge(cfg config) error {
	allow := &bridge.AllowList{}
	if cfg.Allow != nil {
		var err error
		if allow, err = bridge.ParseAllowList(cfg.Allow.String()); err != nil {
			return fmt.Errorf("failed to copy the allow-list: %w", err)
		}
	}
	if d.sim != nil {
		for _, a := range []string{d.sim.WSAddr(), d.sim.TCPAddr()} {
			if a == "" {
				continue
			}
			for _, e := range simEntries(a) {
				if err := allow.Add(e); err != nil {
					return fmt.Errorf("failed to allow the simulator at %s: %w", e, err)
				}
			}
		}
	}
	hosts, err := d.bridgeHosts(cfg)
	if err != nil {
		return err
	}
	d.bridge = bridge.New(bridge.Config{
		Allow:        allow,
		Hosts:        hosts,
		MaxMessage:   cfg.BridgeMaxMessage,
		IdleTimeout:  cfg.BridgeIdle,
		DialTimeout:  cfg.BridgeDialTimeout,
		MaxPerTarget: cfg.BridgeMaxPerTarget,
		Logger:       d.log.With("component", "bridge"),
	})
	d.log.Info("bridge on", "allow", allow.String(), "hosts", hosts.String())
	return nil
}

// bridgeHosts are the names and addresses the bridge answers to, besides
// loopback: -host, the addresses the server listens on, and the names and
// addresses its certificate covers (a browser can reach it by no other
// name without a warning).
func (d *daemon) bridgeHosts(cfg config) (*bridge.HostList, error) {
	hosts, err := bridge.ParseHostList(strings.Join(cfg.Hosts, ","))
	if err != nil {
		return nil, fmt.Errorf("failed to read -host: %w", err)
	}
	if err := hosts.AddListenAddr(cfg.Addr); err != nil {
		return nil, fmt.Errorf("failed to find the addresses the bridge answers to: %w", err)
	}
	if d.tls != nil && d.tls.leaf != nil {
		for _, name := range d.tls.leaf.DNSNames {
			if err := hosts.Add(name); err != nil {
				// A wildcard, most likely: the names it covers are unknown.
				d.log.Warn("the bridge does not answer to a name of the certificate: list the names the shop uses with -host", "name", name, "err", err)
			}
		}
		for _, ip := range d.tls.leaf.IPAddresses {
			if a, ok := netip.AddrFromSlice(ip); ok {
				hosts.AddAddr(a)
			}
		}
	}
	return hosts, nil
}

// simEntries are the exact allow-list entries for a simulator listening at
// addr. One listening on every interface (0.0.0.0 or ::) is reachable on
// loopback and on each of the machine's addresses, at its port.
func simEntries(addr string) []string {
	ap, err := netip.ParseAddrPort(addr)
	if err != nil {
		return nil
	}
	if !ap.Addr().IsUnspecified() {
		return []string{netip.AddrPortFrom(ap.Addr().Unmap(), ap.Port()).String()}
	}
	port := strconv.Itoa(int(ap.Port()))
	out := []string{net.JoinHostPort("127.0.0.1", port), net.JoinHostPort("::1", port)}
	if hosts, err := tlscert.MachineHosts(); err == nil {
		for _, ip := range hosts.IPs {
			if !ip.IsLoopback() {
				out = append(out, net.JoinHostPort(ip.String(), port))
			}
		}
	}
	return out
}

// bridgeInfo is GET /bridge/info: whether the page may use the bridge, and
// its limits. The simulator's addresses are given (as the server sees
// them, that is on its own machine) so that a page can offer them.
type bridgeInfo struct {
	Enabled      bool     `json:"enabled"`
	URL          string   `json:"url,omitempty"`
	MaxMessage   int      `json:"maxMessage,omitempty"`
	IdleTimeout  string   `json:"idleTimeout,omitempty"`
	DialTimeout  string   `json:"dialTimeout,omitempty"`
	MaxPerTarget int      `json:"maxPerTarget,omitempty"`
	Simulator    *simInfo `json:"simulator,omitempty"`
}

type simInfo struct {
	TCP string `json:"tcp,omitempty"` // HOST:PORT
	WS  string `json:"ws,omitempty"`  // ws://HOST:PORT/
}

func (d *daemon) serveBridgeInfo(w http.ResponseWriter, r *http.Request) {
	info := bridgeInfo{}
	if d.bridge != nil {
		c := d.bridge.Config()
		info = bridgeInfo{
			Enabled:      true,
			URL:          "/bridge",
			MaxMessage:   c.MaxMessage,
			IdleTimeout:  c.IdleTimeout.String(),
			DialTimeout:  c.DialTimeout.String(),
			MaxPerTarget: c.MaxPerTarget,
		}
		if d.sim != nil {
			info.Simulator = &simInfo{TCP: d.sim.TCPAddr()}
			if a := d.sim.WSAddr(); a != "" {
				info.Simulator.WS = "ws://" + a + "/"
			}
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	json.NewEncoder(w).Encode(info)
}

// URL is where a browser on this machine opens the app.
func (d *daemon) URL() string {
	scheme := "http"
	if d.tls != nil {
		scheme = "https"
	}
	ap, err := netip.ParseAddrPort(d.ln.Addr().String())
	if err == nil && ap.Addr().IsUnspecified() {
		return scheme + "://" + net.JoinHostPort("localhost", strconv.Itoa(int(ap.Port())))
	}
	return scheme + "://" + d.ln.Addr().String()
}

// LANURLs are where other devices open the app, when the server listens
// on every interface.
func (d *daemon) LANURLs() []string {
	ap, err := netip.ParseAddrPort(d.ln.Addr().String())
	if err != nil || !ap.Addr().IsUnspecified() {
		return nil
	}
	scheme := "http"
	if d.tls != nil {
		scheme = "https"
	}
	hosts, err := tlscert.MachineHosts()
	if err != nil {
		return nil
	}
	var out []string
	for _, ip := range hosts.IPs {
		if !ip.IsLoopback() && (ap.Addr().Is6() || ip.Is4()) {
			out = append(out, scheme+"://"+net.JoinHostPort(ip.String(), strconv.Itoa(int(ap.Port())))+"/")
		}
	}
	return out
}

func (d *daemon) closeSim() {
	if d.sim != nil {
		if err := d.sim.Close(); err != nil {
			d.log.Error("failed to stop the simulated terminal", "err", err)
		}
	}
}

func (d *daemon) closeBridgeAndSim() {
	if d.bridge != nil {
		d.bridge.Close()
	}
	d.closeSim()
}

// Close stops serving, letting requests in progress finish until ctx ends,
// then cutting what is left.
// Bridge connections are hijacked, out of the HTTP server's sight: the
// bridge closes them itself (the pages get 1001).
func (d *daemon) Close(ctx context.Context) error {
	err := d.http.Shutdown(ctx)
	if ctx.Err() != nil {
		// Connections still busy when ctx ended are cut. A browser's
		// speculative connection that never sent a request counts as busy
		// for its first 5 seconds, so a graceful stop alone could fail
		// for nothing.
		d.log.Warn("closing the connections still open", "err", err)
		err = d.http.Close()
	}
	if serr := <-d.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	d.closeBridgeAndSim()
	return err
}

// logRequests logs one line per request at debug level.
func logRequests(log *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !log.Enabled(r.Context(), slog.LevelDebug) {
			next.ServeHTTP(w, r)
			return
		}
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		t0 := time.Now()
		next.ServeHTTP(rec, r)
		log.Debug("request", "method", r.Method, "path", r.URL.Path, "status", rec.status, "dur", time.Since(t0))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (the bridge
// hijacks it for WebSocket).
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }
