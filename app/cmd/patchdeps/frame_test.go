package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestPatchEngine(t *testing.T) {
	dir, err := goApp.dir("../../..")
	if err != nil {
		t.Fatal(err)
	}
	engine, err := os.ReadFile(filepath.Join(dir, "pkg", "app", "engine.go"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		src     []byte
		want    []string // in the patched file
		wantErr string
	}{
		{
			name: "v10.1.11's engine",
			src:  engine,
			want: []string{"func (b *frameBudget) take(", "\t\"runtime\"\n", "func (e *engineX) processFrame() {", "lanepay"},
		},
		{
			name:    "another version's engine",
			src:     bytes.Replace(engine, []byte("iddleFrameDuration"), []byte("idleFrameDuration"), -1),
			wantErr: "not go-app v10.1.11's",
		},
		{
			name:    "no file",
			src:     nil,
			wantErr: "not go-app v10.1.11's",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := patchEngine(tt.src)
			if !wantError(t, err, tt.wantErr) {
				return
			}
			for _, w := range tt.want {
				if !bytes.Contains(got, []byte(w)) {
					t.Errorf("patched engine.go lacks %q", w)
				}
			}
			if bytes.Contains(got, []byte("iddleFrameDuration")) {
				t.Error("patched engine.go still has the old loop")
			}
		})
	}
}
