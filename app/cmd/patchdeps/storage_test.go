package main

import "testing"

func TestBlockableStorage(t *testing.T) {
	files, err := blockableStorage(releasedFiles(t, goApp, nil))
	if err != nil {
		t.Fatal(err)
	}
	// No plain property read of the storage is left.
	wantText(t, files, "pkg/app/storage.go",
		[]string{"func (s *jsStorage) object() Value {", `Call("get", Window(), s.name)`, "\t\"fmt\"\n", "type BrowserStorage interface {", "lanepay"},
		[]string{"Window().Get(s.name)"})
	refusesOthers(t, goApp, "storage", []string{"pkg/app/storage.go"}, func(read reader) error {
		_, err := blockableStorage(read)
		return err
	})
}
