//go:build !(js && wasm)

package journal

import (
	"errors"
	"testing"
)

func TestOpenIndexedDBNative(t *testing.T) {
	s, err := OpenIndexedDB(t.Context(), "x")
	if s != nil || !errors.Is(err, ErrUnavailable) {
		t.Errorf("got %v, %v; want nil, ErrUnavailable", s, err)
	}
	if ok, err := Persist(t.Context()); ok || !errors.Is(err, ErrUnavailable) {
		t.Errorf("Persist: got %v, %v", ok, err)
	}
}
