// Package web holds the app's static resources (static/) and embeds the
// generated bundle (dist/, built by `make build`, never committed).
package web

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist is the generated bundle. It holds only a placeholder until the
// bundle has been built; the server says so rather than serving nothing.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // the directory is embedded at compile time
	}
	return sub
}
