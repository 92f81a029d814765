package main

import (
	"bytes"
	"testing"
)

func TestRoutesByMatch(t *testing.T) {
	tests := []struct {
		name    string
		altered map[string][]byte
		want    []string // in the patched route.go
		wantErr string
	}{
		{
			name: "v10.1.11's route.go",
			want: []string{"regexp.MustCompile(pattern).MatchString", "if rwr.match(path) {", "match        func(path string) bool", "lanepay"},
		},
		{
			name:    "another version's route.go",
			altered: map[string][]byte{"pkg/app/route.go": laterVersion(t, goApp, "pkg/app/route.go")},
			wantErr: "the routes patch: pkg/app/route.go is not github.com/maxence-charriere/go-app/v10 v10.1.11's",
		},
		{
			name:    "no route.go",
			altered: map[string][]byte{"pkg/app/route.go": nil},
			wantErr: "failed to read github.com/maxence-charriere/go-app/v10's pkg/app/route.go",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := routesByMatch(releasedFiles(t, goApp, tt.altered))
			if !wantError(t, err, tt.wantErr) {
				return
			}
			got := files["pkg/app/route.go"]
			for _, w := range tt.want {
				if !bytes.Contains(got, []byte(w)) {
					t.Errorf("patched route.go lacks %q", w)
				}
			}
			// The router holds no *regexp.Regexp: that is what linked the
			// package into every page.
			if bytes.Contains(got, []byte("*regexp.Regexp")) || bytes.Contains(got, []byte(".regexp.")) {
				t.Errorf("patched route.go still holds a *regexp.Regexp:\n%s", got)
			}
		})
	}
}
