package main

import (
	"fmt"
	"io/fs"
	"strings"
	"testing"
)

// wantError fails the test unless err is as wanted: nil when want is
// empty, else an error saying want. It reports whether the test goes on to
// check a result.
func wantError(t *testing.T, err error, want string) bool {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatal(err)
		}
		return true
	}
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v, want one saying %q", err, want)
	}
	return false
}

// releasedFiles reads a module's released files, with some replaced or
// removed (a nil value).
func releasedFiles(t *testing.T, m module, altered map[string][]byte) reader {
	t.Helper()
	c, err := newCopy("../../..", m)
	if err != nil {
		t.Fatal(err)
	}
	return func(path string) ([]byte, error) {
		if data, ok := altered[path]; ok {
			if data == nil {
				return nil, fs.ErrNotExist
			}
			return data, nil
		}
		return c.read(path)
	}
}

// laterVersion is a released file with one more line at its end, as a new
// version might have it.
func laterVersion(t *testing.T, m module, path string) []byte {
	t.Helper()
	data, err := releasedFiles(t, m, nil)(path)
	if err != nil {
		t.Fatal(err)
	}
	return append(data, "\n// a later version\n"...)
}

// wantText checks that a patched file holds each text of want and none
// of unwanted.
func wantText(t *testing.T, files map[string][]byte, path string, want, unwanted []string) {
	t.Helper()
	got := string(files[path])
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("patched %s lacks %q", path, w)
		}
	}
	for _, u := range unwanted {
		if strings.Contains(got, u) {
			t.Errorf("patched %s still has %q", path, u)
		}
	}
}

// refusesOthers checks the two refusals every patch shares: for each
// released file it edits, another version's file, and no file at all,
// each refused with an error naming the patch and the file.
func refusesOthers(t *testing.T, m module, patch string, paths []string, apply func(reader) error) {
	t.Helper()
	for _, path := range paths {
		t.Run("another version's "+path, func(t *testing.T) {
			err := apply(releasedFiles(t, m, map[string][]byte{path: laterVersion(t, m, path)}))
			wantError(t, err, fmt.Sprintf("the %s patch: %s is not %s %s's", patch, path, m.path, m.version))
		})
		t.Run("no "+path, func(t *testing.T) {
			err := apply(releasedFiles(t, m, map[string][]byte{path: nil}))
			wantError(t, err, fmt.Sprintf("failed to read %s's %s", m.path, path))
		})
	}
}

func TestEdit(t *testing.T) {
	const src = "package p\n\nvar a, b = 1, 1\n"
	tests := []struct {
		name    string
		changes []change
		want    string
		wantErr string
	}{
		{name: "once", changes: []change{{"a, b = 1, 1", "a, b = 1, 2"}}, want: "package p\n\nvar a, b = 1, 2\n"},
		{name: "in turn", changes: []change{{"var a", "var c"}, {"var c, b", "var c, d"}}, want: "package p\n\nvar c, d = 1, 1\n"},
		{name: "formatted", changes: []change{{"var a, b = 1, 1", "var (a = 1\nb = 1)"}}, want: "package p\n\nvar (\n\ta = 1\n\tb = 1\n)\n"},
		{name: "absent", changes: []change{{"var z", "var y"}}, wantErr: `"var z" occurs 0 times, not once`},
		{name: "twice", changes: []change{{"1", "2"}}, wantErr: `"1" occurs 2 times, not once`},
		{name: "no longer Go", changes: []change{{"var", "func"}}, wantErr: "the patched file does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := edit(src, tt.changes...)
			if !wantError(t, err, tt.wantErr) {
				return
			}
			if string(got) != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
