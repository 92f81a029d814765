//go:build js && wasm

package journal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/hack-pad/go-indexeddb/idb"
	"github.com/lanepay/lanepay/app/pos"
)

// The database layout. Every schema change gets a new schemaVersion and a
// step in upgrade; steps are never edited once shipped, because a browser
// may hold a journal of any age and must reach the newest layout without
// losing an entry.
const (
	schemaVersion = 1
	storeName     = "transactions"
	indexCreated  = "created"
	indexState    = "state"
	// formatVersion is the version of the JSON text of a record, kept in
	// each stored object so a later format can still read older records.
	formatVersion = 1
	// createdLayout writes Created in UTC with fixed width, so that
	// IndexedDB's string order is time order, to the nanosecond (a number
	// of nanoseconds would not fit a JavaScript number exactly).
	createdLayout = "2006-01-02T15:04:05.000000000Z"
	// openTimeout bounds an open that gets no answer, such as one blocked
	// by another tab holding an old version open, when ctx has no deadline.
	openTimeout = 15 * time.Second
)

// Each transaction is stored as one object: the keys IndexedDB indexes
// (ref, created, state) and the invoice as plain properties, and the whole Record as JSON
// text in "json". JSON text, rather than the record as a JavaScript object,
// because it round-trips Go's types exactly (times to the nanosecond with
// their offsets, int64 amounts, maps) with the encoding/json the app links
// anyway, instead of a reflection converter growing the wasm; the indexed
// copies are all IndexedDB needs to look inside.
func storedValue(r Record, text []byte) js.Value {
	return js.ValueOf(map[string]any{
		"ref":     r.Ref,
		"created": createdKey(r.Created),
		"state":   string(r.State),
		// Not indexed: List by invoice skips the others without decoding
		// them. An index on it can come with a schema version, and would
		// cover the records written since.
		"invoice": r.Invoice,
		"v":       formatVersion,
		"json":    string(text),
	})
}

func createdKey(t time.Time) string { return t.UTC().Format(createdLayout) }

func decodeStored(v js.Value) (Record, error) {
	text := v.Get("json")
	if text.Type() != js.TypeString {
		return Record{}, fmt.Errorf("%w: stored record has no JSON text", ErrUnavailable)
	}
	return decode([]byte(text.String()))
}

// idbStore is the journal in the browser's IndexedDB.
type idbStore struct {
	db     *idb.Database
	name   string
	closed atomic.Bool

	// live are the transactions of operations under way, which the page
	// ends when it is put away (freeze).
	liveMu sync.Mutex
	live   map[*idb.Transaction]struct{}
}

// hold keeps txn among the live transactions until the operation using
// it calls the returned func.
func (s *idbStore) hold(txn *idb.Transaction) (release func()) {
	s.liveMu.Lock()
	defer s.liveMu.Unlock()
	if s.live == nil {
		s.live = map[*idb.Transaction]struct{}{}
	}
	s.live[txn] = struct{}{}
	return func() {
		s.liveMu.Lock()
		defer s.liveMu.Unlock()
		delete(s.live, txn)
	}
}

// freeze aborts the transactions under way and closes the connection,
// for a page going into the browser's back-forward cache. A frozen page
// runs no JavaScript, so a transaction that needs it to go on (a cursor
// walking the journal) would stay open, and Chromium then holds the next
// page's open of the journal until the frozen one is evicted: the next
// page could not charge. An aborted write was not durable, so its caller
// had sent nothing; a write already durable is not undone.
func (s *idbStore) freeze() {
	if s.closed.Swap(true) {
		return
	}
	s.liveMu.Lock()
	for txn := range s.live {
		_ = txn.Abort()
	}
	s.liveMu.Unlock()
	_ = s.db.Close()
}

// freezeOnPageHide freezes s when the page is put in the back-forward
// cache (pagehide with persisted). A page closed for good needs nothing:
// the browser ends its transactions with it.
func (s *idbStore) freezeOnPageHide() {
	var hide js.Func
	hide = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Get("persisted").Truthy() {
			s.freeze()
			js.Global().Call("removeEventListener", "pagehide", hide)
			hide.Release()
		}
		return nil
	})
	js.Global().Call("addEventListener", "pagehide", hide)
}

