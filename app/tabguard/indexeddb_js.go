//go:build js && wasm

package tabguard

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"syscall/js"

	"github.com/hack-pad/go-indexeddb/idb"
)

// The lease database's layout: one object store, one key.
const (
	dbVersion = 1
	storeName = "lease"
	leaseKey  = "terminal"
)

// IndexedDB is the lease in the browser's IndexedDB database name. It is
// a database of its own, apart from the journal's, so that neither's
// opening or upgrade ever waits on the other's. It opens at its first use
// and again after the browser closed it.
func IndexedDB(name string) Store { return &idbStore{name: name} }

type idbStore struct {
	name string
	mu   sync.Mutex
	db   *idb.Database
}

// Update runs f inside one read-write transaction on the lease: the
// browser runs such transactions one at a time across every tab of the
// origin, which is what makes the claim atomic.
func (s *idbStore) Update(ctx context.Context, f func(cur *Lease) (next *Lease, write bool)) error {
	db, err := s.open(ctx)
	if err != nil {
		return err
	}
	txn, err := db.TransactionWithOptions(idb.TransactionOptions{
		Mode: idb.TransactionReadWrite,
		// The lease need not outlive a power cut: it would have expired.
		Durability: idb.DurabilityRelaxed,
	}, storeName)
	if err != nil {
		// The connection is closed (site data cleared, the browser
		// closed it): open it again next time.
		s.forget(db)
		return fmt.Errorf("failed to start a transaction on the lease: %w", err)
	}
	store, err := txn.ObjectStore(storeName)
	if err != nil {
		_ = txn.Abort()
		return err
	}
	req, err := store.Get(js.ValueOf(leaseKey))
	if err != nil {
		_ = txn.Abort()
		return err
	}
	v, err := req.Await(ctx)
	if err == nil {
		// The library reports a cancelled wait as success.
		err = ctx.Err()
	}
	if err != nil {
		_ = txn.Abort()
		return fmt.Errorf("failed to read the lease: %w", err)
	}
	if next, write := f(decodeLease(v)); write {
		if next == nil {
			_, err = store.Delete(js.ValueOf(leaseKey))
		} else {
			_, err = store.PutKey(js.ValueOf(leaseKey), js.ValueOf(map[string]any{"owner": next.Owner, "until": next.Until}))
		}
		if err != nil {
			_ = txn.Abort()
			return fmt.Errorf("failed to write the lease: %w", err)
		}
	}
	if err := txn.Await(ctx); err != nil {
		return fmt.Errorf("failed to write the lease: %w", err)
	}
	return nil
}

func decodeLease(v js.Value) *Lease {
	if v.Type() != js.TypeObject {
		return nil
	}
	owner, until := v.Get("owner"), v.Get("until")
	if owner.Type() != js.TypeString || until.Type() != js.TypeNumber {
		return nil // not a lease: taken as none, and overwritten
	}
	return &Lease{Owner: owner.String(), Until: int64(until.Float())}
}

func (s *idbStore) open(ctx context.Context) (*idb.Database, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db != nil {
		return s.db, nil
	}
	factory, err := indexedDB()
	if err != nil {
		return nil, err
	}
	f, err := idb.WrapFactory(factory)
	if err != nil {
		return nil, err
	}
	// An error returned from the upgrade would panic inside the
	// library's callback: kept, and reported after the open.
	var upgradeErr error
	req, err := f.Open(ctx, s.name, dbVersion, func(db *idb.Database, oldVersion, _ uint) error {
		if oldVersion < 1 {
			_, upgradeErr = db.CreateObjectStore(storeName, idb.ObjectStoreOptions{})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("failed to open the lease database: %w", err)
	}
	db, err := req.Await(ctx)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = upgradeErr
	}
	if err != nil {
		return nil, fmt.Errorf("failed to open the lease database: %w", err)
	}
	s.db = db
	return db, nil
}

func (s *idbStore) forget(db *idb.Database) {
	s.mu.Lock()
	if s.db == db {
		s.db = nil
	}
	s.mu.Unlock()
	_ = db.Close()
}

// indexedDB reads window.indexedDB through Reflect.get: its getter throws
// where the page may not store anything, and a plain Get cannot survive
// that (the Go program ends).
func indexedDB() (factory js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("IndexedDB is blocked: %v", r)
		}
	}()
	factory = js.Global().Get("Reflect").Call("get", js.Global(), "indexedDB")
	if !factory.Truthy() {
		return js.Value{}, errors.New("this browser has no IndexedDB")
	}
	return factory, nil
}

// GiveBackOnPageHide gives the lease back when the page is hidden for
// good or put in the back-forward cache (pagehide), see PageHidden.
func (g *Guard) GiveBackOnPageHide() {
	hide := js.FuncOf(func(js.Value, []js.Value) any {
		// Not here: a JavaScript callback must not wait. The goroutine
		// runs, and starts the transaction, before the event ends.
		go g.PageHidden()
		return nil
	})
	js.Global().Call("addEventListener", "pagehide", hide)
}
