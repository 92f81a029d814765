package journal

import (
	"context"
	"sync"
)

// Background is a Store that is still opening. Its calls wait for the open
// to finish, then go to the opened store or fail with the open's error, so
// the page can connect to the terminal while IndexedDB opens instead of
// after: nothing can be journalled, and so nothing sent, before it is open.
type Background struct {
	ready chan struct{}
	mu    sync.Mutex
	store Store
	err   error
}

// OpenInBackground starts open and returns at once.
func OpenInBackground(open func() (Store, error)) *Background {
	b := &Background{ready: make(chan struct{})}
	go func() {
		s, err := open()
		b.mu.Lock()
		b.store, b.err = s, err
		b.mu.Unlock()
		close(b.ready)
	}()
	return b
}

func (b *Background) wait(ctx context.Context) (Store, error) {
	select {
	case <-b.ready:
	case <-ctx.Done():
		return nil, &OpError{Op: OpOpen, Err: ctx.Err()}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.store, b.err
}

// Opened is closed once the open has finished, well or not.
func (b *Background) Opened() <-chan struct{} { return b.ready }

// Err is the open's error once it has finished, nil before.
func (b *Background) Err() error {
	select {
	case <-b.ready:
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.err
	default:
		return nil
	}
}

// Begin implements Store.
func (b *Background) Begin(ctx context.Context, r Record) error {
	s, err := b.wait(ctx)
	if err != nil {
		return err
	}
	return s.Begin(ctx, r)
}

// Append implements Store.
func (b *Background) Append(ctx context.Context, ref string, e Event) (Record, error) {
	s, err := b.wait(ctx)
	if err != nil {
		return Record{}, err
	}
	return s.Append(ctx, ref, e)
}

// Get implements Store.
func (b *Background) Get(ctx context.Context, ref string) (Record, error) {
	s, err := b.wait(ctx)
	if err != nil {
		return Record{}, err
	}
	return s.Get(ctx, ref)
}

// List implements Store.
func (b *Background) List(ctx context.Context, f Filter) ([]Record, error) {
	s, err := b.wait(ctx)
	if err != nil {
		return nil, err
	}
	return s.List(ctx, f)
}

// Unresolved implements Store.
func (b *Background) Unresolved(ctx context.Context) ([]Record, error) {
	s, err := b.wait(ctx)
	if err != nil {
		return nil, err
	}
	return s.Unresolved(ctx)
}

// Close implements Store; it waits for the open.
func (b *Background) Close() error {
	<-b.ready
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.store == nil {
		return nil
	}
	return b.store.Close()
}