// OpenIndexedDB opens (creating or upgrading) the journal database name
// in the browser's IndexedDB. When IndexedDB is missing, blocked, refuses
// the open (private mode, a newer version written by a later app, a
// sandboxed page) or does not answer, the error wraps ErrUnavailable and
// the caller must not charge.
func OpenIndexedDB(ctx context.Context, name string) (Store, error) {
	factory, err := globalIndexedDB()
	if err != nil {
		return nil, opError(OpOpen, "", fmt.Errorf("%w: %w", ErrUnavailable, named(err)))
	}
	s, err := openIndexedDB(ctx, factory, name)
	if err != nil {
		return nil, opError(OpOpen, "", err)
	}
	return s, nil
}

// globalIndexedDB reads window.indexedDB, whose getter throws where the
// page may not store anything (storage blocked, some sandboxes). A plain
// Get does not catch that: the exception would end the Go program. Through
// Reflect.get it comes back as an error.
func globalIndexedDB() (factory js.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			jerr, ok := r.(js.Error)
			if !ok {
				panic(r)
			}
			err = jerr
		}
	}()
	return js.Global().Get("Reflect").Call("get", js.Global(), "indexedDB"), nil
}

// openIndexedDB reads the factory it is given rather than idb.Global(),
// which panics when IndexedDB is missing and caches its first answer for
// the life of the page.
func openIndexedDB(ctx context.Context, factory js.Value, name string) (*idbStore, error) {
	if !factory.Truthy() {
		return nil, fmt.Errorf("%w: this browser has no IndexedDB", ErrUnavailable)
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, openTimeout)
		defer cancel()
	}
	f, err := idb.WrapFactory(factory)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, named(err))
	}
	// The upgrade runs inside the open request's events; an error
	// returned from it would panic inside the library's JavaScript
	// callback, so it is kept here and reported after the open.
	var upgradeErr error
	req, err := f.Open(ctx, name, schemaVersion, func(db *idb.Database, oldVersion, _ uint) error {
		upgradeErr = upgrade(db, oldVersion)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, named(err))
	}
	db, err := req.Await(ctx)
	if err == nil {
		// The library's Await reports a cancelled wait as success.
		err = ctx.Err()
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, named(err))
	}
	if err := errors.Join(upgradeErr, checkLayout(db)); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	s := &idbStore{db: db, name: name}
	s.freezeOnPageHide()
	return s, nil
}

// upgrade brings the layout from oldVersion to schemaVersion, one step at
// a time.
func upgrade(db *idb.Database, oldVersion uint) error {
	if oldVersion < 1 {
		store, err := db.CreateObjectStore(storeName, idb.ObjectStoreOptions{KeyPath: js.ValueOf("ref")})
		if err != nil {
			return fmt.Errorf("failed to create the journal store: %w", err)
		}
		if _, err := store.CreateIndex(indexCreated, js.ValueOf("created"), idb.IndexOptions{}); err != nil {
			return fmt.Errorf("failed to create the journal's created index: %w", err)
		}
		if _, err := store.CreateIndex(indexState, js.ValueOf("state"), idb.IndexOptions{}); err != nil {
			return fmt.Errorf("failed to create the journal's state index: %w", err)
		}
	}
	return nil
}

// checkLayout refuses a database that has the right version but not the
// store and indexes this code needs (a failed upgrade that still committed,
// or a database of the same name made by something else), rather than
// failing later in the middle of a charge.
func checkLayout(db *idb.Database) error {
	names, err := db.ObjectStoreNames()
	if err != nil {
		return err
	}
	if !slices.Contains(names, storeName) {
		return fmt.Errorf("the database has no %q store", storeName)
	}
	txn, err := db.Transaction(idb.TransactionReadOnly, storeName)
	if err != nil {
		return err
	}
	store, err := txn.ObjectStore(storeName)
	if err != nil {
		return err
	}
	indexes, err := store.IndexNames()
	if err != nil {
		return err
	}
	for _, want := range []string{indexCreated, indexState} {
		if !slices.Contains(indexes, want) {
			return fmt.Errorf("the %q store has no %q index", storeName, want)
		}
	}
	return nil
}

