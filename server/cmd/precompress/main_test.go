package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte(strings.Repeat("<p>lanepay</p>", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		status int
		out    string
	}{
		{"writes", []string{dir}, 0, "wrote       index.html.br"},
		{"keeps, quietly", []string{dir}, 0, "0 copies written, 2 considered"},
		{"keeps, verbose", []string{"-v", dir}, 0, "kept        index.html.gz"},
		{"no directory", nil, 2, ""},
		{"missing directory", []string{filepath.Join(dir, "nope")}, 1, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errOut strings.Builder
			if got := run(context.Background(), tt.args, &out, &errOut); got != tt.status {
				t.Fatalf("status %d, want %d; stderr %s", got, tt.status, errOut.String())
			}
			if !strings.Contains(out.String(), tt.out) {
				t.Errorf("output lacks %q:\n%s", tt.out, out.String())
			}
		})
	}
}
