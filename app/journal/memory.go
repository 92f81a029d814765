package journal

import (
	"context"
	"sync"
	"time"
)

// Memory is a Store in memory, for native tests and the soak test. It keeps
// each record as the JSON text IndexedDB would keep, so what it returns
// behaves exactly like the browser store's records and never aliases the
// caller's slices or maps. Safe for concurrent use.
type Memory struct {
	mu     sync.Mutex
	recs   map[string][]byte
	closed bool
	fail   error
	now    func() time.Time
}

// NewMemory returns an empty journal in memory.
func NewMemory() *Memory {
	return &Memory{recs: make(map[string][]byte), now: time.Now}
}

// FailWrites makes every later Begin and Append fail with err (for
// example ErrFull), as a full or blocked browser storage would, so callers
// can test that they refuse to charge; nil makes writes work again.
func (m *Memory) FailWrites(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fail = err
}

// Len is the number of transactions in the journal.
func (m *Memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.recs)
}

// usable is the check every call starts with; the caller holds mu.
func (m *Memory) usable(ctx context.Context) error {
	if m.closed {
		return ErrClosed
	}
	return ctx.Err()
}

func (m *Memory) Begin(ctx context.Context, r Record) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return opError(OpBegin, r.Ref, err)
	}
	r, err := prepareBegin(r, m.now())
	if err != nil {
		return opError(OpBegin, r.Ref, err)
	}
	if _, ok := m.recs[r.Ref]; ok {
		return opError(OpBegin, r.Ref, ErrExists)
	}
	if m.fail != nil {
		return opError(OpBegin, r.Ref, m.fail)
	}
	_, b, err := roundTrip(r)
	if err != nil {
		return opError(OpBegin, r.Ref, err)
	}
	m.recs[r.Ref] = b
	return nil
}

func (m *Memory) Append(ctx context.Context, ref string, e Event) (Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return Record{}, opError(OpAppend, ref, err)
	}
	b, ok := m.recs[ref]
	if !ok {
		return Record{}, opError(OpAppend, ref, ErrNotFound)
	}
	r, err := decode(b)
	if err != nil {
		return Record{}, opError(OpAppend, ref, err)
	}
	if r, err = Apply(r, e, m.now()); err != nil {
		return Record{}, opError(OpAppend, ref, err)
	}
	if m.fail != nil {
		return Record{}, opError(OpAppend, ref, m.fail)
	}
	r, b, err = roundTrip(r)
	if err != nil {
		return Record{}, opError(OpAppend, ref, err)
	}
	m.recs[ref] = b
	return r, nil
}

func (m *Memory) Get(ctx context.Context, ref string) (Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return Record{}, opError(OpGet, ref, err)
	}
	b, ok := m.recs[ref]
	if !ok {
		return Record{}, opError(OpGet, ref, ErrNotFound)
	}
	r, err := decode(b)
	return r, opError(OpGet, ref, err)
}

func (m *Memory) List(ctx context.Context, f Filter) ([]Record, error) {
	recs, err := m.all(ctx, OpList, f.match)
	if err != nil {
		return nil, err
	}
	sortNewestFirst(recs)
	if f.Limit > 0 && len(recs) > f.Limit {
		recs = recs[:f.Limit]
	}
	return recs, nil
}

func (m *Memory) Unresolved(ctx context.Context) ([]Record, error) {
	recs, err := m.all(ctx, OpUnresolved, Record.Unresolved)
	if err != nil {
		return nil, err
	}
	sortOldestFirst(recs)
	return recs, nil
}

// all decodes every record keep accepts, in no order.
func (m *Memory) all(ctx context.Context, op string, keep func(Record) bool) ([]Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.usable(ctx); err != nil {
		return nil, opError(op, "", err)
	}
	recs := []Record{}
	for ref, b := range m.recs {
		r, err := decode(b)
		if err != nil {
			return nil, opError(op, ref, err)
		}
		if keep(r) {
			recs = append(recs, r)
		}
	}
	return recs, nil
}

// Close makes later calls fail with ErrClosed. The records are dropped:
// unlike IndexedDB, memory does not outlive its store.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	m.recs = nil
	return nil
}
