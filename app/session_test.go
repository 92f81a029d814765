package main

import (
	"errors"
	"strconv"
	"testing"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
)

// Every message the terminal client reports reaches the console, as its
// kind, and the console shows the last consoleMax (console-log.go).
func TestSessionConsole(t *testing.T) {
	s := &session{listeners: map[int]func(){}}
	s.onEvent(terminal.Event{Dir: terminal.Out, Frame: pos.Frame{Raw: []byte("sent")}})
	s.onEvent(terminal.Event{Dir: terminal.In, Frame: pos.Frame{Raw: []byte("bad")}, Err: errors.New("not JSON")})
	lines := s.consoleLines()
	if len(lines) != 2 || lines[0].Kind != "request" || lines[1].Kind != "refused" || lines[1].Error != "not JSON" {
		t.Fatalf("console = %+v, want the request then the refused message", lines)
	}
	for i := range consoleMax + 5 {
		s.onEvent(terminal.Event{Dir: terminal.Out, Frame: pos.Frame{Raw: []byte(strconv.Itoa(i))}})
	}
	lines = s.consoleLines()
	if len(lines) != consoleMax || lines[len(lines)-1].Raw != strconv.Itoa(consoleMax+4) {
		t.Errorf("console has %d lines ending %q, want %d ending %q", len(lines), lines[len(lines)-1].Raw, consoleMax, strconv.Itoa(consoleMax+4))
	}
	s.clearConsole()
	if n := len(s.consoleLines()); n != 0 {
		t.Errorf("%d lines after clearing", n)
	}
}
