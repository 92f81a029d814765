//go:build !js

// The simulator serves natively; these tests dial it as a foreign page
// would, with headers a browser's WebSocket cannot set.

package terminalsim

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/coder/websocket"
)

func TestWSPaths(t *testing.T) {
	s := startSim(t, Config{TCPAddr: Off})
	for _, path := range []string{"/", "/ws", "/anything/else"} {
		t.Run(path, func(t *testing.T) {
			c := dialWSPath(t, s, path)
			c.send(sale("S"+path, "100"))
			wantFields(t, c.nextFor("S"+path), map[string]string{"RESP_CODE": "00"})
		})
	}
}

func TestWSAcceptsAnyOrigin(t *testing.T) {
	s := startSim(t, Config{TCPAddr: Off})
	ctx, cancel := context.WithTimeout(t.Context(), waitFor)
	defer cancel()
	c, resp, err := websocket.Dial(ctx, "ws://"+s.WSAddr()+"/", &websocket.DialOptions{
		HTTPHeader: http.Header{"Origin": {"http://pos.elsewhere.example"}},
	})
	if err != nil {
		t.Fatalf("dial with a foreign Origin: %v", err)
	}
	defer c.CloseNow()
	if ext := resp.Header.Get("Sec-WebSocket-Extensions"); ext != "" {
		t.Errorf("compression negotiated: %q", ext)
	}
}

func TestWSPlainHTTP(t *testing.T) {
	s := startSim(t, Config{TCPAddr: Off})
	tests := []struct {
		name, path string
		status     int
		body       string
	}{
		{"root is a WebSocket", "/", http.StatusUpgradeRequired, WaitingMessage},
		{"ledger", "/ledger", http.StatusOK, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(t, "http://"+s.WSAddr()+tt.path)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.status || !strings.Contains(string(body), tt.body) {
				t.Errorf("GET %s = %d %q, want %d containing %q", tt.path, resp.StatusCode, body, tt.status, tt.body)
			}
		})
	}
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp
}

func TestLedgerEndpoint(t *testing.T) {
	s := startSim(t, Config{TCPAddr: Off})
	c := dialWS(t, s)
	c.send(sale("S1", "100"))
	c.nextFor("S1")
	c.send(sale("S2", "1051"))
	c.nextFor("S2")
	c.send(withOrig("3", "R1", "S1", "40"))
	c.nextFor("R1")

	resp := get(t, "http://"+s.WSAddr()+"/ledger")
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q", ct)
	}
	var got []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("decode ledger: %v", err)
	}
	want := []map[string]string{
		{"ref": "S1", "type": "sale", "state": "approved", "amount": "100", "refunded": "40", "resp_code": "00", "batch": "000001"},
		{"ref": "S2", "type": "sale", "state": "declined", "amount": "1051", "resp_code": "51"},
		{"ref": "R1", "type": "refund", "state": "approved", "amount": "40", "orig_ref": "S1", "tran_code": "3"},
	}
	if len(got) != len(want) {
		t.Fatalf("ledger = %v, want %d entries", got, len(want))
	}
	for i, w := range want {
		for k, v := range w {
			if got[i][k] != v {
				t.Errorf("entry %d %s = %v, want %q", i, k, got[i][k], v)
			}
		}
		for _, k := range []string{"auth_code", "rrn", "time", "tran_code", "resp_msg"} {
			if _, ok := got[i][k]; !ok {
				t.Errorf("entry %d lacks %s", i, k)
			}
		}
	}
}

// TestWSOversizeRequest checks that an over-size message is refused with a
// text line and the connection stays usable.
func TestWSOversizeRequest(t *testing.T) {
	s := startSim(t, Config{TCPAddr: Off, MaxMessage: 1024})
	c := dialWS(t, s)
	c.send(`{"TRAN_CODE":"1","PAD":"` + strings.Repeat("x", 2000) + `"}`)
	if f := c.next(); !strings.HasPrefix(string(f), "ERROR: message too large") {
		t.Fatalf("answer %q, want a too-large error", f)
	}
	c.send(sale("S1", "100"))
	wantFields(t, c.nextFor("S1"), map[string]string{"RESP_CODE": "00"})
	if len(s.Ledger()) != 1 {
		t.Errorf("ledger = %+v", s.Ledger())
	}
}

func TestWSBinaryMessage(t *testing.T) {
	s := startSim(t, Config{TCPAddr: Off})
	ctx, cancel := context.WithTimeout(t.Context(), waitFor)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+s.WSAddr()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if _, _, err := c.Read(ctx); err != nil { // the greeting
		t.Fatal(err)
	}
	if err := c.Write(ctx, websocket.MessageBinary, []byte(sale("S1", "100"))); err != nil {
		t.Fatal(err)
	}
	typ, b, err := c.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := frame(b).object()
	if typ != websocket.MessageText || m["RESP_CODE"] != "00" {
		t.Errorf("answer %v %s, want an approval in a text frame", typ, b)
	}
}

// TestHandlerWithoutStart mounts Handler on the caller's own server, as the
// lead's binary may.
func TestHandlerWithoutStart(t *testing.T) {
	s := New(Config{WSAddr: Off, TCPAddr: Off, Logger: testLogger(t)})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s.Handler()}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()

	ctx, cancel := context.WithTimeout(t.Context(), waitFor)
	defer cancel()
	c, _, err := websocket.Dial(ctx, "ws://"+ln.Addr().String()+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	if _, _, err := c.Read(ctx); err != nil {
		t.Fatalf("greeting: %v", err)
	}
	if err := c.Write(ctx, websocket.MessageText, []byte(sale("S1", "100"))); err != nil {
		t.Fatal(err)
	}
	if _, b, err := c.Read(ctx); err != nil || !strings.Contains(string(b), `"RESP_CODE":"00"`) {
		t.Fatalf("answer %s, %v", b, err)
	}
	// Close closes the hijacked connection, which no server can.
	closed := make(chan error, 1)
	go func() { _, _, err := c.Read(context.Background()); closed <- err }()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-closed; websocket.CloseStatus(err) != websocket.StatusGoingAway {
		t.Errorf("client read after Close: %v, want going away", err)
	}
	srv.Close()
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
}
