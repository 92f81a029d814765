package static

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

func TestScanInline(t *testing.T) {
	tests := []struct {
		name                                      string
		doc                                       string
		scripts, styles, styleAttrs, handlerAttrs []string
	}{
		{name: "go-app shell: linked scripts only", doc: `<!doctype html><html><head><script defer src="/wasm_exec.js"></script><script defer src="/app.js"></script><link href="/app.css" rel="stylesheet"></head><body><main class="x">hi</main></body></html>`},
		{name: "inline script", doc: `<head><script>console.log("a < b")</script></head>`, scripts: []string{`console.log("a < b")`}},
		{name: "upper case", doc: `<SCRIPT type="module">go()</SCRIPT>`, scripts: []string{`go()`}},
		{name: "script with a tag in a string", doc: `<script>let s = "<p>";</script>`, scripts: []string{`let s = "<p>";`}},
		{name: "style element", doc: `<style>body{margin:0}</style>`, styles: []string{`body{margin:0}`}},
		{name: "style attribute, decoded", doc: `<p style="color:red;content:&quot;x&quot;">x</p>`, styleAttrs: []string{`color:red;content:"x"`}},
		{name: "single quotes and bare values", doc: `<p style='a:b' class=x onclick=go()>x</p>`, styleAttrs: []string{`a:b`}, handlerAttrs: []string{`go()`}},
		{name: "comment hides a script", doc: `<!-- <script>no()</script> --><p>x</p>`},
		{name: "self-closing and spaces", doc: `<img src="/a.png" /><script >x()</script >`, scripts: []string{`x()`}},
		{name: "unterminated script", doc: `<script>x()`, scripts: []string{`x()`}},
		{name: "stray less-than", doc: `a < b <3 <script>y()</script>`, scripts: []string{`y()`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := scanInline([]byte(tt.doc))
			check := func(kind string, got [][]byte, want []string) {
				if len(got) != len(want) {
					t.Fatalf("%s: got %q, want %q", kind, got, want)
				}
				for i := range got {
					if string(got[i]) != want[i] {
						t.Errorf("%s %d: %q, want %q", kind, i, got[i], want[i])
					}
				}
			}
			check("scripts", in.scripts, tt.scripts)
			check("styles", in.styles, tt.styles)
			check("style attributes", in.styleAttrs, tt.styleAttrs)
			check("handler attributes", in.handlerAttrs, tt.handlerAttrs)
		})
	}
}

func TestBuildCSP(t *testing.T) {
	plain := buildCSP([][]byte{[]byte(`<script src="/app.js"></script>`)})
	want := "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; manifest-src 'self'; worker-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
	if plain != want {
		t.Errorf("CSP\n%s\nwant\n%s", plain, want)
	}
	withInline := buildCSP([][]byte{
		[]byte(`<script>a()</script><style>p{}</style>`),
		[]byte(`<script>a()</script><p style="x:y">`),
	})
	for _, want := range []string{
		"script-src 'self' 'wasm-unsafe-eval' " + sha("a()") + ";",
		"style-src 'self' 'unsafe-hashes' ",
		sha("p{}"), sha("x:y"),
	} {
		if !strings.Contains(withInline, want) {
			t.Errorf("CSP lacks %q:\n%s", want, withInline)
		}
	}
	if strings.Count(withInline, sha("a()")) != 1 {
		t.Errorf("a script's hash is listed twice:\n%s", withInline)
	}
	if strings.Contains(withInline, "unsafe-inline") || strings.Contains(withInline, "'unsafe-eval'") {
		t.Errorf("CSP allows inline code or eval:\n%s", withInline)
	}
}
