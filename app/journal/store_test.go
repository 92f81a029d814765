package journal

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

// This file is the contract every Store keeps. It has no build tag, so it
// runs against Memory natively (memory_test.go) and against IndexedDB in
// the browser (journal_js_test.go).

// day1 is a fixed local time; tests build the rest from it.
var day1 = time.Date(2025, 3, 14, 10, 0, 0, 0, time.Local)

func sale(ref string, amount pos.Amount, created time.Time) Record {
	return Record{
		Ref: ref, Terminal: "T1", TypeCode: "1", TypeName: "Sale", Role: string(pos.RoleSale),
		Amount: amount, Mode: "1", Created: created, State: pos.StatePending,
	}
}

func mustBegin(t *testing.T, s Store, r Record) {
	t.Helper()
	if err := s.Begin(t.Context(), r); err != nil {
		t.Fatalf("Begin(%s): %v", r.Ref, err)
	}
}

func mustAppend(t *testing.T, s Store, ref string, e Event) Record {
	t.Helper()
	r, err := s.Append(t.Context(), ref, e)
	if err != nil {
		t.Fatalf("Append(%s, %s): %v", ref, e.State, err)
	}
	return r
}

func mustGet(t *testing.T, s Store, ref string) Record {
	t.Helper()
	r, err := s.Get(t.Context(), ref)
	if err != nil {
		t.Fatalf("Get(%s): %v", ref, err)
	}
	return r
}

// sameRecord compares through JSON, the form both stores keep, so a time's
// monotonic reading or location pointer does not count.
func sameRecord(t *testing.T, got, want Record) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("record differs:\n got %s\nwant %s", g, w)
	}
}

func refs(recs []Record) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Ref
	}
	return out
}

