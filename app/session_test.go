package main

import (
	"strconv"
	"testing"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
)

// The console keeps the last consoleMax lines, in order, however many
// came before.
func TestConsoleKeepsTheLastLines(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"none", 0},
		{"one", 1},
		{"full", consoleMax},
		{"one over", consoleMax + 1},
		{"just under twice", 2*consoleMax - 1},
		{"twice", 2 * consoleMax},
		{"many", 5*consoleMax + 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &session{listeners: map[int]func(){}}
			for i := 1; i <= tt.n; i++ {
				s.onEvent(terminal.Event{Dir: terminal.Out, Frame: pos.Frame{Raw: []byte(strconv.Itoa(i))}})
			}
			lines := s.consoleLines()
			want := min(tt.n, consoleMax)
			if len(lines) != want {
				t.Fatalf("%d lines, want %d", len(lines), want)
			}
			for k, l := range lines {
				if w := strconv.Itoa(tt.n - want + 1 + k); l.Raw != w {
					t.Fatalf("line %d is %q, want %q", k, l.Raw, w)
				}
			}
			if n := cap(s.console.lines); n > consoleMax {
				t.Errorf("the log has room for %d lines, want at most %d", n, consoleMax)
			}
		})
	}
}
