//go:build js && wasm

package tabguard

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"
	"testing"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
)

// These tests run in headless Chromium (wasmbrowsertest) on its real
// IndexedDB. Each guard has a store, and so a connection, of its own, as
// each tab has: the claim's atomicity is the browser's, across
// connections.

// dbName is a database of the test's own.
func dbName(t *testing.T) string {
	return fmt.Sprintf("lanepay-tabs-test-%s-%d", t.Name(), time.Now().UnixNano())
}

func guardOn(name, owner string, ttl time.Duration) *Guard {
	return New(IndexedDB(name), &Options{TTL: ttl, Owner: owner})
}

func TestIndexedDBOneHolder(t *testing.T) {
	name := dbName(t)
	a, b := guardOn(name, "a", DefaultTTL), guardOn(name, "b", DefaultTTL)
	ctx := context.Background()
	release, err := a.Acquire(ctx)
	if err != nil {
		t.Fatalf("a: %v", err)
	}
	if r, err := b.Acquire(ctx); !errors.Is(err, ErrHeld) {
		if err == nil {
			r()
		}
		t.Fatalf("b while a holds the terminal: %v, want ErrHeld", err)
	}
	release()
	r, err := b.Acquire(ctx)
	if err != nil {
		t.Fatalf("b once a let go: %v", err)
	}
	r()
}

// Tabs pressing Charge at the same instant, each on its own connection:
// one takes the terminal.
func TestIndexedDBSimultaneousClaims(t *testing.T) {
	name := dbName(t)
	const n = 6
	guards := make([]*Guard, n)
	for i := range guards {
		guards[i] = guardOn(name, fmt.Sprintf("tab%d", i), DefaultTTL)
	}
	// Open every connection first (a claim alone), so that the claims
	// race each other rather than the opens.
	for _, g := range guards {
		r, err := g.Acquire(context.Background())
		if err != nil {
			t.Fatalf("%s alone: %v", g.Owner(), err)
		}
		r()
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	var held []func()
	refused := 0
	for _, g := range guards {
		wg.Go(func() {
			r, err := g.Acquire(context.Background())
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				held = append(held, r)
			case errors.Is(err, ErrHeld):
				refused++
			default:
				t.Errorf("%s: %v", g.Owner(), err)
			}
		})
	}
	wg.Wait()
	if len(held) != 1 || refused != n-1 {
		t.Fatalf("%d tabs took the terminal, %d were refused; want 1 and %d", len(held), refused, n-1)
	}
	held[0]()
}

// A lease left by a tab that crashed keeps the others out until it
// expires, and no longer.
func TestIndexedDBCrashedLeaseExpires(t *testing.T) {
	name := dbName(t)
	const ttl = 600 * time.Millisecond
	until := time.Now().Add(ttl)
	err := IndexedDB(name).Update(context.Background(), func(*Lease) (*Lease, bool) {
		return &Lease{Owner: "crashed", Until: until.UnixMilli()}, true
	})
	if err != nil {
		t.Fatal(err)
	}
	b := guardOn(name, "b", ttl)
	if r, err := b.Acquire(context.Background()); !errors.Is(err, ErrHeld) {
		if err == nil {
			r()
		}
		t.Fatalf("b before the crashed tab's lease ended: %v, want ErrHeld", err)
	}
	time.Sleep(time.Until(until) + 50*time.Millisecond)
	r, err := b.Acquire(context.Background())
	if err != nil {
		t.Fatalf("b after the crashed tab's lease ended: %v", err)
	}
	r()
}

// A holder's lease is renewed while it holds the terminal: several terms
// on, the other tab is still refused.
func TestIndexedDBRenewed(t *testing.T) {
	name := dbName(t)
	// Terms long against a loaded machine's timer delays (a renewal is
	// due every third of one): this test is about renewal, not timing.
	const ttl = 2 * time.Second
	a, b := guardOn(name, "a", ttl), guardOn(name, "b", ttl)
	release, err := a.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	time.Sleep(3 * ttl)
	if r, err := b.Acquire(context.Background()); !errors.Is(err, ErrHeld) {
		if err == nil {
			r()
		}
		t.Fatalf("b three terms into a's holding: %v, want ErrHeld", err)
	}
}

// What is not a lease (an older format, a hand edit) counts as none.
func TestIndexedDBNotALease(t *testing.T) {
	name := dbName(t)
	s := IndexedDB(name).(*idbStore)
	if err := s.Update(context.Background(), func(*Lease) (*Lease, bool) { return nil, false }); err != nil {
		t.Fatal(err)
	}
	// Written by hand, as something else would.
	done := make(chan error, 1)
	go func() {
		db, err := s.open(context.Background())
		if err != nil {
			done <- err
			return
		}
		txn, err := db.Transaction(idb.TransactionReadWrite, storeName)
		if err != nil {
			done <- err
			return
		}
		st, _ := txn.ObjectStore(storeName)
		if _, err := st.PutKey(js.ValueOf(leaseKey), js.ValueOf("not a lease")); err != nil {
			done <- err
			return
		}
		done <- txn.Await(context.Background())
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	r, err := New(s, nil).Acquire(context.Background())
	if err != nil {
		t.Fatalf("over what is not a lease: %v", err)
	}
	r()
}
