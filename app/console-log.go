package main

// consoleLog keeps the last consoleMax lines on the wire, oldest first,
// in a ring of fixed size: adding a line copies nothing, and the log's
// memory is all taken once it is full, where a log trimmed at twice its
// limit grew for as many lines again (the bench saw the page's memory
// step up to charge 500).
type consoleLog struct {
	lines []consoleLine // a ring once it holds consoleMax lines
	next  int           // the oldest line, overwritten next, once full
}

func (l *consoleLog) add(x consoleLine) {
	if len(l.lines) < consoleMax {
		if l.lines == nil {
			l.lines = make([]consoleLine, 0, consoleMax)
		}
		l.lines = append(l.lines, x)
		return
	}
	l.lines[l.next] = x
	l.next = (l.next + 1) % consoleMax
}

// ordered copies the lines, oldest first.
func (l *consoleLog) ordered() []consoleLine {
	out := make([]consoleLine, 0, len(l.lines))
	out = append(out, l.lines[l.next:]...)
	return append(out, l.lines[:l.next]...)
}
