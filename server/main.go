// Command server serves lanepay's app from one binary, with the bundle
// embedded, and can start the simulated terminal beside it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"
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
	fmt.Printf("\nlanepay is running: open %s in a browser.\n", d.URL())
	if d.sim != nil {
		fmt.Printf("The simulated terminal listens on ws://%s/ (WebSocket) and %s (TCP).\n", d.sim.WSAddr(), d.sim.TCPAddr())
		fmt.Println("Press Connect, type an amount such as 12.34 and press Charge.")
		fmt.Println("Amounts ending in .51 or .05 are declined; 9.01 to 9.07 misbehave on purpose (see README).")
	}
	fmt.Println("Press Ctrl-C to stop.")
	<-ctx.Done()
	logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return d.Close(sctx)
}
