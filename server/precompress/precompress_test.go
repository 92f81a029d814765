package precompress

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompressible(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"index.html", true},
		{"settings", true}, // a go-app page
		{"app.js", true},
		{"web/app.wasm", true},
		{"manifest.webmanifest", true},
		{"web/icon.svg", true},
		{"data.json", true},
		{"app.css", true},
		{"web/icon-192.png", false},
		{"app.js.br", false},
		{"app.js.gz", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Compressible(tt.name); got != tt.want {
				t.Errorf("Compressible(%q) = %v, want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestIsCopy(t *testing.T) {
	tests := []struct {
		name, src string
		ok        bool
	}{
		{"app.js.br", "app.js", true},
		{"web/app.wasm.gz", "web/app.wasm", true},
		{"settings.br", "settings", true},
		{"photo.png.gz", "", false}, // not a copy Dir makes
		{"archive.tar.gz", "", false},
		{".br", "", false},
		{"app.js", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src, ok := IsCopy(tt.name)
			if src != tt.src || ok != tt.ok {
				t.Errorf("IsCopy(%q) = %q, %v; want %q, %v", tt.name, src, ok, tt.src, tt.ok)
			}
		})
	}
}

func TestEncodingsRoundTrip(t *testing.T) {
	data := []byte(strings.Repeat(`{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"100"}`, 50))
	for _, e := range Encodings {
		t.Run(e.Name, func(t *testing.T) {
			packed, err := e.Compress(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(packed) >= len(data) {
				t.Errorf("%s made %d bytes of %d", e.Name, len(packed), len(data))
			}
			again, err := e.Compress(data)
			if err != nil || !bytes.Equal(again, packed) {
				t.Errorf("%s is not deterministic", e.Name)
			}
			plain, err := e.Decompress(packed)
			if err != nil || !bytes.Equal(plain, data) {
				t.Fatalf("%s round trip: %v", e.Name, err)
			}
			if _, err := e.Decompress([]byte("not compressed at all")); err == nil {
				t.Errorf("%s accepted garbage", e.Name)
			}
		})
	}
}

func write(t *testing.T, dir, name string, data []byte) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func actions(results []Result) map[string]Action {
	m := map[string]Action{}
	for _, r := range results {
		m[r.Path] = r.Action
	}
	return m
}

func TestDir(t *testing.T) {
	dir := t.TempDir()
	text := []byte(strings.Repeat("lanepay serves its own bundle. ", 100))
	noise := make([]byte, 4096)
	rand.Read(noise)
	write(t, dir, "index.html", text)
	write(t, dir, "settings", text)
	write(t, dir, "web/app.wasm", text)
	write(t, dir, "web/random.json", noise) // compresses to more than it is
	write(t, dir, "web/icon.png", text)     // never compressed
	write(t, dir, ".hidden.js", text)
	write(t, dir, ".cache/x.js", text)
	write(t, dir, "gone.js.br", []byte("a copy whose source was removed"))
	write(t, dir, "web/random.json.gz", []byte("a stale copy from a compressible build"))

	ctx := context.Background()
	results, err := Dir(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	got := actions(results)
	want := map[string]Action{
		"gone.js.br":         Removed,
		"index.html.br":      Wrote,
		"index.html.gz":      Wrote,
		"settings.br":        Wrote,
		"settings.gz":        Wrote,
		"web/app.wasm.br":    Wrote,
		"web/app.wasm.gz":    Wrote,
		"web/random.json.br": NotSmaller,
		"web/random.json.gz": NotSmaller,
	}
	for name, a := range want {
		if got[name] != a {
			t.Errorf("%s: %q, want %q", name, got[name], a)
		}
	}
	if len(got) != len(want) {
		t.Errorf("results %v, want %v", got, want)
	}
	for _, name := range []string{"gone.js.br", "web/random.json.gz", "web/random.json.br", "web/icon.png.gz", ".hidden.js.br", ".cache/x.js.br"} {
		if _, err := os.Stat(filepath.Join(dir, name)); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s exists (%v), want it absent", name, err)
		}
	}
	br, err := os.ReadFile(filepath.Join(dir, "index.html.br"))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := Encodings[0].Decompress(br); err != nil || !bytes.Equal(plain, text) {
		t.Fatalf("index.html.br does not decompress to index.html: %v", err)
	}

	// A second run keeps what is current and rewrites what went stale.
	write(t, dir, "settings", append(text, "changed"...))
	results, err = Dir(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	got = actions(results)
	for name, a := range map[string]Action{"index.html.br": Kept, "index.html.gz": Kept, "settings.br": Wrote, "settings.gz": Wrote} {
		if got[name] != a {
			t.Errorf("second run, %s: %q, want %q", name, got[name], a)
		}
	}
	gz, err := os.ReadFile(filepath.Join(dir, "settings.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := Encodings[1].Decompress(gz); err != nil || !bytes.HasSuffix(plain, []byte("changed")) {
		t.Errorf("settings.gz is stale: %v", err)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestDirCancelled(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "index.html", []byte(strings.Repeat("x", 1000)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Dir(ctx, dir); !errors.Is(err, context.Canceled) {
		t.Errorf("Dir after cancel: %v, want context.Canceled", err)
	}
}

func TestDirMissing(t *testing.T) {
	if _, err := Dir(context.Background(), filepath.Join(t.TempDir(), "nope")); err == nil {
		t.Error("Dir of a missing directory succeeded")
	}
}
