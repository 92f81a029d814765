package bridge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// testLogger shows the bridge's debug logs with -v.
func testLogger() *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return testkit.Discard()
}

// fakeResolver answers from a table: no test depends on real DNS.
type fakeResolver map[string][]string

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := f[host]
	if !ok {
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
	var out []netip.Addr
	for _, a := range addrs {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

// startSim starts the simulated terminal on loopback, over TCP and
// WebSocket, answering at once.
func startSim(t testing.TB) *terminalsim.Simulator {
	t.Helper()
	return tilltest.SimWith(t, terminalsim.Config{TCPAddr: "127.0.0.1:0"})
}

// simAllow allows exactly the simulator's addresses, as -sim does.
func simAllow(t testing.TB, sim *terminalsim.Simulator, more ...string) *AllowList {
	t.Helper()
	a, err := ParseAllowList(strings.Join(append([]string{sim.WSAddr(), sim.TCPAddr()}, more...), ","))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// startBridge serves a bridge on loopback.
func startBridge(t testing.TB, cfg Config) (*Bridge, *httptest.Server) {
	t.Helper()
	if cfg.Logger == nil {
		cfg.Logger = testLogger()
	}
	if cfg.Resolver == nil {
		cfg.Resolver = fakeResolver{}
	}
	b := New(cfg)
	srv := httptest.NewServer(b)
	t.Cleanup(func() {
		b.Close()
		srv.Close()
	})
	return b, srv
}

func bridgeURL(srv *httptest.Server, target, typ string) string {
	q := url.Values{"target": {target}}
	if typ != "" {
		q.Set("type", typ)
	}
	return "ws" + strings.TrimPrefix(srv.URL, "http") + "/?" + q.Encode()
}

// dial connects to the bridge as a same-origin page would.
func dial(t testing.TB, srv *httptest.Server, target, typ string) *websocket.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, _, err := websocket.Dial(ctx, bridgeURL(srv, target, typ), &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {srv.URL}},
	})
	if err != nil {
		t.Fatalf("dial the bridge for %s: %v", target, err)
	}
	c.SetReadLimit(1 << 20)
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// read reads one text message within a few seconds.
func read(t testing.TB, c *websocket.Conn) string {
	t.Helper()
	msg, err := tryRead(c, 5*time.Second)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return msg
}

func tryRead(c *websocket.Conn, d time.Duration) (string, error) {
	// A read whose context ends closes the connection: only tests that
	// are done with it on failure use a deadline.
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	typ, b, err := c.Read(ctx)
	if err != nil {
		return "", err
	}
	if typ != websocket.MessageText {
		return "", fmt.Errorf("a %v message", typ)
	}
	return string(b), nil
}

// readJSON reads one message that must be a JSON object.
func readJSON(t testing.TB, c *websocket.Conn) map[string]string {
	t.Helper()
	msg := read(t, c)
	var m map[string]string
	if err := json.Unmarshal([]byte(msg), &m); err != nil {
		t.Fatalf("not a JSON object of strings: %q: %v", msg, err)
	}
	return m
}

func send(t testing.TB, c *websocket.Conn, msg string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
		t.Fatalf("write: %v", err)
	}
}

func sale(ref, amount string) string {
	return fmt.Sprintf(`{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":%q,"REF_NO":%q}`, amount, ref)
}

// expectClose reads until the bridge closes the connection and checks the
// code; it returns the reason.
func expectClose(t testing.TB, c *websocket.Conn, code websocket.StatusCode) string {
	t.Helper()
	for {
		_, err := tryRead(c, 10*time.Second)
		if err == nil {
			continue
		}
		var ce websocket.CloseError
		if !errors.As(err, &ce) {
			t.Fatalf("connection ended without a close frame: %v", err)
		}
		if ce.Code != code {
			t.Fatalf("closed with %d %q, want %d", ce.Code, ce.Reason, code)
		}
		return ce.Reason
	}
}

// noLeak checks at the end of the test that the goroutines started during
// it have ended (the bridge's, the simulator's and the test server's), by
// count: the module has no goleak.
func noLeak(t *testing.T) {
	t.Helper()
	before := runtime.NumGoroutine()
	t.Cleanup(func() {
		if !testkit.Until(func() bool { return runtime.NumGoroutine() <= before }) {
			buf := make([]byte, 1<<20)
			t.Errorf("%d goroutines, %d before the test:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
	})
}

// waitIdle waits until the bridge has no request left.
func waitIdle(t testing.TB, b *Bridge) {
	t.Helper()
	if !testkit.Until(func() bool { return b.Active() == 0 }) {
		t.Fatalf("the bridge still has %d requests", b.Active())
	}
}
