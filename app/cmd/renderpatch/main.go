// Command renderpatch writes a copy of go-app v10.1.11 with its frame loop
// patched, so that a change shows at once instead of a frame interval
// (8.3 ms) after it, and a Go workspace that builds lanepay with it:
//
//	go run ./app/cmd/renderpatch -out bin/renderpatch
//	GOWORK=$PWD/bin/renderpatch/go.work GOOS=js GOARCH=wasm go build ./app
//
// go-app renders on a timer armed by the first change after a quiet spell,
// so the verdict of a charge, or the feedback of a tap, waited for it every
// time; no public API renders sooner. The patch replaces one function,
// engineX.Start (see start.go.in), and refuses any engine.go but
// v10.1.11's, so that a go-app upgrade cannot be patched blindly. With
// -test it also adds a test file to go-app's package, for
// `GOWORK=... go test github.com/maxence-charriere/go-app/v10/pkg/app`.
// It runs from the module's root (the workspace uses it).
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
	fs := flag.NewFlagSet("renderpatch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "the directory to write the patched go-app and go.work to")
	withTest := fs.Bool("test", false, "also add the patch's test to go-app's package")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *out == "" || fs.NArg() != 0 {
		fmt.Fprintln(stderr, "Usage: renderpatch -out DIR [-test]")
		return 2
	}
	dir, err := goAppDir()
	if err != nil {
		fmt.Fprintln(stderr, "renderpatch:", err)
		return 1
	}
	if _, err := writeWorkspace(".", dir, *out, *withTest); err != nil {
		fmt.Fprintln(stderr, "renderpatch:", err)
		return 1
	}
	return 0
}
