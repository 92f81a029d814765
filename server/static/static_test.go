package static

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/server/precompress"
)

var (
	shell = []byte(strings.Repeat("<!doctype html><title>lanepay</title><p>till</p>\n", 40))
	wasm  = bytes.Repeat([]byte("\x00asm\x01\x00\x00\x00 wasm body "), 400)
	css   = []byte(strings.Repeat("body{margin:0}\n", 80))
	png   = []byte("\x89PNG not really")
)

// bundle is a small bundle with copies made as `make build` makes them.
func bundle(t testing.TB) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{
		"index.html":          {Data: shell},
		"settings":            {Data: shell},
		"app.js":              {Data: []byte(strings.Repeat("console.log('x');\n", 60))},
		"web/app.wasm":        {Data: wasm},
		"web/app.css":         {Data: css},
		"web/icon-192.png":    {Data: png},
		"web/app.0123abcd.js": {Data: []byte("versioned")},
		".gitkeep":            {Data: nil},
	}
	for _, name := range []string{"index.html", "settings", "app.js", "web/app.wasm"} {
		for _, e := range precompress.Encodings {
			packed, err := e.Compress(fsys[name].Data)
			if err != nil {
				t.Fatal(err)
			}
			fsys[name+e.Ext] = &fstest.MapFile{Data: packed}
		}
	}
	// web/app.css has a gzip copy only.
	packed, _ := precompress.Encodings[1].Compress(css)
	fsys["web/app.css.gz"] = &fstest.MapFile{Data: packed}
	return fsys
}

func newHandler(t testing.TB, fsys fstest.MapFS) http.Handler {
	t.Helper()
	h, err := New(fsys, Options{Logger: testkit.Discard()})
	if err != nil {
		t.Fatal(err)
	}
	return SecurityHeaders(h.CSP(), h)
}

