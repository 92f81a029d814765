package static

import "testing"

func TestVersioned(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"web/app.0123abcd.js", true},
		{"app-0123456789abcdef.css", true},
		{"web/app.wasm", false},
		{"app.js", false},
		{"web/app.0123abc.js", false}, // too short
		{"web/app.0123ABCD.js", false},
		{"web/app.deadbeefx.js", false},
		{".0123abcd.js", false},
		{"settings", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := versioned(tt.name); got != tt.want {
				t.Errorf("versioned(%q) = %v", tt.name, got)
			}
		})
	}
}

func TestContentType(t *testing.T) {
	tests := []struct{ name, want string }{
		{"index.html", "text/html; charset=utf-8"},
		{"settings", "text/html; charset=utf-8"},
		{"web/app.wasm", "application/wasm"},
		{"manifest.webmanifest", "application/manifest+json"},
		{"app.js", "text/javascript; charset=utf-8"},
		{"web/app.css", "text/css; charset=utf-8"},
		{"web/icon.svg", "image/svg+xml"},
		{"web/icon-192.png", "image/png"},
		{"data.json", "application/json"},
		{"blob.unknownext", "application/octet-stream"},
	}
	for _, tt := range tests {
		if got := contentType(tt.name); got != tt.want {
			t.Errorf("contentType(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
