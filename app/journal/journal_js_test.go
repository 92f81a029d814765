//go:build js && wasm

package journal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"syscall/js"
	"testing"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/testkit"
)

// These run in headless Chromium through wasmbrowsertest:
//
//	PATH=$HOME/go/bin:$PATH GOOS=js GOARCH=wasm go test ./app/journal/

// dbName is unique per test and run, so tests never see each other's data
// even when a previous run left a database behind.
func dbName(t *testing.T) string {
	return fmt.Sprintf("lanepay-test-%s-%d", strings.ReplaceAll(t.Name(), "/", "-"), time.Now().UnixNano())
}

func factory(t *testing.T) *idb.Factory {
	t.Helper()
	f, err := idb.WrapFactory(js.Global().Get("indexedDB"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// dropDB deletes a test database once every connection to it is closed.
// It runs in Cleanup, after t.Context() is cancelled.
func dropDB(t *testing.T, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := factory(t).DeleteDatabase(name)
	if err == nil {
		err = req.Await(ctx)
	}
	if err != nil {
		t.Logf("failed to delete test database %s: %v", name, err)
	}
}

func openStore(t *testing.T, name string) Store {
	t.Helper()
	s, err := OpenIndexedDB(t.Context(), name)
	if err != nil {
		t.Fatalf("OpenIndexedDB(%s): %v", name, err)
	}
	return s
}

func newIDBStore(t *testing.T) Store {
	name := dbName(t)
	s := openStore(t, name)
	t.Cleanup(func() {
		_ = s.Close()
		dropDB(t, name)
	})
	return s
}

func TestIndexedDB(t *testing.T) {
	runStoreTests(t, newIDBStore, 10)
}

// The reload case: everything written before the page went away is there
// when it opens the journal again.
func TestIndexedDBReopen(t *testing.T) {
	name := dbName(t)
	t.Cleanup(func() { dropDB(t, name) })

	s := openStore(t, name)
	mustBegin(t, s, sale("P1", 1250, day1))
	mustBegin(t, s, sale("P2", 500, day1.Add(time.Minute)))
	mustAppend(t, s, "P2", Event{State: pos.StateSent, Frames: []Frame{{Time: day1, Dir: DirOut, Kind: "request", Raw: `{"AMOUNT":"500"}`}}})
	want := mustAppend(t, s, "P2", Event{State: pos.StateApproved, Fields: map[string]string{FieldResult: "00", FieldMessage: "OK"}})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openStore(t, name)
	defer s.Close()
	sameRecord(t, mustGet(t, s, "P2"), want)
	unresolved, err := s.Unresolved(t.Context())
	if err != nil || !slices.Equal(refs(unresolved), []string{"P1"}) {
		t.Errorf("unresolved after reopen: %v %v", refs(unresolved), err)
	}
	list, err := s.List(t.Context(), Filter{Day: day1})
	if err != nil || !slices.Equal(refs(list), []string{"P2", "P1"}) {
		t.Errorf("list after reopen: %v %v", refs(list), err)
	}
	// And the journal goes on from where it was.
	mustAppend(t, s, "P1", Event{State: pos.StateUnknown, By: "recovery"})
}

// Begin returns after the transaction completed: another connection (as a
// second tab would) sees the record at once.
func TestIndexedDBBeginIsCommitted(t *testing.T) {
	name := dbName(t)
	t.Cleanup(func() { dropDB(t, name) })
	writer := openStore(t, name)
	defer writer.Close()
	reader := openStore(t, name)
	defer reader.Close()

	mustBegin(t, writer, sale("K1", 100, day1))
	if r := mustGet(t, reader, "K1"); r.State != pos.StatePending {
		t.Errorf("other connection sees %+v", r)
	}
	mustAppend(t, writer, "K1", Event{State: pos.StateSent})
	if r := mustGet(t, reader, "K1"); r.State != pos.StateSent {
		t.Errorf("other connection sees %s after Append", r.State)
	}
}

// replaceIndexedDB defines window.indexedDB with the property descriptor
// for the rest of the (sub)test, then puts the browser's own back exactly
// as it was.
func replaceIndexedDB(t *testing.T, descriptor map[string]any) {
	t.Helper()
	object, global := js.Global().Get("Object"), js.Global()
	own := object.Call("getOwnPropertyDescriptor", global, "indexedDB")
	object.Call("defineProperty", global, "indexedDB", descriptor)
	t.Cleanup(func() {
		if own.IsUndefined() {
			js.Global().Get("Reflect").Call("deleteProperty", global, "indexedDB")
		} else {
			object.Call("defineProperty", global, "indexedDB", own)
		}
		if !js.Global().Get("indexedDB").Truthy() {
			t.Fatal("indexedDB was not restored")
		}
	})
}

func wantUnavailable(t *testing.T, err error, detail string) {
	t.Helper()
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("got %v, want ErrUnavailable", err)
	}
	if !strings.Contains(err.Error(), detail) {
		t.Errorf("%q does not mention %q", err, detail)
	}
	if oe, ok := errors.AsType[*OpError](err); !ok || oe.Op != OpOpen {
		t.Errorf("want an open OpError, got %#v", err)
	}
	if msg := UserMessage(err); !strings.Contains(msg, "could not be opened") {
		t.Errorf("UserMessage: %q", msg)
	}
}

func TestIndexedDBUnavailable(t *testing.T) {
	t.Run("NewerVersion", func(t *testing.T) {
		// A later version of the app upgraded the journal; this one must
		// not write to a layout it does not know.
		name := dbName(t)
		t.Cleanup(func() { dropDB(t, name) })
		req, err := factory(t).Open(t.Context(), name, schemaVersion+98, func(*idb.Database, uint, uint) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		db, err := req.Await(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		_ = db.Close()
		s, err := OpenIndexedDB(t.Context(), name)
		if s != nil {
			t.Error("a store came back with the error")
		}
		wantUnavailable(t, err, "VersionError")
	})

	t.Run("WrongLayout", func(t *testing.T) {
		// Same name and version, made by something else.
		name := dbName(t)
		t.Cleanup(func() { dropDB(t, name) })
		req, err := factory(t).Open(t.Context(), name, schemaVersion, func(db *idb.Database, _, _ uint) error {
			_, err := db.CreateObjectStore("other", idb.ObjectStoreOptions{})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		db, err := req.Await(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		_ = db.Close()
		_, err = OpenIndexedDB(t.Context(), name)
		wantUnavailable(t, err, `no "transactions" store`)
	})

	t.Run("NoIndexedDB", func(t *testing.T) {
		// As in a browser without IndexedDB: hide the global, then put it
		// back exactly as it was.
		replaceIndexedDB(t, map[string]any{"value": js.Undefined(), "configurable": true, "writable": true})
		if js.Global().Get("indexedDB").Truthy() {
			t.Fatal("could not hide indexedDB")
		}
		_, err := OpenIndexedDB(t.Context(), dbName(t))
		wantUnavailable(t, err, "no IndexedDB")
	})

	t.Run("GetterThrows", func(t *testing.T) {
		// As in a page whose storage is blocked (cookies off, some
		// sandboxes): reading window.indexedDB itself throws. The open
		// must fail at once, not panic or wait for its timeout.
		getter := js.Global().Get("Function").New(`throw new DOMException("The user denied permission to access the database.", "SecurityError")`)
		replaceIndexedDB(t, map[string]any{"get": getter, "configurable": true})
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		_, err := OpenIndexedDB(ctx, dbName(t))
		wantUnavailable(t, err, "SecurityError")
		if ctx.Err() != nil {
			t.Error("the open waited for its deadline")
		}
	})

	t.Run("OpenThrows", func(t *testing.T) {
		// As in a sandboxed frame or a browser that refuses storage: open
		// itself throws.
		fake := js.Global().Get("Object").New()
		fake.Set("open", js.Global().Get("Function").New(`throw new DOMException("storage is disabled", "SecurityError")`))
		_, err := openIndexedDB(t.Context(), fake, dbName(t))
		if !errors.Is(err, ErrUnavailable) || !strings.Contains(err.Error(), "SecurityError") {
			t.Errorf("got %v", err)
		}
	})

	t.Run("WriteFails", func(t *testing.T) {
		// The connection is gone (the browser closed it, or storage was
		// cleared): a write must fail, and say nothing was sent.
		s := newIDBStore(t)
		mustBegin(t, s, sale("W1", 100, day1))
		_ = s.(*idbStore).db.Close()

		err := s.Begin(t.Context(), sale("W2", 100, day1))
		if !errors.Is(err, ErrUnavailable) || errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "InvalidStateError") {
			t.Fatalf("Begin: got %v, want ErrUnavailable with InvalidStateError", err)
		}
		if msg := UserMessage(err); !strings.Contains(msg, "nothing was sent") {
			t.Errorf("UserMessage: %q", msg)
		}
		if _, err := s.Append(t.Context(), "W1", Event{State: pos.StateSent}); !errors.Is(err, ErrUnavailable) {
			t.Errorf("Append: got %v", err)
		}
		if _, err := s.Get(t.Context(), "W1"); !errors.Is(err, ErrUnavailable) {
			t.Errorf("Get: got %v", err)
		}
		if _, err := s.List(t.Context(), Filter{}); !errors.Is(err, ErrUnavailable) {
			t.Errorf("List: got %v", err)
		}
	})
}

// A cancelled wait is an error, never an empty answer: the library would
// report it as an undefined result, which reads as "not found".
func TestIndexedDBCancelled(t *testing.T) {
	s := newIDBStore(t)
	mustBegin(t, s, sale("Z1", 100, day1))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.Get(ctx, "Z1"); !errors.Is(err, context.Canceled) {
		t.Errorf("Get: got %v", err)
	}
	if _, err := s.List(ctx, Filter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("List: got %v", err)
	}
	if err := s.Begin(ctx, sale("Z2", 100, day1)); !errors.Is(err, context.Canceled) {
		t.Errorf("Begin: got %v", err)
	}
	if _, err := s.Get(t.Context(), "Z2"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a cancelled Begin wrote: %v", err)
	}
}

func TestPersist(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	granted, err := Persist(ctx)
	// Headless Chromium decides by its own rules; either answer is fine,
	// an error or a hang is not.
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("persistent storage granted: %v", granted)
	now, err := Persisted(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if now != granted {
		t.Errorf("Persisted = %v after Persist granted %v", now, granted)
	}
}

// Every write asks the browser to flush it to disk, but the move to sent
// (mustFlush): the durability each read-write transaction was opened with.
func TestIndexedDBDurability(t *testing.T) {
	s := newIDBStore(t)
	proto := js.Global().Get("IDBDatabase").Get("prototype")
	original := proto.Get("transaction")
	var seen []string
	spy := js.FuncOf(func(this js.Value, args []js.Value) any {
		if len(args) > 1 && args[1].String() == "readwrite" {
			d := "default"
			if len(args) > 2 && args[2].Type() == js.TypeObject && args[2].Get("durability").Type() == js.TypeString {
				d = args[2].Get("durability").String()
			}
			seen = append(seen, d)
		}
		argv := make([]any, len(args))
		for i, a := range args {
			argv[i] = a
		}
		return original.Call("apply", this, js.ValueOf(argv))
	})
	proto.Set("transaction", spy)
	t.Cleanup(func() {
		proto.Set("transaction", original)
		spy.Release()
	})

	mustBegin(t, s, sale("D1", 100, day1))
	mustAppend(t, s, "D1", Event{State: pos.StateSent})
	mustAppend(t, s, "D1", Event{State: pos.StateApproved})
	mustAppend(t, s, "D1", Event{Note: "a note"})
	want := []string{"strict", "relaxed", "strict", "strict"}
	if !slices.Equal(seen, want) {
		t.Errorf("read-write transactions opened with durability %v, want %v", seen, want)
	}
}

// TestIndexedDBFreeze: a page put in the back-forward cache (pagehide,
// persisted) ends the journal's transactions under way and closes it, so
// that the next page can open the journal; a list walking it then fails
// rather than hangs, and later calls fail as closed.
func TestIndexedDBFreeze(t *testing.T) {
	name := dbName(t)
	t.Cleanup(func() { dropDB(t, name) })
	s := openStore(t, name)
	ctx := t.Context()
	day := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := range 300 {
		if err := s.Begin(ctx, Record{Ref: fmt.Sprintf("R%04d", i), Created: day.Add(time.Duration(i) * time.Second)}); err != nil {
			t.Fatal(err)
		}
	}
	listed := make(chan error, 1)
	go func() {
		_, err := s.List(ctx, Filter{})
		listed <- err
	}()
	// The walk is under way once the list holds a transaction.
	st := s.(*idbStore)
	testkit.Eventually(t, "the list to start", func() bool {
		st.liveMu.Lock()
		defer st.liveMu.Unlock()
		return len(st.live) > 0
	})
	ev := js.Global().Get("PageTransitionEvent").New("pagehide", map[string]any{"persisted": true})
	js.Global().Call("dispatchEvent", ev)
	select {
	case err := <-listed:
		// Cut short: an error, never a short list passed off as whole.
		if err == nil {
			t.Error("the list under way ended without an error")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the list under way did not end")
	}
	if _, err := s.Get(ctx, "R0001"); !errors.Is(err, ErrClosed) {
		t.Errorf("Get after the freeze: %v, want ErrClosed", err)
	}
	// The next page opens the journal, and finds what was written.
	octx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	next, err := OpenIndexedDB(octx, name)
	if err != nil {
		t.Fatalf("the next open: %v", err)
	}
	defer next.Close()
	if r, err := next.Get(ctx, "R0299"); err != nil || r.Ref != "R0299" {
		t.Errorf("the next page reads %+v, %v", r, err)
	}
}
