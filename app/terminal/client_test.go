//go:build !js

package terminal_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/terminalsim"
)

// These tests run the client against the real simulated terminal over real
// loopback sockets.

func startSim(t *testing.T) *terminalsim.Simulator {
	t.Helper()
	sim := terminalsim.New(terminalsim.Config{
		WSAddr:    "127.0.0.1:0",
		TCPAddr:   "127.0.0.1:0",
		SlowDelay: 300 * time.Millisecond,
		Logger:    slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := sim.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// eventLog collects what the client reports, for assertions.
type eventLog struct {
	mu     sync.Mutex
	events []terminal.Event
}

func (l *eventLog) add(e terminal.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, e)
}

func (l *eventLog) kinds() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	m := map[string]int{}
	for _, e := range l.events {
		switch {
		case e.Err != nil:
			m["refused"]++
		case e.Dir == terminal.In:
			m[e.Frame.Kind.String()]++
		}
	}
	return m
}

func connect(t *testing.T, sim *terminalsim.Simulator, p *pos.Profile) (*terminal.Client, *eventLog) {
	t.Helper()
	log := &eventLog{}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := terminal.Connect(ctx, "ws://"+sim.WSAddr()+"/", p, &terminal.Options{OnEvent: log.add})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, log
}

var refSeq int

func sale(t *testing.T, p *pos.Profile, minor int64) pos.Request {
	t.Helper()
	refSeq++
	st, _ := p.TypeByRole(pos.RoleSale)
	req, err := p.BuildRequest(st.Code, pos.RequestParams{Amount: pos.Amount(minor), Mode: "1", Ref: "T" + strconv.Itoa(refSeq) + strconv.FormatInt(time.Now().UnixNano()%1e6, 10)})
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestClientAgainstSimulator(t *testing.T) {
	sim := startSim(t)
	sim.SetDelay(0)
	tests := []struct {
		name       string
		minor      int64
		stopAfter  time.Duration // press Stop waiting after this long
		wantErr    error
		approved   bool
		wantKinds  []string // classifications that must have been seen
		wantLedger string   // the simulator's state for this ref, "" = not charged
	}{
		{name: "approved", minor: 1234, approved: true, wantLedger: "approved"},
		{name: "declined 51", minor: 1051, wantLedger: "declined"},
		{name: "declined 05", minor: 2005, wantLedger: "declined"},
		{name: "9.01 never answers", minor: 901, stopAfter: 300 * time.Millisecond, wantErr: terminal.ErrStopped},
		{name: "9.02 charges then drops", minor: 902, wantErr: terminal.ErrDisconnected, wantLedger: "approved"},
		{name: "9.03 drops before processing", minor: 903, wantErr: terminal.ErrDisconnected},
		{name: "9.04 ack and echo first", minor: 904, approved: true, wantKinds: []string{"terminal message", "echo"}, wantLedger: "approved"},
		{name: "9.05 malformed frame first", minor: 905, approved: true, wantKinds: []string{"terminal message"}, wantLedger: "approved"},
		{name: "9.06 slow answer", minor: 906, approved: true, wantLedger: "approved"},
		{name: "9.07 over-size frame first", minor: 907, approved: true, wantKinds: []string{"refused"}, wantLedger: "approved"},
	}
	p := pos.DefaultProfile()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, log := connect(t, sim, p)
			req := sale(t, p, tt.minor)
			ctx := context.Background()
			if tt.stopAfter > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithTimeout(ctx, tt.stopAfter)
				defer cancel()
			}
			f, err := c.Do(ctx, req)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if f.Approved != tt.approved {
					t.Errorf("approved = %v, want %v (frame %s)", f.Approved, tt.approved, f.Raw)
				}
				if f.Ref != req.Ref {
					t.Errorf("outcome ref %q, want %q", f.Ref, req.Ref)
				}
			}
			kinds := log.kinds()
			if kinds["notification"] < 1 {
				t.Errorf("no greeting notification seen: %v", kinds)
			}
			for _, k := range tt.wantKinds {
				if kinds[k] == 0 {
					t.Errorf("no %s seen: %v", k, kinds)
				}
			}
			state := ""
			for _, e := range sim.Ledger() {
				if e.Ref == req.Ref {
					state = e.State
				}
			}
			if state != tt.wantLedger {
				t.Errorf("ledger state for %s = %q, want %q", req.Ref, state, tt.wantLedger)
			}
		})
	}
}

