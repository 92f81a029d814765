package cashier

import (
	"time"

	"github.com/lanepay/lanepay/app/terminal"
)

// ConsoleLine is one message on the wire, for the Console screen.
type ConsoleLine struct {
	Time  time.Time
	Dir   terminal.Direction
	Kind  string
	Raw   string
	Error string
}

// consoleMax is how many lines the console log keeps.
const consoleMax = 500

// consoleLine is what the console says of a message the terminal client
// reports: a refused one says why.
func consoleLine(e terminal.Event) ConsoleLine {
	l := ConsoleLine{Time: e.Time, Dir: e.Dir, Raw: string(e.Frame.Raw), Kind: "request"}
	if e.Dir == terminal.In {
		l.Kind = e.Frame.Kind.String()
	}
	if e.Err != nil {
		l.Kind, l.Error = "refused", e.Err.Error()
	}
	return l
}

// consoleLog keeps the last consoleMax lines on the wire, oldest first,
// in a ring of fixed size: adding a line copies nothing, and the log's
// memory is all taken once it is full, where a log trimmed at twice its
// limit grew for as many lines again (the bench saw the page's memory
// step up to charge 500).
type consoleLog struct {
	lines []ConsoleLine // a ring once it holds consoleMax lines
	next  int           // the oldest line, overwritten next, once full
}

func (l *consoleLog) add(x ConsoleLine) {
	if len(l.lines) < consoleMax {
		if l.lines == nil {
			l.lines = make([]ConsoleLine, 0, consoleMax)
		}
		l.lines = append(l.lines, x)
		return
	}
	l.lines[l.next] = x
	l.next = (l.next + 1) % consoleMax
}

// ordered copies the lines, oldest first.
func (l *consoleLog) ordered() []ConsoleLine {
	out := make([]ConsoleLine, 0, len(l.lines))
	out = append(out, l.lines[l.next:]...)
	return append(out, l.lines[:l.next]...)
}
