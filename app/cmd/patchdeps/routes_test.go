package main

import (
	"bytes"
	"testing"
)

func TestRoutesByMatch(t *testing.T) {
	files, err := routesByMatch(releasedFiles(t, goApp, nil))
	if err != nil {
		t.Fatal(err)
	}
	got := files["pkg/app/route.go"]
	for _, w := range []string{"regexp.MustCompile(pattern).MatchString", "if rwr.match(path) {", "match        func(path string) bool", "lanepay"} {
		if !bytes.Contains(got, []byte(w)) {
			t.Errorf("patched route.go lacks %q", w)
		}
	}
	// The router holds no *regexp.Regexp: that is what linked the package
	// into every page.
	if bytes.Contains(got, []byte("*regexp.Regexp")) || bytes.Contains(got, []byte(".regexp.")) {
		t.Errorf("patched route.go still holds a *regexp.Regexp:\n%s", got)
	}
	refusesOthers(t, goApp, "routes", []string{"pkg/app/route.go"}, func(read reader) error {
		_, err := routesByMatch(read)
		return err
	})
}
