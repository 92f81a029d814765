// Package static serves the app's generated bundle: the pre-rendered pages,
// go-app's loader, service worker and manifest, and the wasm.
package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// file is one bundle file, read once at start-up: the bundle is a few
// megabytes and immutable while the server runs.
type file struct {
	name  string
	data  []byte
	ctype string
	etag  string
	cache string
}

// Handler serves a bundle from memory.
type Handler struct {
	files map[string]*file
}

// ErrNoBundle says the bundle has not been built.
var ErrNoBundle = errors.New("the app bundle has not been built (run `make build`)")

// New reads every file of fsys. A bundle without index.html is refused.
func New(fsys fs.FS) (*Handler, error) {
	h := &Handler{files: map[string]*file{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		h.files["/"+p] = &file{
			name:  p,
			data:  data,
			ctype: contentType(p),
			etag:  `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`,
			cache: cacheControl(p),
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("failed to read the bundle: %w", err)
	}
	if _, ok := h.files["/index.html"]; !ok {
		return nil, ErrNoBundle
	}
	return h, nil
}

// contentType knows the types the bundle holds. go-app writes its routes
// as files without an extension: those are HTML pages.
func contentType(p string) string {
	switch ext := path.Ext(p); ext {
	case "":
		return "text/html; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".webmanifest":
		return "application/manifest+json"
	case ".js":
		return "text/javascript; charset=utf-8"
	default:
		if t := mime.TypeByExtension(ext); t != "" {
			return t
		}
		return "application/octet-stream"
	}
}

// cacheControl keeps the shell, service worker and manifest fresh (they
// name the version), and lets the browser revalidate the rest by ETag.
func cacheControl(p string) string {
	switch {
	case path.Ext(p) == "", path.Ext(p) == ".html", p == "app-worker.js", p == "manifest.webmanifest", p == "app.js", p == "wasm_exec.js":
		return "no-cache"
	}
	return "public, max-age=0, must-revalidate"
}

func (h *Handler) lookup(p string) *file {
	if p == "/" {
		p = "/index.html"
	}
	if f, ok := h.files[p]; ok {
		return f
	}
	// Unknown page paths get the shell: the app routes on the client.
	if path.Ext(p) == "" && !strings.HasPrefix(p, "/web/") {
		return h.files["/index.html"]
	}
	return nil
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	f := h.lookup(path.Clean("/" + r.URL.Path))
	if f == nil {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", f.ctype)
	hdr.Set("Cache-Control", f.cache)
	hdr.Set("ETag", f.etag)
	// ServeContent answers If-None-Match with 304 and handles ranges.
	http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(f.data))
}
