package web

import (
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestContrast checks that the colour pairs the app uses for text meet
// WCAG AA (4.5:1 for body text) in both themes, from the stylesheet itself.
func TestContrast(t *testing.T) {
	css, err := os.ReadFile("static/app.css")
	if err != nil {
		t.Fatal(err)
	}
	themes := map[string]map[string]string{
		"light": vars(t, block(t, string(css), ":root {")),
		"dark":  vars(t, block(t, string(css), `:root[data-theme="dark"] {`)),
	}
	pairs := []struct{ fg, bg string }{
		{"--text", "--bg"}, {"--text", "--surface"}, {"--muted", "--surface"}, {"--muted", "--bg"},
		{"--brand-text", "--brand"}, {"--brand", "--bg"}, {"--brand", "--surface"},
		{"--ok", "--ok-bg"}, {"--bad", "--bad-bg"}, {"--warn", "--warn-bg"},
		{"--bad", "--surface"}, {"--text", "--warn-bg"}, {"--surface", "--bad"},
	}
	for theme, v := range themes {
		for _, p := range pairs {
			t.Run(theme+" "+p.fg+" on "+p.bg, func(t *testing.T) {
				r := ratio(t, v[p.fg], v[p.bg])
				if r < 4.5 {
					t.Errorf("%s on %s is %.2f:1, below 4.5:1", v[p.fg], v[p.bg], r)
				}
			})
		}
	}
}

func block(t *testing.T, css, start string) string {
	i := strings.Index(css, start)
	if i < 0 {
		t.Fatalf("no %q block in app.css", start)
	}
	rest := css[i+len(start):]
	return rest[:strings.Index(rest, "}")]
}

var varRE = regexp.MustCompile(`(--[a-z-]+):\s*(#[0-9a-fA-F]{6})`)

func vars(t *testing.T, b string) map[string]string {
	m := map[string]string{}
	for _, g := range varRE.FindAllStringSubmatch(b, -1) {
		m[g[1]] = g[2]
	}
	if len(m) < 10 {
		t.Fatalf("found only %d colour variables", len(m))
	}
	return m
}

func luminance(t *testing.T, hex string) float64 {
	if len(hex) != 7 {
		t.Fatalf("colour %q is not #rrggbb", hex)
	}
	var c [3]float64
	for i := range c {
		n, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		if err != nil {
			t.Fatal(err)
		}
		s := float64(n) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}

func ratio(t *testing.T, fg, bg string) float64 {
	a, b := luminance(t, fg), luminance(t, bg)
	if a < b {
		a, b = b, a
	}
	return (a + 0.05) / (b + 0.05)
}