func get(h http.Handler, method, path string, header map[string]string) *http.Response {
	req := httptest.NewRequest(method, path, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

// decoded is the body as a client that understands Content-Encoding reads it.
func decoded(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	body, _ := io.ReadAll(resp.Body)
	for _, e := range precompress.Encodings {
		if resp.Header.Get("Content-Encoding") == e.Name {
			plain, err := e.Decompress(body)
			if err != nil {
				t.Fatalf("%s body does not decode: %v", e.Name, err)
			}
			return plain
		}
	}
	return body
}

func TestServe(t *testing.T) {
	h := newHandler(t, bundle(t))
	tests := []struct {
		name     string
		method   string
		path     string
		header   map[string]string
		status   int
		encoding string
		ctype    string
		cache    string
		vary     bool
		body     []byte // decoded; nil: not checked
	}{
		{name: "shell br", path: "/", header: map[string]string{"Accept-Encoding": "gzip, deflate, br, zstd"}, status: 200, encoding: "br", ctype: "text/html; charset=utf-8", cache: "no-cache", vary: true, body: shell},
		{name: "shell gzip", path: "/", header: map[string]string{"Accept-Encoding": "gzip"}, status: 200, encoding: "gzip", ctype: "text/html; charset=utf-8", cache: "no-cache", vary: true, body: shell},
		{name: "shell identity", path: "/index.html", status: 200, ctype: "text/html; charset=utf-8", cache: "no-cache", vary: true, body: shell},
		{name: "br refused", path: "/", header: map[string]string{"Accept-Encoding": "br;q=0, gzip"}, status: 200, encoding: "gzip", vary: true, body: shell},
		{name: "all refused but identity", path: "/", header: map[string]string{"Accept-Encoding": "br;q=0, gzip;q=0"}, status: 200, vary: true, body: shell},
		{name: "nothing acceptable", path: "/", header: map[string]string{"Accept-Encoding": "*;q=0"}, status: 406, vary: true},
		{name: "page", path: "/settings", header: map[string]string{"Accept-Encoding": "br"}, status: 200, encoding: "br", ctype: "text/html; charset=utf-8", cache: "no-cache", vary: true, body: shell},
		{name: "the hand-off's page gets the shell", path: "/pay?amount=1.00&invoice=7", header: map[string]string{"Accept-Encoding": "br"}, status: 200, encoding: "br", vary: true, body: shell},
		{name: "unknown page gets the shell", path: "/some/route", header: map[string]string{"Accept-Encoding": "br"}, status: 200, encoding: "br", vary: true, body: shell},
		{name: "wasm br", path: "/web/app.wasm", header: map[string]string{"Accept-Encoding": "br, gzip"}, status: 200, encoding: "br", ctype: "application/wasm", cache: "no-cache", vary: true, body: wasm},
		{name: "wasm identity", path: "/web/app.wasm", status: 200, ctype: "application/wasm", vary: true, body: wasm},
		{name: "gzip copy only", path: "/web/app.css", header: map[string]string{"Accept-Encoding": "br, gzip"}, status: 200, encoding: "gzip", ctype: "text/css; charset=utf-8", vary: true, body: css},
		{name: "image, no copies, no Vary", path: "/web/icon-192.png", header: map[string]string{"Accept-Encoding": "br"}, status: 200, ctype: "image/png", cache: "no-cache", body: png},
		{name: "versioned is immutable", path: "/web/app.0123abcd.js", status: 200, cache: "public, max-age=31536000, immutable", body: []byte("versioned")},
		{name: "head", method: "HEAD", path: "/web/app.wasm", header: map[string]string{"Accept-Encoding": "br"}, status: 200, encoding: "br", vary: true},
		{name: "copy is not a URL", path: "/app.js.br", status: 404},
		{name: "gzip copy is not a URL", path: "/web/app.wasm.gz", status: 404},
		{name: "missing resource", path: "/web/nope.png", status: 404},
		{name: "missing under web is not the shell", path: "/web/nope", status: 404},
		{name: "hidden file", path: "/.gitkeep", status: 404},
		{name: "post", method: "POST", path: "/", status: 405},
		{name: "dot dot", path: "/web/../index.html", header: map[string]string{"Accept-Encoding": "br"}, status: 200, encoding: "br", vary: true, body: shell},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := tt.method
			if method == "" {
				method = "GET"
			}
			resp := get(h, method, tt.path, tt.header)
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if got := resp.Header.Get("Content-Security-Policy"); !strings.Contains(got, "default-src 'self'") {
				t.Errorf("CSP %q", got)
			}
			if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("X-Content-Type-Options %q", got)
			}
			if got := resp.Header.Get("Referrer-Policy"); got != "no-referrer" {
				t.Errorf("Referrer-Policy %q", got)
			}
			if tt.status != 200 {
				return
			}
			if got := resp.Header.Get("Content-Encoding"); got != tt.encoding {
				t.Errorf("Content-Encoding %q, want %q", got, tt.encoding)
			}
			if tt.ctype != "" && resp.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tt.ctype)
			}
			if tt.cache != "" && resp.Header.Get("Cache-Control") != tt.cache {
				t.Errorf("Cache-Control %q, want %q", resp.Header.Get("Cache-Control"), tt.cache)
			}
			if got := resp.Header.Get("Vary") == "Accept-Encoding"; got != tt.vary {
				t.Errorf("Vary %q, want Accept-Encoding: %v", resp.Header.Get("Vary"), tt.vary)
			}
			if resp.Header.Get("ETag") == "" {
				t.Error("no ETag")
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body = io.NopCloser(bytes.NewReader(raw))
			if method == "GET" && resp.Header.Get("Content-Length") != strconv.Itoa(len(raw)) {
				t.Errorf("Content-Length %s, body %d bytes", resp.Header.Get("Content-Length"), len(raw))
			}
			if method == "HEAD" && (len(raw) != 0 || resp.Header.Get("Content-Length") == "0") {
				t.Errorf("HEAD: %d body bytes, Content-Length %s", len(raw), resp.Header.Get("Content-Length"))
			}
			if tt.body != nil {
				if got := decoded(t, resp); !bytes.Equal(got, tt.body) {
					t.Errorf("body is %d bytes, want %d", len(got), len(tt.body))
				}
			}
		})
	}
}

