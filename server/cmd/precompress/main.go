// Command precompress writes brotli and gzip copies of the bundle's
// compressible files next to them, for the server to serve as they are:
//
//	go run ./server/cmd/precompress web/dist
//
// `make build` runs it after generating the bundle and before building the
// server, which embeds the copies. See package precompress.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/lanepay/lanepay/server/precompress"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command, returning its exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("precompress", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "list every copy, kept ones too")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: precompress [-v] DIR\n\nWrites NAME.br and NAME.gz beside each compressible file of DIR when smaller.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	dir := fs.Arg(0)
	t0 := time.Now()
	results, err := precompress.Dir(ctx, dir)
	if err != nil {
		fmt.Fprintln(stderr, "precompress:", err)
		return 1
	}
	wrote := 0
	for _, r := range results {
		if r.Action == precompress.Wrote {
			wrote++
		}
		if !*verbose && r.Action != precompress.Wrote && r.Action != precompress.Removed {
			continue
		}
		if r.Compressed > 0 {
			fmt.Fprintf(stdout, "precompress: %-11s %s (%d -> %d bytes, %.0f%%)\n", r.Action, r.Path, r.Size, r.Compressed, 100*float64(r.Compressed)/float64(r.Size))
		} else {
			fmt.Fprintf(stdout, "precompress: %-11s %s\n", r.Action, r.Path)
		}
	}
	fmt.Fprintf(stdout, "precompress: %s: %d copies written, %d considered, in %s\n", dir, wrote, len(results), time.Since(t0).Round(time.Millisecond))
	return 0
}
