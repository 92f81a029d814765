package bridge

import (
	"bufio"
	"net"
	"strings"
	"testing"
	"time"
)

// fakeTCPTerminal accepts one connection and hands it to the test.
func fakeTCPTerminal(t *testing.T) (addr string, conns <-chan net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		ln.Close()
		if err == nil {
			ch <- c
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String(), ch
}

// TestTCPStream cuts a terminal's byte stream into one frame per message,
// however the bytes arrive.
func TestTCPStream(t *testing.T) {
	noLeak(t)
	addr, conns := fakeTCPTerminal(t)
	allow, _ := ParseAllowList(addr)
	_, srv := startBridge(t, Config{Allow: allow, QuietFlush: 50 * time.Millisecond})
	page := dial(t, srv, addr, "")
	term := <-conns
	defer term.Close()

	steps := []struct {
		name   string
		writes []string
		want   []string
	}{
		{"one object", []string{`{"EVENT":"CONNECTED"}` + "\n"}, []string{`{"EVENT":"CONNECTED"}`}},
		{"split across writes", []string{`{"RESP_CODE":"0`, `0","RESP_MSG":"APPRO`, `VED"}`}, []string{`{"RESP_CODE":"00","RESP_MSG":"APPROVED"}`}},
		{"several in one write", []string{"{\"A\":\"1\"}\n  {\"B\":\"}{\"}\r\n\n{\"C\":{\"D\":\"2\"}}"}, []string{`{"A":"1"}`, `{"B":"}{"}`, `{"C":{"D":"2"}}`}},
		{"text lines", []string{"Message received\r\nERROR: bad\n"}, []string{"Message received", "ERROR: bad"}},
		{"text without a newline, after a quiet spell", []string{"ACK"}, []string{"ACK"}},
		{"text then an object", []string{"OK{\"E\":\"5\"}"}, []string{"OK", `{"E":"5"}`}},
		{"not UTF-8", []string{"{\"M\":\"caf\xe9\"}"}, []string{"{\"M\":\"caf\uFFFD\"}"}},
		{"a slow object is not flushed", []string{`{"SLOW":`, `"1"}`}, []string{`{"SLOW":"1"}`}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			for _, w := range st.writes {
				if _, err := term.Write([]byte(w)); err != nil {
					t.Fatal(err)
				}
				time.Sleep(120 * time.Millisecond) // longer than the quiet flush
			}
			for _, want := range st.want {
				if got := read(t, page); got != want {
					t.Fatalf("frame %q, want %q", got, want)
				}
			}
		})
	}

	// Page to terminal: the object as sent, then a newline.
	r := bufio.NewReader(term)
	send(t, page, `{"TRAN_CODE":"1"}`)
	term.SetReadDeadline(time.Now().Add(5 * time.Second))
	line, err := r.ReadString('\n')
	if err != nil || line != "{\"TRAN_CODE\":\"1\"}\n" {
		t.Fatalf("terminal read %q, %v", line, err)
	}
	send(t, page, "{\"TRAN_CODE\":\"2\"}\n")
	if line, _ := r.ReadString('\n'); line != "{\"TRAN_CODE\":\"2\"}\n" {
		t.Fatalf("terminal read %q: a message ending in a newline gets no second one", line)
	}

	// The terminal hangs up after a partial object: it arrives as text,
	// then the close.
	term.Write([]byte(`{"RESP_CODE":"00"`))
	term.Close()
	if got := read(t, page); got != `{"RESP_CODE":"00"` {
		t.Fatalf("frame %q", got)
	}
	if reason := expectClose(t, page, CodeTerminalGone); reason != "terminal closed the connection" {
		t.Errorf("reason %q", reason)
	}
}

func TestReadLimited(t *testing.T) {
	tests := []struct {
		name      string
		in        int
		tooBig    bool
		flood     bool
		wantBytes int
	}{
		{"under", 10, false, false, 10},
		{"at the limit", 100, false, false, 100},
		{"over", 101, true, false, 0},
		{"far over, still read", 100 * (discardFactor - 1), true, false, 0},
		{"flood", 100*discardFactor + 1, true, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, tooBig, err := readLimited(strings.NewReader(strings.Repeat("x", tt.in)), 100)
			if tooBig != tt.tooBig || (err == errFlood) != tt.flood || len(msg) != tt.wantBytes {
				t.Errorf("got %d bytes, tooBig %v, err %v", len(msg), tooBig, err)
			}
		})
	}
}

func TestIsJSONObject(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`{"A":"1"}`, true}, {" {}\n", true}, {`[]`, false}, {`"x"`, false},
		{`{"A":"1"}{"B":"2"}`, false}, {`{"A":`, false}, {``, false}, {`GET / HTTP/1.1`, false},
	}
	for _, tt := range tests {
		if got := isJSONObject([]byte(tt.in)); got != tt.want {
			t.Errorf("isJSONObject(%q) = %v", tt.in, got)
		}
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", 100)
	got := clip(long)
	if len(got) > maxReason || !strings.HasSuffix(got, "…") || !strings.HasPrefix(long, strings.TrimSuffix(got, "…")) {
		t.Errorf("clip: %d bytes %q", len(got), got)
	}
	if clip("short") != "short" {
		t.Error("clip changed a short reason")
	}
}
