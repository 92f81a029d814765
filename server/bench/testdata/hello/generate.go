//go:build !wasm

package main

import (
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Natively, as lanepay's app does, the program only writes the static site
// next to an app.wasm built before it. Its icons are local, so that nothing
// is fetched from anywhere but the server (go-app's defaults are remote).
func main() {
	out := flag.String("out", "", "directory to write the site to; app.wasm must already be in OUT/web/")
	version := flag.String("version", "hello", "the service worker's version")
	flag.Parse()
	if err := generate(*out, *version); err != nil {
		fmt.Fprintln(os.Stderr, "hello:", err)
		os.Exit(1)
	}
}

func generate(out, version string) error {
	if out == "" {
		return fmt.Errorf("-out is required")
	}
	web := filepath.Join(out, "web")
	if _, err := os.Stat(filepath.Join(web, "app.wasm")); err != nil {
		return fmt.Errorf("build app.wasm first: %w", err)
	}
	for name, size := range map[string]int{"icon-192.png": 192, "icon-512.png": 512} {
		if err := writeIcon(filepath.Join(web, name), size); err != nil {
			return err
		}
	}
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1" fill="#2d2c2c"/></svg>`
	if err := os.WriteFile(filepath.Join(web, "icon.svg"), []byte(svg), 0o644); err != nil {
		return err
	}
	registerRoutes()
	return app.GenerateStaticWebsite(out, &app.Handler{
		Name:        "hello",
		Title:       "hello",
		Description: "go-app hello world (lanepay bench baseline)",
		Lang:        "en",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			SVG:      "/web/icon.svg",
			Maskable: "/web/icon-512.png",
		},
		Version: version,
	})
}

func writeIcon(path string, size int) error {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for y := range size {
		for x := range size {
			img.SetNRGBA(x, y, color.NRGBA{0x2d, 0x2c, 0x2c, 0xff})
		}
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
