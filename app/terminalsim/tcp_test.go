package terminalsim

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// TestTCPStream checks the TCP stream's framing: messages split across
// writes, several in one write, whitespace between, bad lines skipped.
func TestTCPStream(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		// want is the answers in order: "REF:CODE" for a JSON answer,
		// "ERROR..." for the prefix of a text line.
		want []string
	}{
		{
			name:   "split across writes",
			writes: []string{`{"TRAN_MODE":"1","TRAN_`, `CODE":"1","AMOU`, `NT":"100","REF_NO":"S1"`, "}\n"},
			want:   []string{"S1:00"},
		},
		{
			name: "several in one write",
			writes: []string{inquiry("Q1", "A") + inquiry("Q2", "B") + "\n\n  \t" +
				`{"TRAN_CODE":"42","REF_NO":"Q3"}` + "\r\n"},
			want: []string{"Q1:25", "Q2:25", "Q3:12"},
		},
		{
			name:   "pretty-printed",
			writes: []string{"{\n  \"TRAN_CODE\": \"1\",\n  \"AMOUNT\": \"100\",\n  \"REF_NO\": \"S1\"\n}\n"},
			want:   []string{"S1:00"},
		},
		{
			name:   "no newline after the last",
			writes: []string{sale("S1", "100")},
			want:   []string{"S1:00"},
		},
		{
			name:   "garbage line then a request",
			writes: []string{"hello terminal\n", sale("S1", "100") + "\n"},
			want:   []string{"ERROR: not a JSON object", "S1:00"},
		},
		{
			name:   "garbage between requests in one write",
			writes: []string{inquiry("Q1", "A") + "\nhello\n" + inquiry("Q2", "B") + "\n"},
			want:   []string{"Q1:25", "ERROR: not a JSON object", "Q2:25"},
		},
		{
			name:   "truncated object then a request",
			writes: []string{`{"TRAN_CODE":"7"` + "\n" + inquiry("Q1", "A") + "\n"},
			want:   []string{"ERROR: not a JSON object", "Q1:25"},
		},
		{
			name:   "JSON that is not an object",
			writes: []string{"[1,2]\n\"x\"\n" + inquiry("Q1", "A") + "\n"},
			want:   []string{"ERROR: not a JSON object", "ERROR: not a JSON object", "Q1:25"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startSim(t, Config{WSAddr: Off})
			c := dialTCP(t, s)
			for _, w := range tt.writes {
				c.send(w)
				time.Sleep(5 * time.Millisecond) // let each write be its own segment
			}
			for i, want := range tt.want {
				f := c.next()
				if strings.HasPrefix(want, "ERROR") {
					if !strings.HasPrefix(string(f), want) {
						t.Errorf("answer %d = %q, want prefix %q", i, f, want)
					}
					continue
				}
				ref, code, _ := strings.Cut(want, ":")
				m, ok := f.object()
				if !ok || m["REF_NO"] != ref || m["RESP_CODE"] != code {
					t.Errorf("answer %d = %q, want REF_NO %s RESP_CODE %s", i, f, ref, code)
				}
			}
			c.expectNoMore("END")
		})
	}
}

// TestTCPOversize checks that an over-size message is refused with a text
// line and the connection closed, while one just under the limit passes.
func TestTCPOversize(t *testing.T) {
	const max = 512
	pad := func(n int) string {
		base := `{"TRAN_CODE":"7","REF_NO":"Q1","ORIG_REF_NO":"A","PAD":""}`
		return strings.Replace(base, `"PAD":""`, `"PAD":"`+strings.Repeat("x", n-len(base))+`"`, 1)
	}
	tests := []struct {
		name    string
		size    int
		refused bool
	}{
		{"at the limit", max, false},
		{"one over", max + 1, true},
		{"far over", 10 * max, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startSim(t, Config{WSAddr: Off, MaxMessage: max})
			c := dialTCP(t, s)
			msg := pad(tt.size)
			if len(msg) != tt.size {
				t.Fatalf("test message is %d bytes, want %d", len(msg), tt.size)
			}
			c.send(msg)
			if !tt.refused {
				wantFields(t, c.nextFor("Q1"), map[string]string{"RESP_CODE": "25"})
				c.send("\n" + inquiry("Q2", "A") + "\n")
				c.nextFor("Q2")
				return
			}
			if f := c.next(); !strings.HasPrefix(string(f), "ERROR: message too large") {
				t.Fatalf("answer %q, want a too-large error", f)
			}
			c.expectClosed()
		})
	}
}

// TestMessageLimiter checks that the limiter hands out at most max bytes
// per message, counting what the decoder already holds, and refuses reads
// past that: the decoder only reads on when its message is not complete.
func TestMessageLimiter(t *testing.T) {
	tests := []struct {
		name     string
		max      int
		in       string
		buffered int    // what the decoder holds of the next message
		want     string // everything read until the first error
		wantErr  error  // io.EOF, or nil for too large
	}{
		{"under, stream ends", 10, "abc", 0, "abc", io.EOF},
		{"exactly, then asks for more", 3, "abc", 0, "abc", nil},
		{"over", 3, "abcd", 0, "abc", nil},
		{"buffered bytes count", 5, "abcd", 3, "ab", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := &messageLimiter{r: iotest.OneByteReader(strings.NewReader(tt.in)), max: tt.max}
			l.next(bytes.NewReader(make([]byte, tt.buffered)))
			var got []byte
			var err error
			for err == nil {
				var b [16]byte
				var n int
				n, err = l.Read(b[:])
				got = append(got, b[:n]...)
			}
			var tooBig *tooLargeError
			switch {
			case tt.wantErr == nil && !errors.As(err, &tooBig):
				t.Errorf("err = %v, want too large", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
			if string(got) != tt.want {
				t.Errorf("read %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSkipLine(t *testing.T) {
	tests := []struct {
		name, in, rest string
		ok             bool
	}{
		{"bad line", "hello\n{}", "{}", true},
		{"newline before it", "\n  hello\n{}", "{}", true},
		{"no newline", "hello", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := strings.NewReader(tt.in)
			err := skipLine(r)
			rest, _ := io.ReadAll(r)
			if (err == nil) != tt.ok || string(rest) != tt.rest {
				t.Errorf("skipLine: err %v, rest %q; want ok %v, rest %q", err, rest, tt.ok, tt.rest)
			}
		})
	}
}
