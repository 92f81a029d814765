package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestMountBatch(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		withTest bool
		root     string   // the main module, for the builder; root by default
		want     []string // in the patched node.go
		wantErr  string
	}{
		{
			name: "v10.1.11's node.go",
			want: []string{"if b, outermost := startMount(v); outermost {", "b.appendChild(node, b.top)", "b.attr(name, value)", "b.listener(event, jsHandler, handler.options())", "b.raw(v.value,", "b.text(v.value,"},
		},
		{
			name:     "with the patch's test",
			withTest: true,
			want:     []string{"defer endMount(b)"},
		},
		{
			name:     "the test without the builder",
			withTest: true,
			root:     t.TempDir(),
			wantErr:  "the mount patch's test: open ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.root
			if r == "" {
				r = root
			}
			files, err := mountBatch(releasedFiles(t, goApp, nil), tt.withTest, r)
			if !wantError(t, err, tt.wantErr) {
				return
			}
			wantText(t, files, "pkg/app/node.go", tt.want, nil)
			if _, ok := files["pkg/app/mount_batch.go"]; !ok {
				t.Error("the batch's file is not written")
			}
			test, ok := files["pkg/app/mount_batch_test.go"]
			if ok != tt.withTest {
				t.Fatalf("the patch's test written: %v, want %v", ok, tt.withTest)
			}
			if ok {
				js, err := os.ReadFile(filepath.Join(root, builderJS))
				if err != nil {
					t.Fatal(err)
				}
				// The builder's text, quoted, with its first line.
				first, _, _ := bytes.Cut(js, []byte("\n"))
				if !bytes.Contains(test, []byte("const mountBatchJS = \""+string(first))) {
					t.Error("the patch's test does not carry the builder")
				}
			}
		})
	}
	refusesOthers(t, goApp, "mount", []string{"pkg/app/node.go"}, func(read reader) error {
		_, err := mountBatch(read, false, root)
		return err
	})
}