// runStoreTests runs the Store contract; newStore returns a fresh, empty
// store and arranges its own cleanup. concurrency scales the concurrent
// append test (IndexedDB flushes each write to disk, so it gets fewer).
func runStoreTests(t *testing.T, newStore func(t *testing.T) Store, concurrency int) {
	t.Run("BeginAppendGet", func(t *testing.T) {
		s := newStore(t)
		mustBegin(t, s, sale("A1", 1250, day1))
		r := mustGet(t, s, "A1")
		if r.State != pos.StatePending || !r.Created.Equal(day1) || !r.Updated.Equal(day1) || r.Amount != 1250 || r.Role != "sale" {
			t.Fatalf("after Begin: %+v", r)
		}
		if len(r.Events) != 1 || r.Events[0].State != pos.StatePending || !r.Events[0].Time.Equal(day1) {
			t.Fatalf("Begin should record a first pending event: %+v", r.Events)
		}

		sent := day1.Add(time.Second)
		out := Frame{Time: sent, Dir: DirOut, Kind: "request", Raw: `{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"1250","REF_NO":"A1"}`}
		r = mustAppend(t, s, "A1", Event{Time: sent, State: pos.StateSent, By: "cashier", Frames: []Frame{out}})
		if r.State != pos.StateSent || !r.Updated.Equal(sent) {
			t.Fatalf("after sent: %+v", r)
		}

		done := day1.Add(5 * time.Second)
		fields := map[string]string{"RESP_CODE": "00", "RESP_MSG": "APPROVED", "AUTH_CODE": "123456", FieldResult: "00", FieldMessage: "APPROVED"}
		in := Frame{Time: done, Dir: DirIn, Kind: "outcome", Raw: `{"RESP_CODE":"00","RESP_MSG":"APPROVED","REF_NO":"A1"}`}
		r = mustAppend(t, s, "A1", Event{Time: done, State: pos.StateApproved, Note: "terminal approved", By: "terminal", Frames: []Frame{in}, Fields: fields})
		if r.State != pos.StateApproved || r.Message != "APPROVED" || r.Fields["AUTH_CODE"] != "123456" || !r.Updated.Equal(done) {
			t.Fatalf("after approved: %+v", r)
		}

		// A note-only event keeps the state, fields and message.
		later := day1.Add(time.Minute)
		r = mustAppend(t, s, "A1", Event{Time: later, Note: "slip printed", By: "cashier"})
		if r.State != pos.StateApproved || r.Message != "APPROVED" || r.Fields["RESP_CODE"] != "00" || !r.Updated.Equal(later) {
			t.Fatalf("after note: %+v", r)
		}
		if len(r.Events) != 4 {
			t.Fatalf("events: got %d, want 4", len(r.Events))
		}
		got := mustGet(t, s, "A1")
		sameRecord(t, got, r)
		if got.Events[1].Frames[0].Raw != out.Raw || got.Events[2].Frames[0].Dir != DirIn || got.Events[2].By != "terminal" {
			t.Errorf("frames not kept: %+v", got.Events)
		}

		// A state change without a message field takes the note as its
		// message; a zero event time is now.
		mustBegin(t, s, sale("A2", 100, day1))
		before := time.Now()
		r = mustAppend(t, s, "A2", Event{State: pos.StateUnknown, Note: "no answer in 120 s", By: "timeout"})
		if r.Message != "no answer in 120 s" || r.Updated.Before(before.Add(-time.Second)) || r.Events[1].Time.IsZero() {
			t.Fatalf("unknown: %+v", r)
		}
	})

	t.Run("Fidelity", func(t *testing.T) {
		s := newStore(t)
		created := time.Date(2025, 3, 14, 10, 0, 0, 123456789, time.FixedZone("IST", 5*3600+1800))
		r := sale("F1", pos.MaxAmount, created)
		r.OrigRef = "ORIG"
		r.Events = []Event{{Time: created, State: pos.StatePending, Note: "caf\u00e9 \u2713 \"quoted\"", Frames: []Frame{{Time: created, Dir: DirOut, Kind: "request", Raw: "{\"A\":\"\\u0000\"}\n"}}}}
		mustBegin(t, s, r)
		got := mustGet(t, s, "F1")
		if !got.Created.Equal(created) || got.Created.Nanosecond() != 123456789 || got.Amount != pos.MaxAmount {
			t.Errorf("created/amount: %v %d", got.Created, got.Amount)
		}
		if _, off := got.Created.Zone(); off != 5*3600+1800 {
			t.Errorf("offset lost: %v", got.Created)
		}
		if got.Events[0].Note != r.Events[0].Note || got.Events[0].Frames[0].Raw != r.Events[0].Frames[0].Raw {
			t.Errorf("text changed: %+v", got.Events[0])
		}
	})

	t.Run("BeginChecks", func(t *testing.T) {
		s := newStore(t)
		before := time.Now()
		if err := s.Begin(t.Context(), Record{Ref: "D1", Amount: 5}); err != nil {
			t.Fatal(err)
		}
		r := mustGet(t, s, "D1")
		if r.State != pos.StatePending || r.Created.Before(before.Add(-time.Second)) || len(r.Events) != 1 {
			t.Errorf("defaults: %+v", r)
		}
		for _, bad := range []Record{{Ref: ""}, {Ref: "  "}, {Ref: "D2", State: pos.StateSent}, {Ref: "D3", State: pos.StateApproved}} {
			err := s.Begin(t.Context(), bad)
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Begin(%+v): got %v, want ErrInvalid", bad, err)
			}
		}
		if _, err := s.Get(t.Context(), "D2"); !errors.Is(err, ErrNotFound) {
			t.Errorf("a refused Begin wrote D2: %v", err)
		}
	})

	t.Run("DuplicateBegin", func(t *testing.T) {
		s := newStore(t)
		mustBegin(t, s, sale("DUP", 100, day1))
		err := s.Begin(t.Context(), sale("DUP", 999, day1.Add(time.Hour)))
		if !errors.Is(err, ErrExists) {
			t.Fatalf("got %v, want ErrExists", err)
		}
		if oe, ok := errors.AsType[*OpError](err); !ok || oe.Op != OpBegin || oe.Ref != "DUP" {
			t.Errorf("want an OpError for begin DUP, got %#v", err)
		}
		if r := mustGet(t, s, "DUP"); r.Amount != 100 || !r.Created.Equal(day1) {
			t.Errorf("the original was overwritten: %+v", r)
		}
	})

	t.Run("BadTransition", func(t *testing.T) {
		s := newStore(t)
		mustBegin(t, s, sale("B1", 100, day1))
		_, err := s.Append(t.Context(), "B1", Event{Time: day1, State: pos.StateApproved, Note: "too early"})
		if !errors.Is(err, ErrBadTransition) || !strings.Contains(err.Error(), "from pending to approved") {
			t.Fatalf("got %v, want ErrBadTransition from pending to approved", err)
		}
		if _, err := s.Append(t.Context(), "B1", Event{State: "bogus"}); !errors.Is(err, ErrBadTransition) {
			t.Errorf("an unknown state: got %v", err)
		}
		mustAppend(t, s, "B1", Event{State: pos.StateSent})
		if _, err := s.Append(t.Context(), "B1", Event{State: pos.StateSent}); !errors.Is(err, ErrBadTransition) {
			t.Errorf("sent to sent: got %v", err)
		}
		r := mustGet(t, s, "B1")
		if r.State != pos.StateSent || len(r.Events) != 2 {
			t.Errorf("a refused append wrote something: %+v", r)
		}
	})

	t.Run("UnknownRef", func(t *testing.T) {
		s := newStore(t)
		if _, err := s.Get(t.Context(), "NOPE"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Get: got %v", err)
		}
		_, err := s.Append(t.Context(), "NOPE", Event{Note: "x"})
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Append: got %v", err)
		}
		if oe, ok := errors.AsType[*OpError](err); !ok || oe.Op != OpAppend {
			t.Errorf("want an append OpError, got %#v", err)
		}
		if _, err := s.Get(t.Context(), "NOPE"); !errors.Is(err, ErrNotFound) {
			t.Errorf("Append created the record: %v", err)
		}
	})

	t.Run("List", func(t *testing.T) {
		s := newStore(t)
		endOfDay1 := time.Date(2025, 3, 14, 23, 59, 59, 999999999, time.Local)
		day2 := time.Date(2025, 3, 15, 0, 0, 0, 0, time.Local)
		add := func(r Record, states ...pos.State) {
			mustBegin(t, s, r)
			for _, st := range states {
				mustAppend(t, s, r.Ref, Event{Time: r.Created, State: st})
			}
		}
		add(sale("L1", 1250, day1), pos.StateSent, pos.StateApproved)
		add(sale("L2", 500, day1.Add(time.Hour)), pos.StateSent, pos.StateDeclined)
		refund := sale("L3", 300, day1.Add(2*time.Hour))
		refund.Role, refund.TypeCode, refund.TypeName, refund.OrigRef = "refund", "3", "Refund", "L1"
		add(refund, pos.StateSent, pos.StateApproved)
		add(sale("L4", 700, endOfDay1))
		handed := sale("L5", 999, day2)
		handed.Invoice = "INV-7"
		add(handed, pos.StateSent, pos.StateUnknown)
		// Same creation time as L5: the reference breaks the tie.
		add(sale("L6", 1, day2))

		check := func(name string, f Filter, want ...string) {
			t.Helper()
			got, err := s.List(t.Context(), f)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if !slices.Equal(refs(got), want) {
				t.Errorf("%s: got %v, want %v", name, refs(got), want)
			}
		}
		check("all, newest first", Filter{}, "L6", "L5", "L4", "L3", "L2", "L1")
		check("day 1", Filter{Day: day1}, "L4", "L3", "L2", "L1")
		check("day 1 by its last instant", Filter{Day: endOfDay1}, "L4", "L3", "L2", "L1")
		check("day 2", Filter{Day: day2.Add(12 * time.Hour)}, "L6", "L5")
		check("no such day", Filter{Day: day1.AddDate(0, 0, -1)})
		check("approved", Filter{States: []pos.State{pos.StateApproved}}, "L3", "L1")
		check("approved or declined", Filter{States: []pos.State{pos.StateDeclined, pos.StateApproved}}, "L3", "L2", "L1")
		check("refunds", Filter{Role: "refund"}, "L3")
		check("query ref", Filter{Query: " l2 "}, "L2")
		check("query orig ref", Filter{Query: "L1", Role: "refund"}, "L3")
		check("query minor units", Filter{Query: "1250"}, "L1")
		check("query decimal", Filter{Query: "12.50", Decimals: 2}, "L1")
		check("query partial amount", Filter{Query: "9.9", Decimals: 2}, "L5")
		check("invoice", Filter{Invoice: "INV-7"}, "L5")
		check("invoice, exactly", Filter{Invoice: "inv-7"})
		check("limit", Filter{Limit: 2}, "L6", "L5")
		check("day and limit", Filter{Day: day1, Limit: 3}, "L4", "L3", "L2")
		check("state and limit", Filter{States: []pos.State{pos.StatePending}, Limit: 1}, "L6")
		check("everything", Filter{Day: day1, States: []pos.State{pos.StateApproved}, Role: "sale", Query: "12.5", Decimals: 2, Limit: 5}, "L1")

		// An empty journal lists nothing, not nil trouble.
		empty := newStore(t)
		got, err := empty.List(t.Context(), Filter{})
		if err != nil || len(got) != 0 {
			t.Errorf("empty: %v %v", got, err)
		}
	})

	t.Run("Unresolved", func(t *testing.T) {
		s := newStore(t)
		mustBegin(t, s, sale("U3", 1, day1.Add(3*time.Minute))) // pending
		mustBegin(t, s, sale("U1", 1, day1.Add(1*time.Minute)))
		mustAppend(t, s, "U1", Event{State: pos.StateSent}) // sent
		mustBegin(t, s, sale("U2", 1, day1.Add(2*time.Minute)))
		mustAppend(t, s, "U2", Event{State: pos.StateUnknown}) // unknown
		mustBegin(t, s, sale("U0", 1, day1))
		mustAppend(t, s, "U0", Event{State: pos.StateNotCharged}) // settled
		mustBegin(t, s, sale("U4", 1, day1.Add(4*time.Minute)))
		mustAppend(t, s, "U4", Event{State: pos.StateSent})
		mustAppend(t, s, "U4", Event{State: pos.StateApproved}) // settled

		got, err := s.Unresolved(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"U1", "U2", "U3"}; !slices.Equal(refs(got), want) {
			t.Fatalf("got %v, want %v (oldest first)", refs(got), want)
		}
		for _, r := range got {
			if !r.Unresolved() {
				t.Errorf("%s is %s", r.Ref, r.State)
			}
		}
		// Settling one takes it off the list.
		mustAppend(t, s, "U2", Event{State: pos.StateDeclined, By: "inquiry"})
		got, _ = s.Unresolved(t.Context())
		if want := []string{"U1", "U3"}; !slices.Equal(refs(got), want) {
			t.Errorf("after settling U2: got %v, want %v", refs(got), want)
		}
	})

	t.Run("ConcurrentAppends", func(t *testing.T) {
		s := newStore(t)
		mustBegin(t, s, sale("C1", 100, day1))
		const perWorker = 5
		var wg sync.WaitGroup
		errs := make(chan error, concurrency*perWorker)
		for w := range concurrency {
			wg.Go(func() {
				for i := range perWorker {
					if _, err := s.Append(t.Context(), "C1", Event{Note: fmt.Sprintf("w%d-%d", w, i)}); err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		r := mustGet(t, s, "C1")
		if len(r.Events) != 1+concurrency*perWorker {
			t.Fatalf("events: got %d, want %d", len(r.Events), 1+concurrency*perWorker)
		}
		seen := map[string]bool{}
		for _, e := range r.Events[1:] {
			seen[e.Note] = true
		}
		if len(seen) != concurrency*perWorker {
			t.Errorf("distinct notes: got %d, want %d", len(seen), concurrency*perWorker)
		}
	})

	t.Run("ConcurrentStateChange", func(t *testing.T) {
		// Two paths (the outcome and the timeout, say) race to settle the
		// same transaction: exactly one may win.
		s := newStore(t)
		mustBegin(t, s, sale("R1", 100, day1))
		mustAppend(t, s, "R1", Event{State: pos.StateSent})
		var wg sync.WaitGroup
		results := make(chan error, 2)
		for _, st := range []pos.State{pos.StateApproved, pos.StateUnknown} {
			wg.Go(func() {
				_, err := s.Append(t.Context(), "R1", Event{State: st})
				results <- err
			})
		}
		wg.Wait()
		close(results)
		var ok, refused int
		for err := range results {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrBadTransition):
				refused++
			default:
				t.Error(err)
			}
		}
		r := mustGet(t, s, "R1")
		// approved then unknown is refused, but unknown then approved is
		// allowed: either one or both apply, never a lost write.
		if ok+refused != 2 || len(r.Events) != 2+ok {
			t.Errorf("ok %d, refused %d, events %d", ok, refused, len(r.Events))
		}
	})

	t.Run("Closed", func(t *testing.T) {
		s := newStore(t)
		mustBegin(t, s, sale("X1", 1, day1))
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(t.Context(), "X1"); !errors.Is(err, ErrClosed) || !errors.Is(err, ErrUnavailable) {
			t.Errorf("Get after Close: %v", err)
		}
		if err := s.Begin(t.Context(), sale("X2", 1, day1)); !errors.Is(err, ErrClosed) {
			t.Errorf("Begin after Close: %v", err)
		}
		if _, err := s.List(t.Context(), Filter{}); !errors.Is(err, ErrClosed) {
			t.Errorf("List after Close: %v", err)
		}
		if _, err := s.Unresolved(t.Context()); !errors.Is(err, ErrClosed) {
			t.Errorf("Unresolved after Close: %v", err)
		}
	})
}
