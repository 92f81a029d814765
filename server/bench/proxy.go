package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/coder/websocket"
)

// clock is the bench's one time base: milliseconds on the monotonic clock
// since the bench started. Pages are mapped onto it by calibrate.
type clock struct{ origin time.Time }

func newClock() *clock { return &clock{origin: time.Now()} }

// now is the time in milliseconds since the clock's origin.
func (c *clock) now() float64 { return float64(time.Since(c.origin)) / float64(time.Millisecond) }

// frame is one WebSocket message through the proxy. Received is when the
// proxy had read all of it, Sent when it had written it on: a request
// "arrives at the terminal" when received from the page, an outcome
// "leaves for the page" when sent to it. Loopback adds microseconds on
// either side.
type frame struct {
	Conn           int  // the connection, counted from 1
	ToTerminal     bool // page → terminal
	Received, Sent float64
	Data           []byte
}

// fields decodes a JSON object frame's string fields; nil for anything
// else (greetings are objects too, plain-text acknowledgements are not).
func (f frame) fields() map[string]string {
	var m map[string]any
	if json.Unmarshal(f.Data, &m) != nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// recordingProxy sits between pages and the simulated terminal, relays
// every message unchanged both ways, and records when each one passed. The
// terminal has no hook of its own; the proxy is its doorstep.
type recordingProxy struct {
	target string // ws://HOST:PORT of the terminal, no path
	clk    *clock
	ln     net.Listener
	srv    *http.Server
	// ctx ends when the proxy closes: connections through it are hijacked,
	// out of the HTTP server's sight, and end with it.
	ctx    context.Context
	cancel context.CancelFunc

	mu     sync.Mutex
	conns  int
	frames []frame
	wg     sync.WaitGroup
}

// startProxy listens on addr (loopback) in front of the terminal at target.
func startProxy(addr, target string, clk *clock) (*recordingProxy, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	p := &recordingProxy{target: target, clk: clk, ln: ln}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	p.srv = &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	go p.srv.Serve(ln)
	return p, nil
}

// Addr is where pages connect: HOST:PORT.
func (p *recordingProxy) Addr() string { return p.ln.Addr().String() }

// Close stops the proxy and every connection through it.
func (p *recordingProxy) Close() error {
	p.cancel()
	err := p.srv.Close()
	p.wg.Wait()
	return err
}

// Frames copies what has passed so far, in the order the proxy received
// it. (A frame is noted once written on, so the terminal's answer can be
// noted before the request it answers.)
func (p *recordingProxy) Frames() []frame {
	p.mu.Lock()
	out := append([]frame(nil), p.frames...)
	p.mu.Unlock()
	slices.SortStableFunc(out, func(a, b frame) int { return cmp.Compare(a.Received, b.Received) })
	return out
}

// Reset forgets the frames recorded so far.
func (p *recordingProxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frames = nil
}

func (p *recordingProxy) record(f frame) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frames = append(p.frames, f)
}

func (p *recordingProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.wg.Add(1)
	defer p.wg.Done()
	page, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		// Pages come from the servers' origins, on other ports.
		InsecureSkipVerify: true,
		CompressionMode:    websocket.CompressionDisabled,
	})
	if err != nil {
		return
	}
	defer page.CloseNow()
	page.SetReadLimit(1 << 20)
	ctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	term, _, err := websocket.Dial(ctx, p.target+r.URL.Path, &websocket.DialOptions{CompressionMode: websocket.CompressionDisabled})
	if err != nil {
		page.Close(websocket.StatusInternalError, "proxy: terminal unreachable")
		return
	}
	defer term.CloseNow()
	term.SetReadLimit(1 << 20)
	p.mu.Lock()
	p.conns++
	id := p.conns
	p.mu.Unlock()

	// Either side's end, or the proxy's, ends both.
	done := make(chan struct{}, 2)
	go func() { p.pump(ctx, id, page, term, true); done <- struct{}{} }()
	go func() { p.pump(ctx, id, term, page, false); done <- struct{}{} }()
	<-done
	cancel()
	page.CloseNow()
	term.CloseNow()
	<-done
}

// pump relays messages from one side to the other until either fails.
func (p *recordingProxy) pump(ctx context.Context, id int, from, to *websocket.Conn, toTerminal bool) {
	for {
		typ, data, err := from.Read(ctx)
		if err != nil {
			return
		}
		received := p.clk.now()
		err = to.Write(ctx, typ, data)
		sent := p.clk.now()
		p.record(frame{Conn: id, ToTerminal: toTerminal, Received: received, Sent: sent, Data: data})
		if err != nil {
			return
		}
	}
}

// errNoFrame says the proxy saw no request or outcome for a reference.
var errNoFrame = errors.New("no such frame through the proxy")

// exchange finds the sale request with this REF_NO (page → terminal) and
// the outcome that answers it (terminal → page, with a result code): the
// time the request reached the terminal's doorstep and the time the
// outcome left it for the page.
func exchange(frames []frame, ref string) (request, outcome frame, err error) {
	var haveReq, haveOut bool
	for _, f := range frames {
		m := f.fields()
		if m == nil || m["REF_NO"] != ref {
			continue
		}
		switch {
		case f.ToTerminal && !haveReq:
			request, haveReq = f, true
		case !f.ToTerminal && haveReq && !haveOut && m["RESP_CODE"] != "":
			outcome, haveOut = f, true
		}
	}
	if !haveReq || !haveOut {
		return request, outcome, errNoFrame
	}
	return request, outcome, nil
}
