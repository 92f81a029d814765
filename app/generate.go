//go:build !wasm

package main

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/lanepay/lanepay/app/terminal"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Natively, this program only writes the static site: the pre-rendered
// pages, go-app's loader and service worker, the manifest, the icons and
// the styles, next to an app.wasm built before it.
func main() {
	out := flag.String("out", "web/dist", "directory to write the site to; app.wasm must already be in OUT/web/")
	static := flag.String("static", "web/static", "directory of static resources copied to OUT/web/")
	flag.Parse()
	if err := generate(*out, *static); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func generate(out, static string) error {
	webDir := filepath.Join(out, "web")
	if err := os.MkdirAll(webDir, 0o755); err != nil {
		return fmt.Errorf("failed to create %s: %w", webDir, err)
	}
	if err := copyDir(static, webDir); err != nil {
		return fmt.Errorf("failed to copy static resources: %w", err)
	}
	if err := writeIcons(webDir); err != nil {
		return fmt.Errorf("failed to write icons: %w", err)
	}
	version, err := buildVersion(webDir)
	if err != nil {
		return err
	}
	registerRoutes()
	if err := app.GenerateStaticWebsite(out, handler(version)); err != nil {
		return fmt.Errorf("failed to generate the static site: %w", err)
	}
	if err := useEarlyWasm(filepath.Join(out, "app.js")); err != nil {
		return err
	}
	if err := hoistHeaders(filepath.Join(out, "index.html")); err != nil {
		return err
	}
	fmt.Printf("generated %s (version %s)\n", out, version)
	return nil
}

// loaderJS is go-app's call that fetches and compiles the wasm, with its
// progress pump: it re-streams every chunk through JavaScript to update a
// percentage our loading label does not show (about 7% of the cold load,
// measured by make bench).
const loaderJS = `const wasm = await instantiateStreaming(
      fetchWithProgress("/web/app.wasm", showProgress),
      go.importObject
    );`

// earlyLoaderJS instantiates the module compile-early.js has been
// compiling since the head was parsed; without compileStreaming, go-app's
// own fallback fetches and compiles the wasm.
const earlyLoaderJS = `const wasm = window.lanepayWasm
      ? { instance: await WebAssembly.instantiate(await window.lanepayWasm, go.importObject) }
      : await instantiateStreaming(fetch("/web/app.wasm"), go.importObject);`

// useEarlyWasm makes go-app's loader take the wasm compile-early.js
// started.
func useEarlyWasm(appJS string) error {
	js, err := os.ReadFile(appJS)
	if err != nil {
		return fmt.Errorf("failed to read go-app's loader: %w", err)
	}
	if !bytes.Contains(js, []byte(loaderJS)) {
		return fmt.Errorf("go-app's loader %s no longer loads the wasm as expected: check useEarlyWasm against this go-app version", appJS)
	}
	js = bytes.Replace(js, []byte(loaderJS), []byte(earlyLoaderJS), 1)
	return os.WriteFile(appJS, js, 0o644)
}

// hoistHeaders moves the raw headers (compile-early.js and early.js) from
// the end of the page's head, where go-app puts them, to its start: an
// inline script after a stylesheet waits for the stylesheet, and the
// terminal's connection should not.
func hoistHeaders(page string) error {
	html, err := os.ReadFile(page)
	if err != nil {
		return fmt.Errorf("failed to read the page: %w", err)
	}
	const charset = `<meta charset="UTF-8">`
	at := bytes.Index(html, []byte(charset))
	if at < 0 {
		return fmt.Errorf("%s has no %s: check hoistHeaders against this go-app version", page, charset)
	}
	at += len(charset)
	var moved []byte
	for _, h := range rawHeaders {
		i := bytes.Index(html, []byte(h))
		if i < 0 {
			return fmt.Errorf("%s lacks the raw header %.40q…: check hoistHeaders against this go-app version", page, h)
		}
		html = append(html[:i:i], html[i+len(h):]...)
		moved = append(moved, h...)
	}
	html = append(html[:at:at], append(moved, html[at:]...)...)
	return os.WriteFile(page, html, 0o644)
}

// buildVersion hashes what the build produced, so the service worker
// changes exactly when the app does, not on every restart.
func buildVersion(webDir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(webDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		fmt.Fprintf(h, "%s\x00", filepath.ToSlash(path[len(webDir):]))
		_, err = io.Copy(h, f)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("failed to hash the build: %w", err)
	}
	if _, err := os.Stat(filepath.Join(webDir, "app.wasm")); err != nil {
		return "", fmt.Errorf("app.wasm is missing: build it before generating: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// workerJS is go-app's service worker with installation that waits for
// the cache to fill.
//
//go:embed app-worker.js
var workerJS string

// rawHeaders go at the start of the page's head (hoistHeaders), inline so
// that they run as the head is parsed (the server's CSP allows inline
// scripts by their hash).
//
// compile-early.js starts the wasm's download and compile with the HTML.
//
// early.js opens the terminal's WebSocket meanwhile; the app adopts it.
var rawHeaders = []string{
	"<script>" + compileEarlyJS + "</script>",
	"<script>" + string(terminal.EarlyScript) + "</script>",
}

//go:embed compile-early.js
var compileEarlyJS string

func handler(version string) *app.Handler {
	return &app.Handler{
		Name:            "lanepay",
		ShortName:       "lanepay",
		Title:           "lanepay",
		Description:     "Point of sale for the card terminal on your network",
		Lang:            "en",
		BackgroundColor: "#f6f7f9",
		ThemeColor:      "#0b6e5f",
		LoadingLabel:    "Loading lanepay…",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-maskable.png",
		},
		Styles:                []string{"/web/app.css", "/web/screens.css"},
		RawHeaders:            rawHeaders,
		CacheableResources:    []string{"/web/icon.svg", "/web/favicon.png"},
		ServiceWorkerTemplate: workerJS,
		Version:               version,
	}
}

func copyDir(src, dst string) error {
	return filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
