//go:build !wasm

package main

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteIcons(t *testing.T) {
	dir := t.TempDir()
	if err := writeIcons(dir); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		size int
		// Whether the corner pixel is transparent: the regular tile has
		// rounded corners, the maskable one bleeds to the edge.
		clearCorner bool
	}{
		{name: "icon-192.png", size: 192, clearCorner: true},
		{name: "icon-512.png", size: 512, clearCorner: true},
		{name: "icon-maskable.png", size: 512, clearCorner: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			if b := img.Bounds(); b.Dx() != tt.size || b.Dy() != tt.size {
				t.Fatalf("size %v, want %d", b, tt.size)
			}
			_, _, _, a := img.At(0, 0).RGBA()
			if (a == 0) != tt.clearCorner {
				t.Errorf("corner alpha %d, want transparent=%v", a, tt.clearCorner)
			}
			// The centre is the white card.
			r, g, b, _ := img.At(tt.size/2, tt.size/2).RGBA()
			if r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
				t.Errorf("centre of card is %x %x %x, want white", r>>8, g>>8, b>>8)
			}
		})
	}
	svg, err := os.ReadFile(filepath.Join(dir, "icon.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(svg), "<svg") || strings.Count(string(svg), "<rect") != 5 {
		t.Errorf("icon.svg does not hold the five shapes of the mark: %s", svg)
	}
}
