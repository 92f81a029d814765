package cashier

import (
	"errors"
	"strconv"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
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
				l.add(ConsoleLine{Raw: strconv.Itoa(i)})
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

// Every message the terminal client reports reaches the console, as its
// kind.
func TestConsoleLine(t *testing.T) {
	tests := []struct {
		name      string
		e         terminal.Event
		kind, err string
	}{
		{"a request", terminal.Event{Dir: terminal.Out, Frame: pos.Frame{Raw: []byte("sent")}}, "request", ""},
		{"an answer", terminal.Event{Dir: terminal.In, Frame: pos.Frame{Kind: pos.KindOutcome, Raw: []byte("{}")}}, pos.KindOutcome.String(), ""},
		{"a refused message", terminal.Event{Dir: terminal.In, Frame: pos.Frame{Raw: []byte("bad")}, Err: errors.New("not JSON")}, "refused", "not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := consoleLine(tt.e)
			if l.Kind != tt.kind || l.Error != tt.err || l.Raw != string(tt.e.Frame.Raw) || l.Dir != tt.e.Dir {
				t.Errorf("line %+v, want kind %q, error %q", l, tt.kind, tt.err)
			}
		})
	}
}

// The core's log keeps the last consoleMax messages until cleared.
func TestCoreConsole(t *testing.T) {
	c := newCore(t, nil, nil, journal.NewMemory(), nil)
	for i := range consoleMax + 5 {
		c.onEvent(terminal.Event{Dir: terminal.Out, Frame: pos.Frame{Raw: []byte(strconv.Itoa(i))}})
	}
	lines := c.ConsoleLines()
	if len(lines) != consoleMax || lines[len(lines)-1].Raw != strconv.Itoa(consoleMax+4) {
		t.Errorf("console has %d lines ending %q, want %d ending %q", len(lines), lines[len(lines)-1].Raw, consoleMax, strconv.Itoa(consoleMax+4))
	}
	c.ClearConsole()
	if n := len(c.ConsoleLines()); n != 0 {
		t.Errorf("%d lines after clearing", n)
	}
}
