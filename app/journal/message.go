package journal

import (
	"context"
	"errors"
)

// UserMessage says in plain words what a journal error means for the
// cashier, and above all whether anything reached the terminal: a failed
// Begin (or open) means nothing was sent, a failed Append means the
// terminal may have done something the journal could not record. It
// returns "" for nil.
func UserMessage(err error) string {
	if err == nil {
		return ""
	}
	op := ""
	if oe, ok := errors.AsType[*OpError](err); ok {
		op = oe.Op
	}
	why := "storage is full or blocked"
	switch {
	case errors.Is(err, ErrFull):
		why = "the browser's storage for this app is full"
	case errors.Is(err, ErrClosed):
		why = "it was closed"
	// Before ErrUnavailable, which an open that timed out wraps too: a
	// storage that is slow is not one that is turned off.
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		why = "the browser's storage did not answer in time"
	case errors.Is(err, ErrUnavailable):
		why = "the browser's storage is blocked or turned off, as in some private windows"
	}

	switch op {
	case OpBegin:
		switch {
		case errors.Is(err, ErrExists):
			return "This transaction's reference is already in the journal, so it was not started: nothing was sent. Try again."
		case errors.Is(err, ErrInvalid):
			return "The transaction could not be written to the journal (it is incomplete), so charging is stopped: nothing was sent."
		}
		return "The journal could not be written (" + why + "), so charging is stopped: nothing was sent."
	case OpAppend:
		switch {
		case errors.Is(err, ErrNotFound):
			return "This transaction is not in the journal, so the step was not recorded."
		case errors.Is(err, ErrBadTransition):
			return "This step does not fit where the transaction stands, so it was not recorded."
		}
		return "The journal could not record this step (" + why + "). Check the terminal's screen or slip for the result; charging is stopped until the journal works again."
	case OpGet:
		if errors.Is(err, ErrNotFound) {
			return "This transaction is not in the journal."
		}
	case OpOpen:
		return "The journal could not be opened (" + why + "), so charging is stopped: nothing was sent. Reload the page; if this persists, use a normal (not private) window or free up storage."
	}
	return "The journal could not be read (" + why + "). Reload the page; charging is stopped until the journal works again."
}
