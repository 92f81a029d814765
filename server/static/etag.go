package static

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// etagOf is a strong ETag for one representation: a hash of its bytes, so
// that the brotli, gzip and identity bodies of a file have different tags
// (RFC 9110 8.8.3.3) and a tag changes exactly when its body does.
func etagOf(data []byte) string {
	sum := sha256.Sum256(data)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

// noneMatch reports whether an If-None-Match field (its values, as
// repeated in the request) matches etag, by the weak comparison RFC 9110
// 13.1.2 asks for: "*" or any listed tag with the same opaque value,
// W/ or not. A malformed field matches nothing from
// where it goes wrong: the client gets the body.
func noneMatch(fields []string, etag string) bool {
	for _, f := range fields {
		for {
			f = strings.TrimLeft(f, " \t,")
			if f == "" {
				break
			}
			if f[0] == '*' {
				return true
			}
			f = strings.TrimPrefix(f, "W/")
			if f == "" || f[0] != '"' {
				break // malformed: the rest of this field says nothing
			}
			end := strings.IndexByte(f[1:], '"')
			if end < 0 {
				break
			}
			if f[:end+2] == etag {
				return true
			}
			f = f[end+2:]
			if f != "" && f[0] != ',' && f[0] != ' ' && f[0] != '\t' {
				break
			}
		}
	}
	return false
}
