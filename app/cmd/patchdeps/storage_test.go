package main

import (
	"bytes"
	"testing"
)

func TestBlockableStorage(t *testing.T) {
	tests := []struct {
		name    string
		altered map[string][]byte
		want    []string // in the patched storage.go
		wantErr string
	}{
		{
			name: "v10.1.11's storage.go",
			want: []string{"func (s *jsStorage) object() Value {", `Call("get", Window(), s.name)`, "\t\"fmt\"\n", "type BrowserStorage interface {", "lanepay"},
		},
		{
			name:    "another version's storage.go",
			altered: map[string][]byte{"pkg/app/storage.go": laterVersion(t, goApp, "pkg/app/storage.go")},
			wantErr: "the storage patch: pkg/app/storage.go is not github.com/maxence-charriere/go-app/v10 v10.1.11's",
		},
		{
			name:    "no storage.go",
			altered: map[string][]byte{"pkg/app/storage.go": nil},
			wantErr: "failed to read github.com/maxence-charriere/go-app/v10's pkg/app/storage.go",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := blockableStorage(releasedFiles(t, goApp, tt.altered))
			if !wantError(t, err, tt.wantErr) {
				return
			}
			got := files["pkg/app/storage.go"]
			for _, w := range tt.want {
				if !bytes.Contains(got, []byte(w)) {
					t.Errorf("patched storage.go lacks %q", w)
				}
			}
			// No plain property read of the storage is left.
			if bytes.Contains(got, []byte("Window().Get(s.name)")) {
				t.Error("patched storage.go still reads the storage with a plain Get")
			}
		})
	}
}
