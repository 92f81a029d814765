package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/lanepay/lanepay/server/static"
	"github.com/lanepay/lanepay/server/terminalsim"
	"github.com/lanepay/lanepay/web"
)

// daemon is the running server: the static site and, optionally, the
// simulated terminal. Tests start it exactly as main does.
type daemon struct {
	log  *slog.Logger
	ln   net.Listener
	http *http.Server
	sim  *terminalsim.Simulator
	done chan error
}

func start(ctx context.Context, cfg config, log *slog.Logger) (*daemon, error) {
	var bundle fs.FS = web.Dist()
	if cfg.Dir != "" {
		bundle = os.DirFS(cfg.Dir)
	}
	site, err := static.New(bundle)
	if err != nil {
		return nil, err
	}
	d := &daemon{log: log, done: make(chan error, 1)}
	if cfg.Sim {
		d.sim = terminalsim.New(terminalsim.Config{
			WSAddr:  cfg.SimWS,
			TCPAddr: cfg.SimTCP,
			Delay:   cfg.SimDelay,
			Fault:   terminalsim.Fault(cfg.SimFault),
			Logger:  log.With("component", "terminalsim"),
		})
		if err := d.sim.Start(ctx); err != nil {
			return nil, fmt.Errorf("failed to start the simulated terminal: %w", err)
		}
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.Handle("/", site)

	d.ln, err = net.Listen("tcp", cfg.Addr)
	if err != nil {
		d.closeSim()
		return nil, fmt.Errorf("failed to listen on %s: %w", cfg.Addr, err)
	}
	d.http = &http.Server{
		Handler:           logRequests(log, mux),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go func() { d.done <- d.http.Serve(d.ln) }()
	log.Info("serving", "url", d.URL())
	return d, nil
}

// URL is where a browser opens the app.
func (d *daemon) URL() string { return "http://" + d.ln.Addr().String() }

func (d *daemon) closeSim() {
	if d.sim != nil {
		if err := d.sim.Close(); err != nil {
			d.log.Error("failed to stop the simulated terminal", "err", err)
		}
	}
}

// Close stops serving, letting requests in progress finish until ctx ends.
func (d *daemon) Close(ctx context.Context) error {
	err := d.http.Shutdown(ctx)
	if serr := <-d.done; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	d.closeSim()
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
