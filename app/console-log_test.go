package main

import (
	"strconv"
	"testing"
)

// The log is a ring: lines come out oldest first wherever it wrapped, and
// its memory is fixed once full.
func TestConsoleLogRing(t *testing.T) {
	tests := []struct {
		name string
		n    int
	}{
		{"empty", 0},
		{"partly full", 3},
		{"full", consoleMax},
		{"wrapped once", consoleMax + 1},
		{"wrapped to the middle", consoleMax + consoleMax/2},
		{"wrapped exactly", 2 * consoleMax},
		{"many times", 7*consoleMax + 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l consoleLog
			for i := 1; i <= tt.n; i++ {
				l.add(consoleLine{Raw: strconv.Itoa(i)})
			}
			got := l.ordered()
			want := min(tt.n, consoleMax)
			if len(got) != want {
				t.Fatalf("%d lines, want %d", len(got), want)
			}
			for k, line := range got {
				if w := strconv.Itoa(tt.n - want + 1 + k); line.Raw != w {
					t.Fatalf("line %d is %q, want %q", k, line.Raw, w)
				}
			}
			if c := cap(l.lines); tt.n > 0 && c != consoleMax {
				t.Errorf("room for %d lines, want %d", c, consoleMax)
			}
			// ordered is a copy: changing it leaves the log alone.
			if len(got) > 0 {
				got[0].Raw = "changed"
				if l.ordered()[0].Raw == "changed" {
					t.Error("ordered shares the log's memory")
				}
			}
		})
	}
}
