// Command server serves lanepay's app from one binary, with the bundle
// embedded, and can start the simulated terminal beside it, serve HTTPS,
// and bridge the page to terminals it cannot reach by itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/lanepay/lanepay/server/tlscert"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "lanepay:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	cfg, err := parseConfig(args, os.Getenv, os.Stderr)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))
	slog.SetDefault(logger)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	d, err := start(ctx, cfg, logger)
	if err != nil {
		return err
	}
	d.printWelcome(os.Stdout)
	<-ctx.Done()
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.Close(sctx)
}

// printWelcome tells the person who started the server what to do next.
func (d *daemon) printWelcome(w io.Writer) {
	fmt.Fprintf(w, "\nlanepay is running: open %s in a browser.\n", d.URL())
	if lan := d.LANURLs(); len(lan) > 0 {
		fmt.Fprintln(w, "On the shop's network, open one of:")
		for _, u := range lan {
			fmt.Fprintln(w, "  "+u)
		}
	}
	if d.tls != nil {
		d.printTLS(w)
	}
	if d.sim != nil {
		fmt.Fprintf(w, "The simulated terminal listens on ws://%s/ (WebSocket) and %s (TCP).\n", d.sim.WSAddr(), d.sim.TCPAddr())
		fmt.Fprintln(w, "The page connects to it by itself: type an amount such as 12.34 and press Charge.")
		fmt.Fprintln(w, "Amounts ending in .51 or .05 are declined; 9.01 to 9.07 misbehave on purpose (see README).")
	}
	if d.bridge != nil {
		fmt.Fprintf(w, "The bridge is on at /bridge; it reaches only: %s\n", d.bridge.Config().Allow)
	}
	fmt.Fprintln(w, "Press Ctrl-C to stop.")
}

// printTLS says which certificate is served and, for lanepay's own, how to
// make a tablet trust it.
func (d *daemon) printTLS(w io.Writer) {
	own := d.tls.own
	if own == nil {
		fmt.Fprintf(w, "HTTPS with your certificate for %v %v, SHA-256 fingerprint\n  %s\n",
			d.tls.leaf.DNSNames, d.tls.leaf.IPAddresses, tlscert.Fingerprint(d.tls.leaf.Raw))
		return
	}
	switch {
	case own.NewCA:
		fmt.Fprintf(w, "HTTPS: lanepay made its own certificate authority in %s.\n", own.Dir)
	default:
		fmt.Fprintf(w, "HTTPS with lanepay's certificate authority in %s.\n", own.Dir)
	}
	fmt.Fprintf(w, "Its certificate covers %v %v.\n", own.Leaf.DNSNames, own.Leaf.IPAddresses)
	if len(own.LeftOut) > 0 {
		fmt.Fprintf(w, "Left out, being neither private nor local: %v.\n", own.LeftOut)
	}
	if own.NewCA {
		caURL := d.URL() + caPath + " (with this machine's LAN address"
		if lan := d.LANURLs(); len(lan) > 0 {
			caURL = strings.TrimSuffix(lan[0], "/") + caPath + " (or another address above"
		}
		fmt.Fprint(w, `To trust it on a tablet, once (again, if you trusted an earlier one):
  1. On the tablet open `+caURL+`;
     accept the warning this one time), or copy `+own.Dir+`/ca.pem to it.
  2. Android: Settings > Security > Encryption & credentials > Install a
     certificate > CA certificate, and pick the file.
     iPad/iPhone: Settings > Profile Downloaded > Install; then Settings >
     General > About > Certificate Trust Settings: turn on "lanepay local CA".
  3. Check that the fingerprint it shows is this one:
`)
	} else {
		fmt.Fprintln(w, "Tablets that trust it need nothing new. Its fingerprint, to check on a new tablet:")
	}
	fmt.Fprintf(w, "     SHA-256 %s\n", tlscert.Fingerprint(own.CA.Raw))
}