func TestClientOneInFlight(t *testing.T) {
	sim := startSim(t)
	sim.SetDelay(300 * time.Millisecond)
	p := pos.DefaultProfile()
	c, _ := connect(t, sim, p)
	first, err := c.Send(context.Background(), sale(t, p, 100))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(context.Background(), sale(t, p, 200)); !errors.Is(err, terminal.ErrInFlight) {
		t.Fatalf("second send while one is in flight: err = %v, want ErrInFlight", err)
	}
	f, err := first.Wait(context.Background())
	if err != nil || !f.Approved {
		t.Fatalf("first sale: %v %v", f.Approved, err)
	}
	if n := len(sim.Ledger()); n != 1 {
		t.Errorf("ledger has %d entries, want 1", n)
	}
	// Once the outcome is in, the next sale goes through.
	if _, err := c.Do(context.Background(), sale(t, p, 300)); err != nil {
		t.Fatal(err)
	}
}

func TestClientTimeout(t *testing.T) {
	sim := startSim(t)
	p := pos.DefaultProfile()
	p.TimeoutSeconds = 1
	c, _ := connect(t, sim, p)
	_, err := c.Do(context.Background(), sale(t, p, 901))
	if !errors.Is(err, terminal.ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
	// The request in flight ended with its timeout: the next one goes.
	if f, err := c.Do(context.Background(), sale(t, p, 100)); err != nil || !f.Approved {
		t.Errorf("the request after the timeout: %v %v", f.Fields, err)
	}
}

func TestConnectRefused(t *testing.T) {
	sim := startSim(t)
	addr := sim.WSAddr()
	sim.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := terminal.Connect(ctx, "ws://"+addr+"/", pos.DefaultProfile(), nil)
	var de *terminal.DialError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a DialError", err)
	}
	if msg := terminal.UserMessage(err); msg == "" || msg == err.Error() {
		t.Errorf("UserMessage gives no plain words: %q", msg)
	}
}

// blockingConn is a connection whose Close hangs until let go, as the
// browser's does while it waits for a close handshake a vanished peer
// never answers.
type blockingConn struct {
	closing chan struct{}
	let     chan struct{}
	once    sync.Once
}

func (c *blockingConn) Write(context.Context, []byte) error { return nil }
func (c *blockingConn) Read(context.Context) ([]byte, error) {
	<-c.let
	return nil, errors.New("closed")
}
func (c *blockingConn) Close() error {
	c.once.Do(func() { close(c.closing) })
	<-c.let
	return nil
}

// Drop ends the client at once, with its reason, even while closing the
// socket itself hangs; a request in flight ends as disconnected.
func TestDropEndsAtOnce(t *testing.T) {
	conn := &blockingConn{closing: make(chan struct{}), let: make(chan struct{})}
	defer close(conn.let)
	c := terminal.New(conn, pos.DefaultProfile(), nil)
	req, err := pos.DefaultProfile().BuildRequest("1", pos.RequestParams{Amount: 100, Ref: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := c.Send(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	why := errors.New("no answer in time")
	c.Drop(why)
	select {
	case <-c.Done():
	default:
		t.Fatal("Done is not closed when Drop returns")
	}
	if !errors.Is(c.Err(), why) {
		t.Errorf("Err() = %v, want the reason given to Drop", c.Err())
	}
	if _, err := p.Wait(context.Background()); !errors.Is(err, terminal.ErrDisconnected) {
		t.Errorf("the request in flight ended with %v, want ErrDisconnected", err)
	}
	select {
	case <-conn.closing:
	case <-time.After(10 * time.Second):
		t.Error("Drop never closed the socket")
	}
}
