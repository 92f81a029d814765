// Command patchdeps writes lanepay's patched copy of go-app, the wasm's
// one patched dependency, and a Go workspace that builds lanepay with it:
//
//	go run ./app/cmd/patchdeps -out bin/patchdeps
//	GOWORK=$PWD/bin/patchdeps/go.work GOOS=js GOARCH=wasm go build ./app
//
// Each patch is written for go-app v10.1.11 and refuses any other version,
// so that an upgrade cannot be patched blindly. What each buys, measured,
// and its upstream status: README.md.
//
//   - frame (frame.go): the frame loop renders a change at once instead
//     of a frame interval (8.3 ms) after it.
//   - nohttp (nohttp.go): go-app no longer imports net/http in the
//     browser, which never makes or serves an HTTP request through it.
//   - storage (storage.go): local and session storage survive a browser
//     that blocks them, where reaching them stopped the Go program (at
//     start-up, so the app never started).
//   - routes (routes.go): the router links the regexp package (and the
//     unicode tables it builds at start-up) only into an app that routes
//     by pattern.
//
// Natively the copy builds the code as released. With -test the frame
// patch's test is added to go-app's package, for
// `GOWORK=... go test github.com/maxence-charriere/go-app/v10/pkg/app`.
// The bench turns patches off (-frame=false, -nohttp=false,
// -storage=false, -routes=false) to measure each. It runs from the
// module's root, which the workspace uses.
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
	out := fs.String("out", "", "the directory to write the patched copy and go.work to")
	var p patches
	fs.BoolVar(&p.frame, "frame", true, "patch go-app's frame loop")
	fs.BoolVar(&p.noHTTP, "nohttp", true, "keep net/http out of go-app in the browser")
	fs.BoolVar(&p.storage, "storage", true, "let go-app's storage survive a browser that blocks it")
	fs.BoolVar(&p.routes, "routes", true, "link go-app's regexp routing only into an app that routes by pattern")
	fs.BoolVar(&p.tests, "test", false, "also add the frame patch's test to go-app's package (needs -frame)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() != 0 || (p.tests && !p.frame) {
		fmt.Fprintln(stderr, "Usage: patchdeps -out DIR [-frame=false] [-nohttp=false] [-storage=false] [-routes=false] [-test]")
		return 2
	}
	if _, err := writeWorkspace(".", *out, p); err != nil {
		fmt.Fprintln(stderr, "patchdeps:", err)
		return 1
	}
	return 0
}
