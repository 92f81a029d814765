//go:build !wasm

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGenerate writes the site around a stand-in wasm and checks what the
// generator changes in go-app's output: the loader streams the wasm, and
// the page's head starts with the preload and early.js, before any
// stylesheet (an inline script after one waits for it).
func TestGenerate(t *testing.T) {
	out := t.TempDir()
	if err := os.MkdirAll(filepath.Join(out, "web"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "web", "app.wasm"), []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := generate(out, filepath.Join("..", "web", "static")); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	charset := bytes.Index(page, []byte(`<meta charset="UTF-8">`))
	preload := bytes.Index(page, []byte(`<link rel="preload" href="/web/app.wasm"`))
	early := bytes.Index(page, []byte("lanepayEarlyTerminal"))
	style := bytes.Index(page, []byte(`rel="stylesheet"`))
	if charset < 0 || preload < 0 || early < 0 || style < 0 {
		t.Fatalf("the page lacks a part: charset %d, preload %d, early.js %d, stylesheet %d", charset, preload, early, style)
	}
	if !(charset < preload && preload < early && early < style) {
		t.Errorf("head order: charset %d, preload %d, early.js %d, first stylesheet %d; want them in that order", charset, preload, early, style)
	}
	if n := bytes.Count(page, []byte("<link rel=\"preload\" href=\"/web/app.wasm\"")); n != 1 {
		t.Errorf("%d wasm preloads, want 1", n)
	}
	loader, err := os.ReadFile(filepath.Join(out, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(loader, []byte(`fetchWithProgress("/web/app.wasm"`)) {
		t.Error("the loader still pumps the wasm through its progress reader")
	}
}
