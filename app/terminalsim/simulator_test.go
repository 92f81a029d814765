package terminalsim

import (
	"context"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/testkit"
)

func TestConfigDefaults(t *testing.T) {
	logger := testkit.Discard()
	tests := []struct {
		name string
		in   Config
		want Config
	}{
		{
			name: "zero values",
			in:   Config{},
			want: Config{WSAddr: DefaultWSAddr, TCPAddr: DefaultTCPAddr, SlowDelay: DefaultSlowDelay,
				MaxMessage: DefaultMaxMessage, TID: DefaultTID, MID: DefaultMID},
		},
		{
			name: "zero delay stays zero, set values stay",
			in: Config{WSAddr: Off, TCPAddr: "127.0.0.1:0", Delay: 0, Fault: FaultSlow,
				SlowDelay: time.Second, MaxMessage: 10, TID: "T1", MID: "M1", Logger: logger},
			want: Config{WSAddr: Off, TCPAddr: "127.0.0.1:0", Delay: 0, Fault: FaultSlow,
				SlowDelay: time.Second, MaxMessage: 10, TID: "T1", MID: "M1", Logger: logger},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in.withDefaults()
			if got.Logger == nil {
				t.Fatal("no default logger")
			}
			if tt.want.Logger == nil {
				got.Logger = nil
			}
			if got != tt.want {
				t.Errorf("withDefaults() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestStart(t *testing.T) {
	tests := []struct {
		name           string
		cfg            Config
		wantWS, wantTC bool
	}{
		{"both", Config{}, true, true},
		{"tcp off", Config{TCPAddr: Off}, true, false},
		{"ws off", Config{WSAddr: Off}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startSim(t, tt.cfg)
			for _, a := range []struct {
				addr string
				want bool
			}{{s.WSAddr(), tt.wantWS}, {s.TCPAddr(), tt.wantTC}} {
				if (a.addr != "") != a.want {
					t.Fatalf("address %q, want listening %v", a.addr, a.want)
				}
				if a.want {
					if _, port, _ := net.SplitHostPort(a.addr); port == "0" || port == "" {
						t.Errorf("address %q: port not resolved", a.addr)
					}
				}
			}
			if err := s.Start(t.Context()); err == nil {
				t.Error("second Start succeeded")
			}
		})
	}
}

func TestStartErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	tests := []struct {
		name  string
		cfg   Config
		close bool
	}{
		{"ws port taken", Config{WSAddr: busy.Addr().String(), TCPAddr: Off}, false},
		{"tcp port taken", Config{WSAddr: "127.0.0.1:0", TCPAddr: busy.Addr().String()}, false},
		{"after Close", Config{WSAddr: "127.0.0.1:0", TCPAddr: Off}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.Logger = testLogger(t)
			s := New(tt.cfg)
			defer s.Close()
			if tt.close {
				s.Close()
			}
			if err := s.Start(t.Context()); err == nil {
				t.Fatal("Start succeeded")
			}
		})
	}
}

func TestSetDelay(t *testing.T) {
	s := New(Config{Delay: DefaultDelay, WSAddr: Off, TCPAddr: Off})
	defer s.Close()
	if s.Delay() != DefaultDelay {
		t.Fatalf("Delay() = %v, want %v", s.Delay(), DefaultDelay)
	}
	s.SetDelay(0)
	if s.Delay() != 0 {
		t.Fatalf("Delay() = %v after SetDelay(0)", s.Delay())
	}
}

// TestCloseWithClients checks that Close ends every connection, abandons
// what is processing, and leaves no goroutine behind.
func TestCloseWithClients(t *testing.T) {
	before := runtime.NumGoroutine()
	s := New(Config{WSAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", Delay: time.Hour, Logger: testLogger(t)})
	if err := s.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	ws := dialWS(t, s)
	tcp := dialTCP(t, s)
	ws.send(sale("S1", "100")) // processing for an hour
	ws.send(inquiry("Q1", "S1"))
	ws.nextFor("Q1")

	start := time.Now()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v", d)
	}
	// Close waited: nothing of the simulator runs any more, at once.
	if stacks := simulatorGoroutines(); stacks != "" {
		t.Errorf("simulator goroutines after Close:\n%s", stacks)
	}
	ws.expectClosed()
	if websocket.CloseStatus(ws.err) != websocket.StatusGoingAway {
		t.Errorf("WebSocket client saw %v, want going away", ws.err)
	}
	tcp.expectClosed()
	if l := s.Ledger(); len(l) != 0 {
		t.Errorf("ledger = %+v, want the abandoned sale not recorded", l)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	ws.close()
	tcp.close()
	waitGoroutines(t, before)
}

// TestStartContext checks that cancelling Start's context stops the
// simulator.
func TestStartContext(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(t.Context())
	s := New(Config{WSAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", Logger: testLogger(t)})
	if err := s.Start(ctx); err != nil {
		t.Fatal(err)
	}
	tcp := dialTCP(t, s)
	cancel()
	tcp.expectClosed()
	tcp.close()
	s.Close()
	if stacks := simulatorGoroutines(); stacks != "" {
		t.Errorf("simulator goroutines after Close:\n%s", stacks)
	}
	if c, err := net.DialTimeout("tcp", s.TCPAddr(), time.Second); err == nil {
		c.Close()
		t.Error("still accepting after the context ended")
	}
	waitGoroutines(t, before)
}

// simulatorGoroutines returns the stacks of goroutines running the
// simulator's own code.
func simulatorGoroutines() string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var found []string
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if strings.Contains(g, "terminalsim.(*Simulator)") || strings.Contains(g, "terminalsim.(*group)") {
			found = append(found, g)
		}
	}
	return strings.Join(found, "\n\n")
}

// waitGoroutines fails unless the goroutine count drops back to before,
// allowing the runtime a moment to reap exited ones.
func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	if !testkit.Until(func() bool { return runtime.NumGoroutine() <= before }) {
		buf := make([]byte, 1<<16)
		t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
	}
}

// TestClients counts the clients connected over both transports, so that
// a test can see a page that holds two connections to the terminal.
func TestClients(t *testing.T) {
	s := New(Config{WSAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0", Logger: testLogger(t)})
	if err := s.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	waitClients := func(want int) {
		t.Helper()
		if !testkit.Until(func() bool { return s.Clients() == want }) {
			t.Fatalf("Clients() = %d, want %d", s.Clients(), want)
		}
	}
	waitClients(0)
	ws := dialWS(t, s)
	tcp := dialTCP(t, s)
	waitClients(2)
	ws.close()
	waitClients(1)
	tcp.close()
	waitClients(0)
}
