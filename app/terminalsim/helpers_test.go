package terminalsim

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
)

// waitFor bounds every wait in these tests: long enough for a loaded
// machine, short enough that a hang fails fast.
const waitFor = 5 * time.Second

// startSim starts a simulator on loopback ports chosen by the system,
// closed when the test ends. Its logs go to the test's output.
func startSim(t *testing.T, cfg Config) *Simulator {
	t.Helper()
	if cfg.WSAddr == "" {
		cfg.WSAddr = "127.0.0.1:0"
	}
	if cfg.TCPAddr == "" {
		cfg.TCPAddr = "127.0.0.1:0"
	}
	if cfg.Logger == nil {
		cfg.Logger = testLogger(t)
	}
	s := New(cfg)
	if err := s.Start(t.Context()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testLogger logs to the test's output, shown when it fails or with -v.
func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// frame is one message from the terminal: a WebSocket message or a TCP line.
type frame string

// object decodes the frame as a JSON object of strings.
func (f frame) object() (map[string]string, bool) {
	var m map[string]string
	if err := json.Unmarshal([]byte(f), &m); err != nil {
		return nil, false
	}
	return m, true
}

// testClient is a POS connected to the simulator. A goroutine reads all the
// time, as a real client does (a WebSocket close handshake needs it).
type testClient struct {
	t      *testing.T
	name   string
	write  func(ctx context.Context, msg string) error
	close  func()
	frames chan frame
	done   chan struct{} // closed when reading fails: the connection is gone
	err    error         // why, once done is closed
	quit   chan struct{} // closed by close: the reader stops delivering
	once   sync.Once
}

// deliver hands a frame to the test; false once the client is closed.
func (c *testClient) deliver(f frame) bool {
	select {
	case c.frames <- f:
		return true
	case <-c.quit:
		return false
	}
}

// stop makes close idempotent: tests close explicitly and in Cleanup.
func (c *testClient) stop(closeConn func(), wg *sync.WaitGroup) func() {
	return func() {
		c.once.Do(func() {
			close(c.quit)
			closeConn()
			wg.Wait()
		})
	}
}

// transport dials a simulator over one transport.
type transport struct {
	name string
	dial func(t *testing.T, s *Simulator) *testClient
}

var transports = []transport{{"ws", dialWS}, {"tcp", dialTCP}}

func newTestClient(t *testing.T, name string) *testClient {
	return &testClient{
		t: t, name: name,
		frames: make(chan frame, 64), done: make(chan struct{}), quit: make(chan struct{}),
	}
}

// dialWS connects over WebSocket and checks the greeting.
func dialWS(t *testing.T, s *Simulator) *testClient {
	t.Helper()
	return dialWSPath(t, s, "/")
}

func dialWSPath(t *testing.T, s *Simulator, path string) *testClient {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), waitFor)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+s.WSAddr()+path, nil)
	if err != nil {
		t.Fatalf("dial ws: %v", err)
	}
	c.SetReadLimit(-1) // the tests check over-size frames themselves
	tc := newTestClient(t, "ws")
	tc.write = func(ctx context.Context, msg string) error {
		return c.Write(ctx, websocket.MessageText, []byte(msg))
	}
	var wg sync.WaitGroup
	tc.close = tc.stop(func() { c.CloseNow() }, &wg)
	wg.Go(func() {
		defer close(tc.done)
		for {
			_, b, err := c.Read(context.Background())
			if err != nil {
				tc.err = err
				return
			}
			if !tc.deliver(frame(b)) {
				return
			}
		}
	})
	t.Cleanup(tc.close)
	tc.expectGreeting(s)
	return tc
}

// dialTCP connects over TCP and checks the greeting.
func dialTCP(t *testing.T, s *Simulator) *testClient {
	t.Helper()
	c := dialRawTCP(t, s)
	tc := newTestClient(t, "tcp")
	tc.write = func(ctx context.Context, msg string) error {
		_, err := c.Write([]byte(msg))
		return err
	}
	var wg sync.WaitGroup
	tc.close = tc.stop(func() { c.Close() }, &wg)
	wg.Go(func() {
		defer close(tc.done)
		r := bufio.NewReader(c)
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				tc.err = err
				return
			}
			if !tc.deliver(frame(strings.TrimSuffix(line, "\n"))) {
				return
			}
		}
	})
	t.Cleanup(tc.close)
	tc.expectGreeting(s)
	return tc
}

