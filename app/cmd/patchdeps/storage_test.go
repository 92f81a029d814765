package main

import (
	"bytes"
	"testing"
)

func TestBlockableStorage(t *testing.T) {
	files, err := blockableStorage(releasedFiles(t, goApp, nil))
	if err != nil {
		t.Fatal(err)
	}
	got := files["pkg/app/storage.go"]
	for _, w := range []string{"func (s *jsStorage) object() Value {", `Call("get", Window(), s.name)`, "\t\"fmt\"\n", "type BrowserStorage interface {", "lanepay"} {
		if !bytes.Contains(got, []byte(w)) {
			t.Errorf("patched storage.go lacks %q", w)
		}
	}
	// No plain property read of the storage is left.
	if bytes.Contains(got, []byte("Window().Get(s.name)")) {
		t.Error("patched storage.go still reads the storage with a plain Get")
	}
	refusesOthers(t, goApp, "storage", []string{"pkg/app/storage.go"}, func(read reader) error {
		_, err := blockableStorage(read)
		return err
	})
}
