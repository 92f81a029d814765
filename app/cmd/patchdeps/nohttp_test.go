package main

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestGoAppWithoutHTTP(t *testing.T) {
	read := releasedFiles(t, goApp, nil)
	files, err := goAppWithoutHTTP(read)
	if err != nil {
		t.Fatal(err)
	}
	// Natively, the released text, whole.
	for _, path := range []string{"pkg/app/http.go", "pkg/app/resource.go"} {
		orig, _ := read(path)
		if got := string(files[path]); got != notInBrowser+string(orig) {
			t.Errorf("%s is not the released file behind !wasm:\n%.300s", path, got)
		}
	}
	// In the browser, nothing that imports net/http or names the
	// server's Handler.
	for _, path := range []string{"pkg/app/wasm.go", "pkg/app/resource_wasm.go"} {
		if got := string(files[path]); !strings.HasPrefix(got, "//go:build wasm\n") {
			t.Errorf("%s is not for the browser only:\n%.200s", path, got)
		}
		wantText(t, files, path, nil, []string{`"net/http"`, "http.FileServer", "http.Handler", "*Handler"})
	}
	wantText(t, files, "pkg/app/resource_wasm.go",
		[]string{"func LocalDir(directory string) ResourceResolver {", "type localResourceResolver struct {\n\tdirectory string\n}", "func (r localResourceResolver) Resolve("}, nil)
	if len(files) != 4 {
		t.Errorf("%d files written, want 4: %v", len(files), slices.Sorted(maps.Keys(files)))
	}
	refusesOthers(t, goApp, "nohttp", []string{"pkg/app/http.go", "pkg/app/wasm.go", "pkg/app/resource.go"}, func(read reader) error {
		_, err := goAppWithoutHTTP(read)
		return err
	})
}
