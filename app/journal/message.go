package journal

import (
	"context"
	"errors"

	"github.com/lanepay/lanepay/app/words"
)

// UserMessage is UserError's words in English, "" for nil: for logs, and
// wherever the cashier's language is not at hand.
func UserMessage(err error) string {
	if e := UserError(err); e != nil {
		return e.Error()
	}
	return ""
}

// UserError says in plain words what a journal error means for the
// cashier, and above all whether anything reached the terminal: a failed
// Begin (or open) means nothing was sent, a failed Append means the
// terminal may have done something the journal could not record. Its
// words are kept for translation (words.Lang.Err). It returns nil for nil.
func UserError(err error) error {
	if err == nil {
		return nil
	}
	op := ""
	if oe, ok := errors.AsType[*OpError](err); ok {
		op = oe.Op
	}
	why := words.Text("storage is full or blocked")
	switch {
	case errors.Is(err, ErrFull):
		why = words.Text("the browser's storage for this app is full")
	case errors.Is(err, ErrClosed):
		why = words.Text("it was closed")
	// Before ErrUnavailable, which an open that timed out wraps too: a
	// storage that is slow is not one that is turned off.
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		why = words.Text("the browser's storage did not answer in time")
	case errors.Is(err, ErrUnavailable):
		why = words.Text("the browser's storage is blocked or turned off, as in some private windows")
	}

	switch op {
	case OpBegin:
		switch {
		case errors.Is(err, ErrExists):
			return words.Errorf("This transaction's reference is already in the journal, so it was not started: nothing was sent. Try again.")
		case errors.Is(err, ErrInvalid):
			return words.Errorf("The transaction could not be written to the journal (it is incomplete), so charging is stopped: nothing was sent.")
		}
		return words.Errorf("The journal could not be written (%s), so charging is stopped: nothing was sent.", why)
	case OpAppend:
		switch {
		case errors.Is(err, ErrNotFound):
			return words.Errorf("This transaction is not in the journal, so the step was not recorded.")
		case errors.Is(err, ErrBadTransition):
			return words.Errorf("This step does not fit where the transaction stands, so it was not recorded.")
		}
		return words.Errorf("The journal could not record this step (%s). Check the terminal's screen or slip for the result; charging is stopped until the journal works again.", why)
	case OpGet:
		if errors.Is(err, ErrNotFound) {
			return words.Errorf("This transaction is not in the journal.")
		}
	case OpOpen:
		return words.Errorf("The journal could not be opened (%s), so charging is stopped: nothing was sent. Reload the page; if this persists, use a normal (not private) window or free up storage.", why)
	}
	return words.Errorf("The journal could not be read (%s). Reload the page; charging is stopped until the journal works again.", why)
}
