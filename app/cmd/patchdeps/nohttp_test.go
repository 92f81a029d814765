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
		got := string(files[path])
		if !strings.HasPrefix(got, "//go:build wasm\n") {
			t.Errorf("%s is not for the browser only:\n%.200s", path, got)
		}
		for _, bad := range []string{`"net/http"`, "http.FileServer", "http.Handler", "*Handler"} {
			if strings.Contains(got, bad) {
				t.Errorf("%s still has %s:\n%s", path, bad, got)
			}
		}
	}
	for _, want := range []string{"func LocalDir(directory string) ResourceResolver {", "type localResourceResolver struct {\n\tdirectory string\n}", "func (r localResourceResolver) Resolve("} {
		if !strings.Contains(string(files["pkg/app/resource_wasm.go"]), want) {
			t.Errorf("resource_wasm.go lacks %q", want)
		}
	}
	if len(files) != 4 {
		t.Errorf("%d files written, want 4: %v", len(files), slices.Sorted(maps.Keys(files)))
	}
	refusesOthers(t, goApp, "nohttp", []string{"pkg/app/http.go", "pkg/app/wasm.go", "pkg/app/resource.go"}, func(read reader) error {
		_, err := goAppWithoutHTTP(read)
		return err
	})
}

func TestWebsocketWithoutHTTP(t *testing.T) {
	files, err := websocketWithoutHTTP(releasedFiles(t, websocket, nil))
	if err != nil {
		t.Fatal(err)
	}
	got := string(files["ws_js.go"])
	for _, bad := range []string{`"net/http"`, "http.ResponseWriter", "http.Status", "&http.Response"} {
		if strings.Contains(got, bad) {
			t.Errorf("ws_js.go still has %s", bad)
		}
	}
	for _, want := range []string{"func Dial(ctx context.Context, url string, opts *DialOptions) (*Conn, *Response, error) {", "type Response struct {\n\tStatusCode int\n}", "&Response{StatusCode: 101}", "func Accept(w, r any, opts *AcceptOptions) (*Conn, error) {"} {
		if !strings.Contains(got, want) {
			t.Errorf("ws_js.go lacks %q", want)
		}
	}
	if len(files) != 1 {
		t.Errorf("%d files written, want 1: %v", len(files), slices.Sorted(maps.Keys(files)))
	}
	refusesOthers(t, websocket, "nohttp", []string{"ws_js.go"}, func(read reader) error {
		_, err := websocketWithoutHTTP(read)
		return err
	})
}