// storageErr classifies what IndexedDB said. Everything but a duplicate
// key and the caller's own cancellation is a storage failure.
func storageErr(err error) error {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	switch errorName(err) {
	case "ConstraintError":
		return fmt.Errorf("%w: %w", ErrExists, err)
	case "QuotaExceededError":
		return fmt.Errorf("%w: %w", ErrFull, named(err))
	}
	return fmt.Errorf("%w: %w", ErrUnavailable, named(err))
}

// errorName is the DOMException name behind err ("QuotaExceededError"),
// or "". The library converts errors from events into idb.DOMException,
// but an exception thrown by a call reaches us as a js.Error, whose
// message alone does not say which kind it was.
func errorName(err error) string {
	if de, ok := errors.AsType[idb.DOMException](err); ok {
		name, _, _ := strings.Cut(de.Error(), ":")
		return name
	}
	if je, ok := errors.AsType[js.Error](err); ok && je.Value.Type() == js.TypeObject {
		if name := je.Value.Get("name"); name.Type() == js.TypeString {
			return name.String()
		}
	}
	return ""
}

// named puts the exception's name in front of err when its message lacks
// it, so a report says "SecurityError: ..." and not just the message.
func named(err error) error {
	if name := errorName(err); name != "" && !strings.Contains(err.Error(), name) {
		return fmt.Errorf("%s: %w", name, err)
	}
	return err
}