func dialRawTCP(t *testing.T, s *Simulator) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: waitFor}
	c, err := d.DialContext(t.Context(), "tcp", s.TCPAddr())
	if err != nil {
		t.Fatalf("dial tcp: %v", err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func (c *testClient) expectGreeting(s *Simulator) {
	c.t.Helper()
	m := c.nextObject()
	if m["EVENT"] != "CONNECTED" || m["MESSAGE"] != WaitingMessage || m["TID"] != s.cfg.TID {
		c.t.Fatalf("%s greeting = %v", c.name, m)
	}
	if _, ok := m["RESP_CODE"]; ok {
		c.t.Fatalf("%s greeting has a result field: %v", c.name, m)
	}
}

// send writes msg as is (one WebSocket message, or bytes on the stream).
func (c *testClient) send(msg string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := c.write(ctx, msg); err != nil {
		c.t.Fatalf("%s send: %v", c.name, err)
	}
}

// next waits for the next frame.
func (c *testClient) next() frame {
	c.t.Helper()
	select {
	case f := <-c.frames:
		return f
	case <-c.done:
		// Frames read before the connection went are still due.
		select {
		case f := <-c.frames:
			return f
		default:
		}
		c.t.Fatalf("%s connection closed while waiting for a frame: %v", c.name, c.err)
	case <-time.After(waitFor):
		c.t.Fatalf("%s no frame within %v", c.name, waitFor)
	}
	return ""
}

// nextObject waits for the next frame and requires a JSON object.
func (c *testClient) nextObject() map[string]string {
	c.t.Helper()
	f := c.next()
	m, ok := f.object()
	if !ok {
		c.t.Fatalf("%s frame is not a JSON object of strings: %.200q", c.name, f)
	}
	return m
}

// nextFor waits for the next frame and requires a JSON object answering
// ref: over TCP and WebSocket alike nothing else should come first.
func (c *testClient) nextFor(ref string) map[string]string {
	c.t.Helper()
	m := c.nextObject()
	if m["REF_NO"] != ref {
		c.t.Fatalf("%s got an answer for REF_NO %q, want %q: %v", c.name, m["REF_NO"], ref, m)
	}
	return m
}

// expectClosed waits for the terminal to close the connection, and fails on
// any frame meanwhile.
func (c *testClient) expectClosed() {
	c.t.Helper()
	select {
	case f := <-c.frames:
		c.t.Fatalf("%s got %.200q, want the connection closed", c.name, f)
	case <-c.done:
	case <-time.After(waitFor):
		c.t.Fatalf("%s still connected after %v", c.name, waitFor)
	}
}

// expectNoMore fails if the terminal has anything more to say before it
// approves a sale sent now, with reference ref. It answers in order:
// what it says at once about a message (an error, an inquiry's answer,
// busy) before it reads the next, and a transaction still processing
// would have the sale turned away as busy, one processed meanwhile
// answered before it.
func (c *testClient) expectNoMore(ref string) {
	c.t.Helper()
	c.send(sale(ref, "100"))
	if m := c.nextFor(ref); m["RESP_CODE"] != "00" {
		c.t.Fatalf("%s: the sale sent last was answered %v, want approved", c.name, m)
	}
}

// sale is a default-profile sale request.
func sale(ref, amount string) string {
	return fmt.Sprintf(`{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":%q,"REF_NO":%q}`, amount, ref)
}

// withOrig is a request about an earlier transaction.
func withOrig(code, ref, orig, amount string) string {
	if amount == "" {
		return fmt.Sprintf(`{"TRAN_CODE":%q,"REF_NO":%q,"ORIG_REF_NO":%q}`, code, ref, orig)
	}
	return fmt.Sprintf(`{"TRAN_CODE":%q,"REF_NO":%q,"ORIG_REF_NO":%q,"AMOUNT":%q}`, code, ref, orig, amount)
}

func inquiry(ref, orig string) string { return withOrig(codeInquiry, ref, orig, "") }

// entryFor finds ref in the ledger.
func entryFor(t *testing.T, s *Simulator, ref string) (Entry, bool) {
	t.Helper()
	for _, e := range s.Ledger() {
		if e.Ref == ref {
			return e, true
		}
	}
	return Entry{}, false
}

// wantFields fails unless m has every field of want.
func wantFields(t *testing.T, m, want map[string]string) {
	t.Helper()
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%s = %q, want %q (answer %v)", k, m[k], v, m)
		}
	}
}