func TestUncompressedLength(t *testing.T) {
	h := newHandler(t, bundle(t))
	resp := get(h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": "br"})
	if got := resp.Header.Get(UncompressedLengthHeader); got != strconv.Itoa(len(wasm)) {
		t.Errorf("%s: %q, want %d", UncompressedLengthHeader, got, len(wasm))
	}
	resp = get(h, "GET", "/", map[string]string{"Accept-Encoding": "br"})
	if got := resp.Header.Get(UncompressedLengthHeader); got != "" {
		t.Errorf("%s on the shell: %q", UncompressedLengthHeader, got)
	}
}

func TestETagPerRepresentation(t *testing.T) {
	h := newHandler(t, bundle(t))
	tags := map[string]string{}
	for _, ae := range []string{"br", "gzip", "identity"} {
		resp := get(h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": ae})
		tag := resp.Header.Get("ETag")
		if !strings.HasPrefix(tag, `"`) {
			t.Fatalf("%s: ETag %q is not strong", ae, tag)
		}
		for other, otherTag := range tags {
			if otherTag == tag {
				t.Errorf("%s and %s share ETag %s", ae, other, tag)
			}
		}
		tags[ae] = tag
	}
	tests := []struct {
		name, ae, inm string
		status        int
	}{
		{"br revalidated", "br", tags["br"], 304},
		{"gzip revalidated", "gzip", tags["gzip"], 304},
		{"identity revalidated", "", tags["identity"], 304},
		{"weak form", "br", "W/" + tags["br"], 304},
		{"in a list", "br", `"old", ` + tags["br"], 304},
		{"star", "br", "*", 304},
		{"cached gzip, now br", "br, gzip", tags["gzip"], 200},
		{"stale tag", "br", `"old"`, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := get(h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": tt.ae, "If-None-Match": tt.inm})
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 304 {
				return
			}
			body, _ := io.ReadAll(resp.Body)
			if len(body) != 0 || resp.Header.Get("ETag") == "" || resp.Header.Get("Vary") != "Accept-Encoding" || resp.Header.Get("Cache-Control") != "no-cache" {
				t.Errorf("304: body %d bytes, headers %v", len(body), resp.Header)
			}
		})
	}
}

func TestRangeServesIdentity(t *testing.T) {
	h := newHandler(t, bundle(t))
	resp := get(h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": "br", "Range": "bytes=4-7"})
	if resp.StatusCode != http.StatusPartialContent {
		t.Fatalf("status %d, want 206", resp.StatusCode)
	}
	if ce := resp.Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("a range of a %s body", ce)
	}
	body, _ := io.ReadAll(resp.Body)
	if !bytes.Equal(body, wasm[4:8]) {
		t.Errorf("range body %q, want %q", body, wasm[4:8])
	}
	if cr := resp.Header.Get("Content-Range"); cr != "bytes 4-7/"+strconv.Itoa(len(wasm)) {
		t.Errorf("Content-Range %q", cr)
	}
	// If-Range with another representation's tag: the whole identity body.
	br := get(h, "GET", "/web/app.wasm", map[string]string{"Accept-Encoding": "br"}).Header.Get("ETag")
	resp = get(h, "GET", "/web/app.wasm", map[string]string{"Range": "bytes=4-7", "If-Range": br})
	if resp.StatusCode != 200 || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("If-Range with the br tag: status %d, encoding %q", resp.StatusCode, resp.Header.Get("Content-Encoding"))
	}
}

func TestStaleCopyIsNotServed(t *testing.T) {
	fsys := bundle(t)
	other, _ := precompress.Encodings[0].Compress([]byte("an older build of the shell"))
	fsys["index.html.br"] = &fstest.MapFile{Data: other}
	fsys["app.js.gz"] = &fstest.MapFile{Data: []byte("not gzip")}
	var logs bytes.Buffer
	h, err := New(fsys, Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	resp := get(h, "GET", "/", map[string]string{"Accept-Encoding": "br"})
	if resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("served the stale %s copy", resp.Header.Get("Content-Encoding"))
	}
	if got := decoded(t, resp); !bytes.Equal(got, shell) {
		t.Error("wrong shell body")
	}
	resp = get(h, "GET", "/app.js", map[string]string{"Accept-Encoding": "gzip, br"})
	if resp.Header.Get("Content-Encoding") != "br" {
		t.Errorf("app.js: %q, want the good br copy", resp.Header.Get("Content-Encoding"))
	}
	for _, want := range []string{"index.html.br is stale", "app.js.gz"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
}

func TestNoBundle(t *testing.T) {
	_, err := New(fstest.MapFS{".gitkeep": {}}, Options{})
	if !errors.Is(err, ErrNoBundle) {
		t.Errorf("err %v, want ErrNoBundle", err)
	}
}

func BenchmarkServeHandler(b *testing.B) {
	h := newHandler(b, bundle(b))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}