func (s *idbStore) usable(ctx context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

// write starts a read-write transaction. Strict durability has the
// browser report it complete only once the data is flushed to disk, not
// merely handed to the operating system (Chrome's default is relaxed), so
// a power cut right after a charge cannot lose its pending entry.
// The caller of write and read calls release when it is done with the
// transaction (see hold).
func (s *idbStore) write(d idb.TransactionDurability) (*idb.Transaction, *idb.ObjectStore, func(), error) {
	txn, err := s.db.TransactionWithOptions(idb.TransactionOptions{
		Mode:       idb.TransactionReadWrite,
		Durability: d,
	}, storeName)
	if err != nil {
		return nil, nil, func() {}, err
	}
	release := s.hold(txn)
	store, err := txn.ObjectStore(storeName)
	return txn, store, release, err
}

func (s *idbStore) read() (*idb.ObjectStore, func(), error) {
	txn, err := s.db.Transaction(idb.TransactionReadOnly, storeName)
	if err != nil {
		return nil, func() {}, err
	}
	release := s.hold(txn)
	store, err := txn.ObjectStore(storeName)
	return store, release, err
}

// Begin returns only after the transaction's complete event, the point at
// which IndexedDB promises the write is durable.
func (s *idbStore) Begin(ctx context.Context, r Record) error {
	if err := s.usable(ctx); err != nil {
		return opError(OpBegin, r.Ref, err)
	}
	r, err := prepareBegin(r, time.Now())
	if err != nil {
		return opError(OpBegin, r.Ref, err)
	}
	text, err := encode(r)
	if err != nil {
		return opError(OpBegin, r.Ref, err)
	}
	txn, store, release, err := s.write(idb.DurabilityStrict)
	defer release()
	if err != nil {
		return opError(OpBegin, r.Ref, storageErr(err))
	}
	// add, not put: it refuses an existing key, which is how a duplicate
	// reference is caught inside the same transaction that writes.
	if _, err := store.Add(storedValue(r, text)); err != nil {
		_ = txn.Abort()
		return opError(OpBegin, r.Ref, storageErr(err))
	}
	return opError(OpBegin, r.Ref, storageErr(txn.Await(ctx)))
}

// Append reads, checks and writes in one read-write transaction, so two
// appends to one reference are serialised by IndexedDB and neither is
// lost. The transaction stays active between the read and the write
// because the Go code waiting on the read runs before control returns to
// the browser's event loop; nothing between them may wait on anything
// else (a timer, a channel fed by another event), or IndexedDB would
// commit the transaction early and the write would fail.
func (s *idbStore) Append(ctx context.Context, ref string, e Event) (Record, error) {
	if err := s.usable(ctx); err != nil {
		return Record{}, opError(OpAppend, ref, err)
	}
	durability := idb.DurabilityRelaxed
	if mustFlush(e) {
		durability = idb.DurabilityStrict
	}
	txn, store, release, err := s.write(durability)
	defer release()
	if err != nil {
		return Record{}, opError(OpAppend, ref, storageErr(err))
	}
	fail := func(err error) (Record, error) {
		_ = txn.Abort()
		return Record{}, opError(OpAppend, ref, err)
	}
	req, err := store.Get(js.ValueOf(ref))
	if err != nil {
		return fail(storageErr(err))
	}
	v, err := awaitRequest(ctx, req)
	if err != nil {
		return fail(storageErr(err))
	}
	if v.IsUndefined() {
		return fail(ErrNotFound)
	}
	r, err := decodeStored(v)
	if err != nil {
		return fail(err)
	}
	if r, err = Apply(r, e, time.Now()); err != nil {
		return fail(err)
	}
	r, text, err := roundTrip(r)
	if err != nil {
		return fail(err)
	}
	if _, err := store.Put(storedValue(r, text)); err != nil {
		return fail(storageErr(err))
	}
	if err := txn.Await(ctx); err != nil {
		return Record{}, opError(OpAppend, ref, storageErr(err))
	}
	return r, nil
}

func (s *idbStore) Get(ctx context.Context, ref string) (Record, error) {
	if err := s.usable(ctx); err != nil {
		return Record{}, opError(OpGet, ref, err)
	}
	store, release, err := s.read()
	defer release()
	if err != nil {
		return Record{}, opError(OpGet, ref, storageErr(err))
	}
	req, err := store.Get(js.ValueOf(ref))
	if err != nil {
		return Record{}, opError(OpGet, ref, storageErr(err))
	}
	v, err := awaitRequest(ctx, req)
	if err != nil {
		return Record{}, opError(OpGet, ref, storageErr(err))
	}
	if v.IsUndefined() {
		return Record{}, opError(OpGet, ref, ErrNotFound)
	}
	r, err := decodeStored(v)
	return r, opError(OpGet, ref, err)
}

// List walks the created index backwards (newest first), over one day's
// key range when f.Day is set, and stops at f.Limit, so a long journal is
// not read whole for a day's list.
func (s *idbStore) List(ctx context.Context, f Filter) ([]Record, error) {
	if err := s.usable(ctx); err != nil {
		return nil, opError(OpList, "", err)
	}
	store, release, err := s.read()
	defer release()
	if err != nil {
		return nil, opError(OpList, "", storageErr(err))
	}
	index, err := store.Index(indexCreated)
	if err != nil {
		return nil, opError(OpList, "", storageErr(err))
	}
	var cur *idb.CursorWithValueRequest
	if f.Day.IsZero() {
		cur, err = index.OpenCursor(idb.CursorPrevious)
	} else {
		start, end := f.dayRange()
		var kr *idb.KeyRange
		kr, err = idb.NewKeyRangeBound(js.ValueOf(createdKey(start)), js.ValueOf(createdKey(end)), false, true)
		if err == nil {
			cur, err = index.OpenCursorRange(kr, idb.CursorPrevious)
		}
	}
	if err != nil {
		return nil, opError(OpList, "", storageErr(err))
	}
	recs := []Record{}
	err = iterate(ctx, cur, func(v js.Value) error {
		// The state is checked on the stored object before the JSON is
		// decoded, since most filters are by state.
		if len(f.States) > 0 && !slices.Contains(f.States, pos.State(v.Get("state").String())) {
			return nil
		}
		// So is the invoice: a hand-off's look-up walks the journal.
		if inv := v.Get("invoice"); f.Invoice != "" && (inv.Type() != js.TypeString || inv.String() != f.Invoice) {
			return nil
		}
		r, err := decodeStored(v)
		if err != nil {
			return err
		}
		if !f.match(r) {
			return nil
		}
		recs = append(recs, r)
		if f.Limit > 0 && len(recs) >= f.Limit {
			return idb.ErrCursorStopIter
		}
		return nil
	})
	if err != nil {
		return nil, opError(OpList, "", storageErr(err))
	}
	return recs, nil
}

// Unresolved reads the state index for each unresolved state, so startup
// recovery does not decode the whole journal.
func (s *idbStore) Unresolved(ctx context.Context) ([]Record, error) {
	if err := s.usable(ctx); err != nil {
		return nil, opError(OpUnresolved, "", err)
	}
	store, release, err := s.read()
	defer release()
	if err != nil {
		return nil, opError(OpUnresolved, "", storageErr(err))
	}
	index, err := store.Index(indexState)
	if err != nil {
		return nil, opError(OpUnresolved, "", storageErr(err))
	}
	recs := []Record{}
	for _, st := range unresolvedStates {
		cur, err := index.OpenCursorKey(js.ValueOf(string(st)), idb.CursorNext)
		if err != nil {
			return nil, opError(OpUnresolved, "", storageErr(err))
		}
		err = iterate(ctx, cur, func(v js.Value) error {
			r, err := decodeStored(v)
			if err == nil {
				recs = append(recs, r)
			}
			return err
		})
		if err != nil {
			return nil, opError(OpUnresolved, "", storageErr(err))
		}
	}
	sortOldestFirst(recs)
	return recs, nil
}

// Close closes the connection; IndexedDB lets transactions already started
// finish first, so a Begin or Append in flight is not cut short.
func (s *idbStore) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	return opError(OpClose, "", storageErr(s.db.Close()))
}

