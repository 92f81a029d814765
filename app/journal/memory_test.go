package journal

import (
	"errors"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/pos"
)

func newMemoryStore(t *testing.T) Store {
	m := NewMemory()
	t.Cleanup(func() { _ = m.Close() })
	return m
}

func TestMemory(t *testing.T) {
	runStoreTests(t, newMemoryStore, 50)
}

// FailWrites stands for a full or blocked browser storage: the write is
// refused with an error the caller turns into "nothing was sent", and
// nothing is half-written.
func TestMemoryFailWrites(t *testing.T) {
	m := NewMemory()
	mustBegin(t, m, sale("W1", 100, day1))

	m.FailWrites(ErrFull)
	err := m.Begin(t.Context(), sale("W2", 100, day1))
	if !errors.Is(err, ErrFull) || !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Begin: got %v, want ErrFull", err)
	}
	if msg := UserMessage(err); !strings.Contains(msg, "nothing was sent") || !strings.Contains(msg, "full") {
		t.Errorf("UserMessage(%v) = %q", err, msg)
	}
	if m.Len() != 1 {
		t.Errorf("a failed Begin wrote: %d records", m.Len())
	}
	_, err = m.Append(t.Context(), "W1", Event{State: pos.StateSent})
	if !errors.Is(err, ErrFull) {
		t.Fatalf("Append: got %v", err)
	}
	if r := mustGet(t, m, "W1"); r.State != pos.StatePending || len(r.Events) != 1 {
		t.Errorf("a failed Append wrote: %+v", r)
	}

	m.FailWrites(nil)
	mustAppend(t, m, "W1", Event{State: pos.StateSent})
	mustBegin(t, m, sale("W2", 100, day1))
}

// Records handed out are copies: changing one does not change the journal.
func TestMemoryNoAliasing(t *testing.T) {
	m := NewMemory()
	r := sale("N1", 100, day1)
	r.Events = []Event{{Time: day1, State: pos.StatePending, Fields: map[string]string{"a": "1"}}}
	mustBegin(t, m, r)
	r.Events[0].Fields["a"] = "changed"
	got := mustGet(t, m, "N1")
	got.Events[0].Fields["a"] = "changed too"
	got.Events = append(got.Events, Event{Note: "extra"})
	again := mustGet(t, m, "N1")
	if again.Events[0].Fields["a"] != "1" || len(again.Events) != 1 {
		t.Errorf("journal changed through a copy: %+v", again)
	}
}
