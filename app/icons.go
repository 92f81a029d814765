//go:build !wasm

package main

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
)

// The app's mark: a white payment card with a green "paid" stripe on a
// teal tile. It is drawn here rather than committed as binaries so that
// every size comes from one description, and the SVG matches the PNGs.

var (
	tileColor   = color.NRGBA{0x0b, 0x6e, 0x5f, 0xff}
	cardColor   = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	stripeColor = color.NRGBA{0x0f, 0x17, 0x2a, 0xff}
	chipColor   = color.NRGBA{0xf5, 0xb7, 0x00, 0xff}
)

// shape is a rounded rectangle in unit coordinates (0..1 of the icon).
type shape struct {
	x0, y0, x1, y1, r float64
	c                 color.NRGBA
}

// markShapes lays the mark out inside a square of side scale, centred, so
// the maskable icon can keep it inside the safe zone.
func markShapes(scale float64, tileRadius float64) []shape {
	off := (1 - scale) / 2
	s := func(x0, y0, x1, y1, r float64, c color.NRGBA) shape {
		return shape{off + x0*scale, off + y0*scale, off + x1*scale, off + y1*scale, r * scale, c}
	}
	return []shape{
		{0, 0, 1, 1, tileRadius, tileColor},
		s(0.14, 0.27, 0.86, 0.73, 0.06, cardColor),
		s(0.14, 0.35, 0.86, 0.44, 0, stripeColor),
		s(0.22, 0.53, 0.36, 0.63, 0.02, chipColor),
		s(0.50, 0.56, 0.78, 0.60, 0.02, stripeColor),
	}
}

func inRounded(s shape, x, y float64) bool {
	if x < s.x0 || x > s.x1 || y < s.y0 || y > s.y1 {
		return false
	}
	cx := min(max(x, s.x0+s.r), s.x1-s.r)
	cy := min(max(y, s.y0+s.r), s.y1-s.r)
	dx, dy := x-cx, y-cy
	return dx*dx+dy*dy <= s.r*s.r
}

// drawIcon renders shapes at size×size with 4×4 supersampling.
func drawIcon(size int, shapes []shape) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	const ss = 4
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					for i := len(shapes) - 1; i >= 0; i-- {
						if inRounded(shapes[i], x, y) {
							c := shapes[i].c
							r, g, b, a = r+float64(c.R), g+float64(c.G), b+float64(c.B), a+255
							break
						}
					}
				}
			}
			n := float64(ss * ss)
			if a == 0 {
				continue
			}
			cov := a / 255
			img.SetNRGBA(px, py, color.NRGBA{uint8(r / cov), uint8(g / cov), uint8(b / cov), uint8(a / n)})
		}
	}
	return img
}

func iconSVG(shapes []shape) string {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">`
	for _, s := range shapes {
		svg += fmt.Sprintf(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="%.1f" fill="#%02x%02x%02x"/>`,
			s.x0*512, s.y0*512, (s.x1-s.x0)*512, (s.y1-s.y0)*512, s.r*512, s.c.R, s.c.G, s.c.B)
	}
	return svg + "</svg>\n"
}

func writeIcons(dir string) error {
	regular := markShapes(1, 0.18)
	// Maskable icons are cropped to a circle of 80% by some launchers: a
	// full-bleed tile with the mark inside the safe zone.
	maskable := markShapes(0.72, 0)
	maskable[0] = shape{0, 0, 1, 1, 0, tileColor}
	icons := []struct {
		name   string
		size   int
		shapes []shape
	}{
		{"icon-192.png", 192, regular},
		{"icon-512.png", 512, regular},
		{"icon-maskable.png", 512, maskable},
		{"favicon.png", 32, regular},
	}
	for _, ic := range icons {
		f, err := os.Create(filepath.Join(dir, ic.name))
		if err != nil {
			return err
		}
		if err := png.Encode(f, drawIcon(ic.size, ic.shapes)); err != nil {
			f.Close()
			return fmt.Errorf("failed to encode %s: %w", ic.name, err)
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(dir, "icon.svg"), []byte(iconSVG(regular)), 0o644)
}