// awaitRequest waits for a request. The library's Await returns an
// undefined result and no error when ctx ends first, which would read as
// "not found"; the context is checked so that it cannot.
func awaitRequest(ctx context.Context, req *idb.Request) (js.Value, error) {
	v, err := req.Await(ctx)
	if err == nil {
		err = ctx.Err()
	}
	return v, err
}

// iterate runs visit on each value of a cursor. As with awaitRequest, the
// library ends an iteration cut short by ctx without an error, which would
// pass for a complete (shorter) list.
func iterate(ctx context.Context, cur *idb.CursorWithValueRequest, visit func(js.Value) error) error {
	err := cur.Iter(ctx, func(c *idb.CursorWithValue) error {
		v, err := c.Value()
		if err != nil {
			return err
		}
		return visit(v)
	})
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// Persisted reports whether the browser already keeps this site's
// storage (Persist granted, now or earlier), without asking anything.
func Persisted(ctx context.Context) (bool, error) {
	return storageCall(ctx, "persisted")
}

// Persist asks the browser to keep this site's storage, the journal
// included, when it runs short of space; without it the journal is "best
// effort" storage the browser may evict. Chrome answers by its own rules
// (granted for an installed app), Firefox may ask the user, so call it
// after a user gesture such as the first charge. granted is false when the
// browser declined or does not support it.
func Persist(ctx context.Context) (granted bool, err error) {
	return storageCall(ctx, "persist")
}

// storageCall calls navigator.storage's persist or persisted. A page that
// is not a secure context (plain HTTP on the LAN) has no StorageManager.
func storageCall(ctx context.Context, method string) (bool, error) {
	storage := js.Global().Get("navigator").Get("storage")
	if !storage.Truthy() || storage.Get(method).Type() != js.TypeFunction {
		return false, fmt.Errorf("%w: this browser cannot make storage persistent", ErrUnavailable)
	}
	v, err := awaitPromise(ctx, storage.Call(method))
	if err != nil {
		return false, fmt.Errorf("failed to ask whether the journal's storage is persistent: %w", err)
	}
	return v.Truthy(), nil
}

// awaitPromise waits for a JavaScript promise. Its callbacks are released
// only once the promise settles, since calling a released function panics.
func awaitPromise(ctx context.Context, p js.Value) (js.Value, error) {
	type result struct {
		v   js.Value
		err error
	}
	ch := make(chan result, 1)
	arg := func(args []js.Value) js.Value {
		if len(args) == 0 {
			return js.Undefined()
		}
		return args[0]
	}
	then := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{v: arg(args)}
		return nil
	})
	catch := js.FuncOf(func(_ js.Value, args []js.Value) any {
		ch <- result{err: js.Error{Value: arg(args)}}
		return nil
	})
	release := func() { then.Release(); catch.Release() }
	p.Call("then", then, catch)
	select {
	case r := <-ch:
		release()
		return r.v, r.err
	case <-ctx.Done():
		go func() { <-ch; release() }()
		return js.Undefined(), ctx.Err()
	}
}
