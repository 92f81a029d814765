//go:build !(js && wasm)

package journal

import (
	"context"
	"fmt"
)

// OpenIndexedDB exists natively only so that code shared with the server
// build compiles; IndexedDB is in the browser alone, so it always fails
// with ErrUnavailable. Use NewMemory in native code.
func OpenIndexedDB(_ context.Context, _ string) (Store, error) {
	return nil, opError(OpOpen, "", fmt.Errorf("%w: IndexedDB exists only in the browser", ErrUnavailable))
}

// Persist has no browser storage to keep natively; it reports false with
// ErrUnavailable.
func Persist(context.Context) (bool, error) {
	return false, fmt.Errorf("%w: persistent storage exists only in the browser", ErrUnavailable)
}

// Persisted is Persist's question without the request: natively false,
// with ErrUnavailable.
func Persisted(ctx context.Context) (bool, error) { return Persist(ctx) }
