package static

import (
	"mime"
	"path"
	"strings"
)

// Cache policy. go-app v10 references every resource by a fixed URL: the
// pages load /app.js, /wasm_exec.js, /app.css and /web/app.css, and the
// loader fetches /web/app.wasm, all without a version in the URL (the
// version lives in app-worker.js, whose cache the service worker renames
// per version). A long-lived Cache-Control on any of them would let a
// browser keep an old wasm beside a new loader, so they are all "no-cache":
// stored, but revalidated by ETag on each use, a 304 of a few hundred bytes
// when nothing changed. The service worker serves them offline from its own
// cache, which HTTP caching does not govern.
//
// A file whose name carries a content hash (name.0123abcd.js: a dot or
// dash, then eight or more hex digits, before the extension) changes URL
// whenever it changes, so it may be cached for a year, immutable. The
// bundle has none today; the rule is here so that adding one is enough.
const (
	revalidate = "no-cache"
	immutable  = "public, max-age=31536000, immutable"
)

func cacheControl(p string) string {
	if versioned(p) {
		return immutable
	}
	return revalidate
}

// versioned reports whether the file name carries a content hash.
func versioned(p string) bool {
	base := path.Base(p)
	stem := strings.TrimSuffix(base, path.Ext(base))
	i := strings.LastIndexAny(stem, ".-")
	if i < 0 {
		return false
	}
	hash := stem[i+1:]
	if len(hash) < 8 || i == 0 {
		return false
	}
	for _, c := range hash {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// contentType knows the types the bundle holds. go-app writes its routes
// as files without an extension: those are HTML pages.
func contentType(p string) string {
	switch ext := path.Ext(p); ext {
	case "", ".html":
		return "text/html; charset=utf-8"
	case ".wasm":
		// Required by WebAssembly.instantiateStreaming.
		return "application/wasm"
	case ".webmanifest":
		return "application/manifest+json"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".json":
		return "application/json"
	case ".png":
		return "image/png"
	default:
		// The system's MIME table varies by machine: only the types above
		// are fixed, because the bundle's own files must not depend on it.
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}
