//go:build !wasm

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestGenerate writes the site around a stand-in wasm and checks what the
// generator changes in go-app's output: the loader takes the wasm the
// head compiles, and
// the page's head starts with compile-early.js and early.js, before any
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
	compile := bytes.Index(page, []byte(`WebAssembly.compileStreaming(fetch("/web/app.wasm"))`))
	early := bytes.Index(page, []byte("lanepayEarlyTerminal"))
	style := bytes.Index(page, []byte(`rel="stylesheet"`))
	if charset < 0 || compile < 0 || early < 0 || style < 0 {
		t.Fatalf("the page lacks a part: charset %d, compile-early.js %d, early.js %d, stylesheet %d", charset, compile, early, style)
	}
	if !(charset < compile && compile < early && early < style) {
		t.Errorf("head order: charset %d, compile-early.js %d, early.js %d, first stylesheet %d; want them in that order", charset, compile, early, style)
	}
	if n := bytes.Count(page, []byte("/web/app.wasm")); n != 1 {
		t.Errorf("the page names the wasm %d times, want once (compile-early.js)", n)
	}
	loader, err := os.ReadFile(filepath.Join(out, "app.js"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(loader, []byte(`fetchWithProgress("/web/app.wasm"`)) {
		t.Error("the loader still pumps the wasm through its progress reader")
	}
	if !bytes.Contains(loader, []byte("await WebAssembly.instantiate(await window.lanepayWasm")) {
		t.Error("the loader does not instantiate the module the head compiles")
	}
}
