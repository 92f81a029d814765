package bridge

import (
	"unicode/utf8"

	"github.com/coder/websocket"
)

// Close codes the bridge sends the page, documented in the package
// documentation. Codes 4000-4999 are the application's (RFC 6455 7.4.2);
// these mirror HTTP statuses so that they read at a glance.
const (
	CodeBadTarget    websocket.StatusCode = 4400
	CodeRefused      websocket.StatusCode = 4403
	CodeIdle         websocket.StatusCode = 4408
	CodeBusy         websocket.StatusCode = 4409
	CodeTerminalGone websocket.StatusCode = 4410
	CodeCannotDial   websocket.StatusCode = 4502
)

// ending is why a bridge connection ends: the code and reason the page
// gets, and the same for the log.
type ending struct {
	code   websocket.StatusCode
	reason string
	// byPage is set when the page closed or is gone: no close frame is
	// sent to it.
	byPage bool
}

// maxReason is the most a close frame's reason can hold (125 bytes less
// the code).
const maxReason = 123

// clip shortens a reason to fit a close frame, on a rune boundary.
func clip(reason string) string {
	if len(reason) <= maxReason {
		return reason
	}
	cut := maxReason - len("…")
	for cut > 0 && !utf8.RuneStart(reason[cut]) {
		cut--
	}
	return reason[:cut] + "…"
}
