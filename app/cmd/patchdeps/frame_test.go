package main

import (
	"testing"
)

func TestFrameLoop(t *testing.T) {
	tests := []struct {
		name     string
		withTest bool
		want     []string // in the patched engine.go
	}{
		{
			name: "v10.1.11's engine",
			want: []string{"func (b *frameBudget) take(", "\t\"runtime\"\n", "func (e *engineX) processFrame() {", "lanepay"},
		},
		{
			name:     "with the patch's test",
			withTest: true,
			want:     []string{"func (b *frameBudget) take("},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files, err := frameLoop(releasedFiles(t, goApp, nil), tt.withTest)
			if err != nil {
				t.Fatal(err)
			}
			// iddleFrameDuration is the old loop's.
			wantText(t, files, "pkg/app/engine.go", tt.want, []string{"iddleFrameDuration"})
			if _, ok := files["pkg/app/engine_frame_test.go"]; ok != tt.withTest {
				t.Errorf("the patch's test written: %v, want %v", ok, tt.withTest)
			}
		})
	}
	refusesOthers(t, goApp, "frame", []string{"pkg/app/engine.go"}, func(read reader) error {
		_, err := frameLoop(read, false)
		return err
	})
}

func TestPatchEngine(t *testing.T) {
	if _, err := patchEngine("package app\n"); err == nil || err.Error() != "no Start function where expected" {
		t.Errorf("an engine.go without Start: error %v", err)
	}
}
