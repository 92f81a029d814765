package main

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
)

// The storage patch. Where the browser blocks storage (all cookies
// blocked, some private modes), reading window.localStorage throws. go-app
// reaches its storages with a plain property read, and syscall/js does
// not survive an exception there: the Go program stops, with the page on
// screen and dead. go-app does so at start-up (its persisted states'
// clean-up walks local storage), so lanepay could not start at all. The
// patch reaches the storage through Reflect.get, whose exception is a Go
// panic, and each method recovers it: reads find nothing, writes fail
// with an error, as on a full storage.

// storageSHA256 is the hash of pkg/app/storage.go in go-app v10.1.11.
const storageSHA256 = "fd53ce1bb002f4751f5f6fcba3c921f6ee0f03d252a6172aa342c3e503875ea8"

//go:embed js_storage.go.in
var jsStorageGo string

// Where go-app's browser storage begins in storage.go; it runs to the end.
const jsStorageBegins = "type jsStorage struct {"

// blockableStorage returns the files of go-app v10.1.11 the storage patch
// writes, by path in the module.
func blockableStorage(read reader) (map[string][]byte, error) {
	src, err := released(read, goApp, "pkg/app/storage.go", storageSHA256)
	if err != nil {
		return nil, fmt.Errorf("the storage patch: %w", err)
	}
	at := strings.Index(src, jsStorageBegins)
	if at < 0 {
		return nil, errors.New("the storage patch: go-app's storage.go has no jsStorage where expected")
	}
	patched, err := edit(src[:at]+jsStorageGo, change{"\t\"encoding/json\"\n", "\t\"encoding/json\"\n\t\"fmt\"\n"})
	if err != nil {
		return nil, fmt.Errorf("the storage patch: go-app's storage.go: %w", err)
	}
	return map[string][]byte{"pkg/app/storage.go": patched}, nil
}
