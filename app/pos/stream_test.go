package pos

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// segText renders segments compactly for comparison: J{...} or T<...>.
func segText(segs []Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.JSON {
			fmt.Fprintf(&b, "J%s|", s.Raw)
		} else {
			fmt.Fprintf(&b, "T%s|", s.Raw)
		}
	}
	return b.String()
}

func TestStreamDecoder(t *testing.T) {
	tests := []struct {
		name      string
		max       int
		feeds     []string
		want      string // segments over all feeds
		errs      int    // feeds that returned ErrTooLarge
		discarded int
		buffered  int
	}{
		{"one object", 0, []string{`{"A":"1"}`}, `J{"A":"1"}|`, 0, 0, 0},
		{"two in one read", 0, []string{`{"A":"1"}{"B":"2"}`}, `J{"A":"1"}|J{"B":"2"}|`, 0, 0, 0},
		{"newline separated", 0, []string{"{\"A\":\"1\"}\n\r\n  {\"B\":\"2\"}\n"}, `J{"A":"1"}|J{"B":"2"}|`, 0, 0, 0},
		{"split across reads", 0, []string{`{"A":`, `"1"`, `}`}, `J{"A":"1"}|`, 0, 0, 0},
		{"byte by byte", 0, strings.Split(`{"A":{"B":[1,2]}}`, ""), `J{"A":{"B":[1,2]}}|`, 0, 0, 0},
		{"braces in strings", 0, []string{`{"A":"}{\"}"}`}, `J{"A":"}{\"}"}|`, 0, 0, 0},
		{"escaped backslash before quote", 0, []string{`{"A":"\\"}`}, `J{"A":"\\"}|`, 0, 0, 0},
		{"escape split across reads", 0, []string{`{"A":"\`, `"}"}`}, `J{"A":"\"}"}|`, 0, 0, 0},
		{"pretty printed", 0, []string{"{\n  \"A\": \"1\"\n}\n"}, "J{\n  \"A\": \"1\"\n}|", 0, 0, 0},
		{"text line", 0, []string{"Message received\r\n"}, `TMessage received|`, 0, 0, 0},
		{"text before object", 0, []string{`ACK: {"A":"1"}`}, `TACK:|J{"A":"1"}|`, 0, 0, 0},
		{"text after object", 0, []string{"{\"A\":\"1\"}OK\n"}, `J{"A":"1"}|TOK|`, 0, 0, 0},
		{"text waits for its end", 0, []string{"OK"}, ``, 0, 0, 2},
		{"text ends later", 0, []string{"O", "K", "\n"}, `TOK|`, 0, 0, 0},
		{"unterminated object waits", 0, []string{`{"A":"1"`}, ``, 0, 0, 8},
		{"stray closing brace is text", 0, []string{"}\n"}, `T}|`, 0, 0, 0},
		{"mismatched brackets still end", 0, []string{`{"A":[}]`}, `J{"A":[}]|`, 0, 0, 0},
		{"only whitespace", 0, []string{" \n\t\r\n"}, ``, 0, 0, 0},
		{"exactly the limit", 9, []string{`{"A":"1"}`}, `J{"A":"1"}|`, 0, 0, 0},
		{"one over the limit then recovers", 8, []string{`{"A":"1"}{"B":1}`}, `J{"B":1}|`, 1, 1, 0},
		{"oversized skipped to its end", 8, []string{`{"A":"xxxxxxxx}"}`, "\n", `{"B":1}`}, `J{"B":1}|`, 1, 1, 0},
		{"oversized across reads", 8, []string{`{"A":"xxx`, `xxxxx"}{"B":1}`}, `J{"B":1}|`, 1, 1, 0},
		{"two oversized in one read", 4, []string{`{"A":1}{"B":2}{}`}, `J{}|`, 1, 2, 0},
		{"oversized text skipped to newline", 4, []string{"HELLO WORLD\nOK\n"}, `TOK|`, 1, 1, 0},
		{"oversized text skipped to object", 4, []string{`HELLO WORLD{}`}, `J{}|`, 1, 1, 0},
		{"default limit", 0, []string{`{"A":"` + strings.Repeat("x", 64<<10) + `"}{}`}, `J{}|`, 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewStreamDecoder(tt.max)
			var all []Segment
			errs := 0
			for _, f := range tt.feeds {
				segs, err := d.Feed([]byte(f))
				if err != nil {
					if !errors.Is(err, ErrTooLarge) {
						t.Fatalf("error %v is not ErrTooLarge", err)
					}
					errs++
				}
				all = append(all, segs...)
			}
			if got := segText(all); got != tt.want {
				t.Errorf("segments %q, want %q", got, tt.want)
			}
			if errs != tt.errs || d.Discarded() != tt.discarded || d.Buffered() != tt.buffered {
				t.Errorf("errors %d discarded %d buffered %d", errs, d.Discarded(), d.Buffered())
			}
		})
	}
}

func TestStreamDecoderFlush(t *testing.T) {
	tests := []struct {
		name string
		feed string
		want string
	}{
		{"text without newline", "OK received  ", "TOK received|"},
		{"half object is only text", `{"RESP_CODE":"00"`, `T{"RESP_CODE":"00"|`},
		{"nothing", `{"A":1}`, ""},
		{"skipping", `{"A":"` + strings.Repeat("x", 40), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := NewStreamDecoder(32)
			if _, err := d.Feed([]byte(tt.feed)); err != nil && !errors.Is(err, ErrTooLarge) {
				t.Fatal(err)
			}
			if got := segText(d.Flush()); got != tt.want {
				t.Errorf("Flush = %q, want %q", got, tt.want)
			}
			segs, _ := d.Feed([]byte(`{"B":2}`))
			if got := segText(segs); got != `J{"B":2}|` {
				t.Errorf("after flush: %q", got)
			}
		})
	}
}

func TestStreamDecoderDoesNotAlias(t *testing.T) {
	d := NewStreamDecoder(0)
	buf := []byte(`{"A":"1"}`)
	segs, _ := d.Feed(buf)
	buf[2] = 'Z'
	if string(segs[0].Raw) != `{"A":"1"}` {
		t.Errorf("segment aliases the read buffer: %s", segs[0].Raw)
	}
}

func TestTooLargeError(t *testing.T) {
	tests := []struct {
		name  string
		limit int
		want  string
	}{
		{"default", DefaultMaxMessage, "message from terminal is larger than 64 KiB"},
		{"mebibytes", 2 << 20, "message from terminal is larger than 2 MiB"},
		{"bytes", 1000, "message from terminal is larger than 1000 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := error(&TooLargeError{Limit: tt.limit})
			if err.Error() != tt.want || !errors.Is(err, ErrTooLarge) {
				t.Errorf("got %q", err)
			}
		})
	}
	if ErrTooLarge.Error() != "message from terminal is larger than 64 KiB" {
		t.Errorf("ErrTooLarge = %q", ErrTooLarge)
	}
	if NewStreamDecoder(-1).Max() != DefaultMaxMessage {
		t.Error("negative max is not the default")
	}
}

func FuzzStreamDecoder(f *testing.F) {
	f.Add([]byte("{\"A\":\"1\"}\nOK\n{\"B\":{\"C\":\"}\"}}"), []byte{3, 7}, uint8(0))
	f.Add([]byte(`ACK {"A":"\"{"} tail`), []byte{1}, uint8(8))
	f.Add([]byte(`{"A":"xxxxxxxxxxxxxxxxxxxx"}{}`), []byte{5, 5, 5}, uint8(6))
	f.Fuzz(func(t *testing.T, data, cuts []byte, max uint8) {
		limit := int(max)
		whole := NewStreamDecoder(limit)
		want, err := whole.Feed(data)
		if (err != nil) != (whole.Discarded() > 0) {
			t.Fatalf("error %v with %d discarded", err, whole.Discarded())
		}
		want = append(want, whole.Flush()...)

		split := NewStreamDecoder(limit)
		var got []Segment
		rest := data
		for _, c := range cuts {
			n := int(c)
			if n > len(rest) {
				n = len(rest)
			}
			segs, _ := split.Feed(rest[:n])
			got = append(got, segs...)
			rest = rest[n:]
		}
		segs, _ := split.Feed(rest)
		got = append(got, segs...)
		got = append(got, split.Flush()...)

		if segText(got) != segText(want) || split.Discarded() != whole.Discarded() {
			t.Fatalf("split feed differs:\n got %q (%d discarded)\nwant %q (%d discarded)", segText(got), split.Discarded(), segText(want), whole.Discarded())
		}
		for _, s := range want {
			if len(s.Raw) == 0 || len(s.Raw) > whole.Max() {
				t.Fatalf("segment of %d bytes, limit %d", len(s.Raw), whole.Max())
			}
			if s.JSON && (s.Raw[0] != '{' || !bytes.ContainsAny(s.Raw[len(s.Raw)-1:], "}]")) {
				t.Fatalf("JSON segment %q", s.Raw)
			}
		}
	})
}

// Max is the decoder's size limit in bytes.
func (d *StreamDecoder) Max() int { return d.max }

// Discarded counts the messages refused for size so far.
func (d *StreamDecoder) Discarded() int { return d.discarded }
