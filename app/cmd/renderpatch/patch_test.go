package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestPatch(t *testing.T) {
	dir, err := goAppDir()
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
			got, err := patch(tt.src)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("patch: error %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
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

// TestPatchedGoApp runs go-app's own tests, and the patch's, against the
// patched copy, through the workspace the build uses.
func TestPatchedGoApp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds go-app's tests")
	}
	dir, err := goAppDir()
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	work, err := writeWorkspace(root, dir, t.TempDir(), true)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "test", "-count=1", "-trimpath", "-v", goAppModule+"/pkg/app")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK="+work)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go-app's tests with the patch: %v\n%s", err, out)
	}
	// The patch's own tests ran (a pass of go-app's alone would not do).
	for _, name := range []string{"TestPatchedStartRendersAtOnce", "TestFrameBudget"} {
		if !bytes.Contains(out, []byte("--- PASS: "+name)) {
			t.Errorf("%s did not run:\n%s", name, out)
		}
	}
}
