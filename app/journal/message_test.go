package journal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestUserMessage(t *testing.T) {
	wrapped := func(op string, err error) error { return &OpError{Op: op, Ref: "R1", Err: err} }
	tests := []struct {
		name      string
		err       error
		want      []string
		notWanted []string
	}{
		{"nil", nil, nil, nil},
		{"begin full", wrapped(OpBegin, fmt.Errorf("%w: QuotaExceededError", ErrFull)), []string{"could not be written", "full", "nothing was sent"}, nil},
		{"begin blocked", wrapped(OpBegin, fmt.Errorf("%w: InvalidStateError", ErrUnavailable)), []string{"could not be written", "blocked", "nothing was sent"}, nil},
		{"begin timeout", wrapped(OpBegin, context.DeadlineExceeded), []string{"nothing was sent", "in time"}, nil},
		{"begin exists", wrapped(OpBegin, ErrExists), []string{"already", "nothing was sent"}, nil},
		{"begin invalid", wrapped(OpBegin, ErrInvalid), []string{"nothing was sent"}, nil},
		// After the send, the journal must not claim nothing was sent.
		{"append full", wrapped(OpAppend, ErrFull), []string{"could not record", "terminal", "full"}, []string{"nothing was sent"}},
		{"append bad transition", wrapped(OpAppend, ErrBadTransition), []string{"not recorded"}, []string{"nothing was sent"}},
		{"append not found", wrapped(OpAppend, ErrNotFound), []string{"not in the journal"}, nil},
		{"get not found", wrapped(OpGet, ErrNotFound), []string{"not in the journal"}, nil},
		{"open", wrapped(OpOpen, ErrUnavailable), []string{"could not be opened", "charging is stopped", "private"}, nil},
		{"open timed out", wrapped(OpOpen, fmt.Errorf("%w: %w", ErrUnavailable, context.DeadlineExceeded)), []string{"could not be opened", "in time"}, []string{"blocked"}},
		{"list closed", wrapped(OpList, ErrClosed), []string{"could not be read", "closed"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UserMessage(tt.err)
			if tt.err == nil {
				if got != "" {
					t.Errorf("got %q", got)
				}
				return
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, w := range tt.notWanted {
				if strings.Contains(got, w) {
					t.Errorf("%q should not say %q", got, w)
				}
			}
		})
	}
}

func TestOpErrorText(t *testing.T) {
	err := &OpError{Op: OpBegin, Ref: "R1", Err: fmt.Errorf("%w: QuotaExceededError", ErrFull)}
	if got, want := err.Error(), "failed to write the journal (begin R1): journal storage is unavailable: storage is full: QuotaExceededError"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if !errors.Is(err, ErrUnavailable) || !errors.Is(err, ErrFull) {
		t.Error("OpError does not unwrap")
	}
	if got := (&OpError{Op: OpList, Err: ErrClosed}).Error(); got != "failed to read the journal (list): journal storage is unavailable: the journal is closed" {
		t.Errorf("got %q", got)
	}
	if got := (&OpError{Op: OpOpen, Err: ErrUnavailable}).Error(); got != "failed to open the journal: journal storage is unavailable" {
		t.Errorf("got %q", got)
	}
}
