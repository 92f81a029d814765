package static

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html"
	"slices"
	"strings"
)

// buildCSP makes the Content-Security-Policy for a bundle whose HTML pages
// are pages. It allows exactly what the app needs:
//
//   - its own scripts, plus 'wasm-unsafe-eval' to compile the wasm (and
//     nothing that would allow eval of strings);
//   - the hash of every inline script, <style> element and style or event
//     attribute found in the pages (the two inline scripts at the start of
//     the head, compile-early.js and early.js; go-app links its own),
//     never 'unsafe-inline'. go-app's Style() sets style attributes at run
//     time with setAttribute, which this policy blocks: style with classes;
//   - connect-src ws: wss: besides 'self', because terminals sit at
//     arbitrary LAN addresses that no list could name, and the bridge is
//     same-origin;
//   - images from itself and data: URLs; its manifest and service worker
//     from itself; no plugins, no framing, no <base> or form target
//     elsewhere.
func buildCSP(pages [][]byte) string {
	var scripts, styles []string
	scriptAttrs, styleAttrs := false, false
	for _, p := range pages {
		in := scanInline(p)
		scripts = append(scripts, hashes(in.scripts)...)
		styles = append(styles, hashes(in.styles)...)
		if len(in.handlerAttrs) > 0 {
			scriptAttrs = true
			scripts = append(scripts, hashes(in.handlerAttrs)...)
		}
		if len(in.styleAttrs) > 0 {
			styleAttrs = true
			styles = append(styles, hashes(in.styleAttrs)...)
		}
	}
	scriptSrc := []string{"'self'", "'wasm-unsafe-eval'"}
	if scriptAttrs {
		// Hashes match attributes only with 'unsafe-hashes' (CSP 3).
		scriptSrc = append(scriptSrc, "'unsafe-hashes'")
	}
	styleSrc := []string{"'self'"}
	if styleAttrs {
		styleSrc = append(styleSrc, "'unsafe-hashes'")
	}
	directives := []string{
		"default-src 'self'",
		"script-src " + strings.Join(append(scriptSrc, unique(scripts)...), " "),
		"style-src " + strings.Join(append(styleSrc, unique(styles)...), " "),
		"img-src 'self' data:",
		"connect-src 'self' ws: wss:",
		"manifest-src 'self'",
		"worker-src 'self'",
		"object-src 'none'",
		"frame-ancestors 'none'",
		"base-uri 'self'",
		"form-action 'self'",
	}
	return strings.Join(directives, "; ")
}

func hashes(blocks [][]byte) []string {
	out := make([]string, 0, len(blocks))
	for _, b := range blocks {
		sum := sha256.Sum256(b)
		out = append(out, "'sha256-"+base64.StdEncoding.EncodeToString(sum[:])+"'")
	}
	return out
}

func unique(s []string) []string {
	slices.Sort(s)
	return slices.Compact(s)
}

// inline is what a page holds inline, as the browser hashes it: the raw
// text of <script> (without src) and <style> elements, and the decoded
// values of style and on* attributes.
type inline struct {
	scripts, styles, styleAttrs, handlerAttrs [][]byte
}

// scanInline finds a page's inline code. It is a small tokenizer, enough
// for the well-formed HTML go-app writes: tags, quoted or bare attribute
// values, comments, and raw text inside script and style elements.
func scanInline(doc []byte) inline {
	var in inline
	i := 0
	for {
		lt := bytes.IndexByte(doc[i:], '<')
		if lt < 0 {
			return in
		}
		i += lt + 1
		rest := doc[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("!--")):
			end := bytes.Index(rest[3:], []byte("-->"))
			if end < 0 {
				return in
			}
			i += 3 + end + 3
			continue
		case len(rest) == 0 || !isLetter(rest[0]):
			continue // </end>, <!doctype>, or a stray '<'
		}
		name, attrs, n := scanTag(rest)
		i += n
		for _, a := range attrs {
			switch {
			case a.name == "style":
				in.styleAttrs = append(in.styleAttrs, []byte(html.UnescapeString(a.value)))
			case strings.HasPrefix(a.name, "on"):
				in.handlerAttrs = append(in.handlerAttrs, []byte(html.UnescapeString(a.value)))
			}
		}
		if name != "script" && name != "style" {
			continue
		}
		end := indexFold(doc[i:], "</"+name)
		if end < 0 {
			end = len(doc) - i
		}
		body := doc[i : i+end]
		i += end
		switch {
		case name == "style":
			in.styles = append(in.styles, body)
		case !hasAttr(attrs, "src"):
			in.scripts = append(in.scripts, body)
		}
	}
}

type attr struct{ name, value string }

func hasAttr(attrs []attr, name string) bool {
	return slices.ContainsFunc(attrs, func(a attr) bool { return a.name == name })
}

// scanTag reads a start tag after its '<': its lower-case name, its
// attributes, and how many bytes it took up to and including '>'.
func scanTag(b []byte) (name string, attrs []attr, n int) {
	for n < len(b) && !isSpace(b[n]) && b[n] != '>' && b[n] != '/' {
		n++
	}
	name = strings.ToLower(string(b[:n]))
	for n < len(b) {
		for n < len(b) && (isSpace(b[n]) || b[n] == '/') {
			n++
		}
		if n >= len(b) {
			return name, attrs, n
		}
		if b[n] == '>' {
			return name, attrs, n + 1
		}
		start := n
		for n < len(b) && !isSpace(b[n]) && b[n] != '=' && b[n] != '>' && b[n] != '/' {
			n++
		}
		a := attr{name: strings.ToLower(string(b[start:n]))}
		for n < len(b) && isSpace(b[n]) {
			n++
		}
		if n < len(b) && b[n] == '=' {
			n++
			for n < len(b) && isSpace(b[n]) {
				n++
			}
			if n < len(b) && (b[n] == '"' || b[n] == '\'') {
				q := b[n]
				end := bytes.IndexByte(b[n+1:], q)
				if end < 0 {
					end = len(b) - n - 1
				}
				a.value = string(b[n+1 : n+1+end])
				n += end + 2
			} else {
				start := n
				for n < len(b) && !isSpace(b[n]) && b[n] != '>' {
					n++
				}
				a.value = string(b[start:n])
			}
		}
		attrs = append(attrs, a)
	}
	return name, attrs, min(n, len(b))
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// indexFold is bytes.Index ignoring ASCII case in s, which is lower case.
func indexFold(b []byte, s string) int {
	for i := 0; i+len(s) <= len(b); i++ {
		if strings.EqualFold(string(b[i:i+len(s)]), s) {
			return i
		}
	}
	return -1
}
