// Command patchdeps writes lanepay's patched copies of two of the wasm's
// dependencies, and a Go workspace that builds lanepay with them:
//
//	go run ./app/cmd/patchdeps -out bin/patchdeps
//	GOWORK=$PWD/bin/patchdeps/go.work GOOS=js GOARCH=wasm go build ./app
//
// Five patches, each written for one released version and refusing any
// other, so that an upgrade cannot be patched blindly:
//
//   - frame (frame.go): go-app v10.1.11's frame loop renders a change at
//     once instead of a frame interval (8.3 ms) after it.
//   - nohttp (nohttp.go): go-app v10.1.11 and coder/websocket v1.8.15 no
//     longer import net/http in the browser, which never makes or serves
//     an HTTP request through them: a fifth of the wasm's brotli.
//   - mount (mount.go): go-app v10.1.11 mounts a tree in one call to a
//     builder the page supplies (app/mount-batch.js), not about ten calls
//     into JavaScript a node.
//   - storage (storage.go): go-app v10.1.11's local and session storage
//     survive a browser that blocks them, where reaching them stopped the
//     Go program (at start-up, so the app never started).
//   - routes (routes.go): go-app v10.1.11's router links the regexp
//     package (and the unicode tables it builds at start-up) only into an
//     app that routes by pattern: 0.5 MB of lanepay's raw wasm.
//
// Natively the copies build the code as released (the mount patch's
// batch opens only in a browser). With -test the frame and mount patches'
// tests are added to go-app's package, for
// `GOWORK=... go test github.com/maxence-charriere/go-app/v10/pkg/app`
// (the mount patch's under GOOS=js, in a browser).
// The bench turns patches off (-frame=false, -nohttp=false, -mount=false,
// -storage=false, -routes=false) to build its baselines. It runs from the module's root (the workspace
// uses it, and the mount patch's test reads app/mount-batch.js).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// run is the command, returning its exit status.
func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("patchdeps", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the directory to write the patched copies and go.work to")
	var p patches
	fs.BoolVar(&p.frame, "frame", true, "patch go-app's frame loop")
	fs.BoolVar(&p.noHTTP, "nohttp", true, "keep net/http out of go-app and coder/websocket in the browser")
	fs.BoolVar(&p.mount, "mount", true, "batch go-app's mount into one call to the page's builder")
	fs.BoolVar(&p.storage, "storage", true, "let go-app's storage survive a browser that blocks it")
	fs.BoolVar(&p.routes, "routes", true, "link go-app's regexp routing only into an app that routes by pattern")
	fs.BoolVar(&p.tests, "test", false, "also add the patches' tests to go-app's package (needs -frame or -mount)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() != 0 || (p.tests && !p.frame && !p.mount) {
		fmt.Fprintln(stderr, "Usage: patchdeps -out DIR [-frame=false] [-nohttp=false] [-mount=false] [-storage=false] [-routes=false] [-test]")
		return 2
	}
	if _, err := writeWorkspace(".", *out, p); err != nil {
		fmt.Fprintln(stderr, "patchdeps:", err)
		return 1
	}
	return 0
}
