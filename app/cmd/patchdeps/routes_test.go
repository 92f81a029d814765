package main

import "testing"

func TestRoutesByMatch(t *testing.T) {
	files, err := routesByMatch(releasedFiles(t, goApp, nil))
	if err != nil {
		t.Fatal(err)
	}
	// The router holds no *regexp.Regexp: that is what linked the package
	// into every page.
	wantText(t, files, "pkg/app/route.go",
		[]string{"regexp.MustCompile(pattern).MatchString", "if rwr.match(path) {", "match        func(path string) bool", "lanepay"},
		[]string{"*regexp.Regexp", ".regexp."})
	refusesOthers(t, goApp, "routes", []string{"pkg/app/route.go"}, func(read reader) error {
		_, err := routesByMatch(read)
		return err
	})
}
