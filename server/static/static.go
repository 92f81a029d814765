// Package static serves the app's generated bundle: the pre-rendered pages,
// go-app's loader, service worker and manifest, and the wasm.
//
// The bundle is read into memory once at start-up, with the brotli and gzip
// copies that `make build` made beside each compressible file (see package
// precompress); each request then costs a map lookup, a few header
// assignments and one write. A copy is a representation of its file, never
// a URL of its own: /app.js.br is 404.
package static

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/lanepay/lanepay/server/precompress"
)

// ErrNoBundle says the bundle has not been built.
var ErrNoBundle = errors.New("the app bundle has not been built (run `make build`)")

// Options configure a Handler.
type Options struct {
	// Logger gets start-up warnings, such as a stale compressed copy; nil
	// means slog.Default().
	Logger *slog.Logger
}

// Handler serves a bundle from memory. Wrap it with SecurityHeaders.
type Handler struct {
	files map[string]*file
	csp   string
}

// file is one URL of the bundle: its representations and the header
// values they share, built once so that serving assigns them as they are.
type file struct {
	name  string
	ctype []string
	cache []string
	vary  []string // nil when the file has a single representation
	reps  [numCodings]*rep
	avail codingSet // the codings reps holds
	// plainLength is the identity length, sent with the wasm's compressed
	// bodies as UncompressedLengthHeader.
	plainLength []string
}

// UncompressedLengthHeader carries the wasm's uncompressed size beside a
// compressed body, whose Content-Length is the compressed one: go-app's
// loader shows progress against it when its Handler's
// WasmContentLengthHeader names this header.
const UncompressedLengthHeader = "X-Uncompressed-Content-Length"

// rep is one representation of a file: its bytes in one content coding.
type rep struct {
	data     []byte
	etag     []string
	length   []string
	encoding []string // nil for identity
}

// New reads every file of fsys and its compressed copies. A bundle without
// index.html is refused with ErrNoBundle.
func New(fsys fs.FS, opts Options) (*Handler, error) {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	h := &Handler{files: map[string]*file{}}
	var pages [][]byte
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != "." {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if src, ok := precompress.IsCopy(p); ok {
			if _, err := fs.Stat(fsys, src); err == nil {
				return nil // read with its source
			}
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		f := &file{
			name:  p,
			ctype: []string{contentType(p)},
			cache: []string{cacheControl(p)},
		}
		f.reps[identity] = newRep(data, "")
		for _, e := range precompress.Encodings {
			r, err := readCopy(fsys, p+e.Ext, data, e)
			if err != nil {
				log.Warn("not serving a compressed copy: run `make build` to refresh it", "file", p+e.Ext, "err", err)
				continue
			}
			if r != nil {
				f.reps[codingOf(e.Name)] = r
				f.vary = []string{"Accept-Encoding"}
			}
		}
		if precompress.Compressible(p) && f.vary == nil && len(data) > 1024 {
			log.Warn("no compressed copy: serving it uncompressed (`make build` makes them)", "file", p)
		}
		f.avail = f.available()
		if path.Ext(p) == ".wasm" {
			f.plainLength = []string{strconv.Itoa(len(data))}
		}
		h.files["/"+p] = f
		if isPage(p) {
			pages = append(pages, data)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("failed to read the bundle: %w", err)
	}
	if _, ok := h.files["/index.html"]; !ok {
		return nil, ErrNoBundle
	}
	h.csp = buildCSP(pages)
	return h, nil
}

// readCopy reads a compressed copy and checks that it decompresses to its
// source: a copy left over from an earlier build (say, after a `-dir`
// rebuild without precompress) must never be served in its place. A
// missing copy is (nil, nil).
func readCopy(fsys fs.FS, name string, source []byte, e precompress.Encoding) (*rep, error) {
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("failed to read %s: %w", name, err)
	}
	plain, err := e.Decompress(data)
	if err != nil {
		return nil, fmt.Errorf("failed to check %s: %w", name, err)
	}
	if !bytes.Equal(plain, source) {
		return nil, fmt.Errorf("%s is stale: it does not decompress to its source", name)
	}
	if len(data) >= len(source) {
		return nil, nil
	}
	return newRep(data, e.Name), nil
}

func newRep(data []byte, encoding string) *rep {
	r := &rep{
		data:   data,
		etag:   []string{etagOf(data)},
		length: []string{strconv.Itoa(len(data))},
	}
	if encoding != "" {
		r.encoding = []string{encoding}
	}
	return r
}

// isPage reports whether the file is an HTML page: go-app writes its
// routes as files without an extension.
func isPage(p string) bool {
	ext := path.Ext(p)
	return ext == "" || ext == ".html"
}

// CSP is the Content-Security-Policy for this bundle.
func (h *Handler) CSP() string { return h.csp }

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
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	f := h.lookup(path.Clean(p))
	if f == nil {
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	hdr["Content-Type"] = f.ctype
	hdr["Cache-Control"] = f.cache
	if f.vary != nil {
		hdr["Vary"] = f.vary
	}
	if _, ok := r.Header["Range"]; ok {
		// Ranges are served on the identity representation only: a range of
		// a compressed body is a range of bytes no client can decode on
		// its own, and the progress of a resumed download of the wasm
		// would count compressed bytes against an uncompressed length.
		// ServeContent handles Range, If-Range and the conditionals.
		id := f.reps[identity]
		hdr["Etag"] = id.etag
		http.ServeContent(w, r, f.name, time.Time{}, bytes.NewReader(id.data))
		return
	}
	c, ok := negotiate(acceptEncoding(r.Header), f.avail)
	if !ok {
		// The client refused identity (identity;q=0 or *;q=0) and accepts
		// none of the codings this file has.
		delete(hdr, "Cache-Control")
		http.Error(w, "none of the accepted content codings is available", http.StatusNotAcceptable)
		return
	}
	rp := f.reps[c]
	hdr["Etag"] = rp.etag
	if inm, ok := r.Header["If-None-Match"]; ok && noneMatch(inm, rp.etag[0]) {
		// 304 carries the validators and caching fields only (RFC 9110
		// 15.4.5).
		delete(hdr, "Content-Type")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	if rp.encoding != nil {
		hdr["Content-Encoding"] = rp.encoding
		if f.plainLength != nil {
			hdr[UncompressedLengthHeader] = f.plainLength
		}
	}
	hdr["Content-Length"] = rp.length
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		// An error means the client went away: nothing left to tell it.
		w.Write(rp.data)
	}
}

// available is the set of codings the file has.
func (f *file) available() codingSet {
	var s codingSet
	for c, r := range f.reps {
		if r != nil {
			s |= 1 << c
		}
	}
	return s
}

// acceptEncoding joins repeated Accept-Encoding fields, as RFC 9110 5.3
// allows; one field, the usual case, is used as it is.
func acceptEncoding(h http.Header) string {
	v := h["Accept-Encoding"]
	switch len(v) {
	case 0:
		return ""
	case 1:
		return v[0]
	}
	return strings.Join(v, ",")
}
