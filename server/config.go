package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
)

// config is every setting of the server. Each flag has an environment
// variable twin (LANEPAY_ plus the flag name in capitals, dashes as
// underscores); a flag given on the command line wins.
type config struct {
	Addr     string
	Dir      string
	LogLevel slog.Level

	Sim      bool
	SimWS    string
	SimTCP   string
	SimDelay time.Duration
	SimFault string
}

func parseConfig(args []string, getenv func(string) string, out io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("lanepay", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8000", "address to serve the app on")
	fs.StringVar(&c.Dir, "dir", "", "serve the bundle from this directory instead of the embedded one (development)")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn or error")
	fs.BoolVar(&c.Sim, "sim", false, "start the simulated terminal beside the server")
	fs.StringVar(&c.SimWS, "sim-ws", "127.0.0.1:5000", "the simulated terminal's WebSocket address")
	fs.StringVar(&c.SimTCP, "sim-tcp", "127.0.0.1:5001", "the simulated terminal's TCP address")
	fs.DurationVar(&c.SimDelay, "sim-delay", 1500*time.Millisecond, "the simulated terminal's processing time (a card tap)")
	fs.StringVar(&c.SimFault, "sim-fault", "", "apply one fault to every transaction: silent, charge-then-drop, drop-before, ack-echo, malformed, slow, oversize")
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: lanepay [flags]\n\nServes the lanepay app. Every flag can also be set in the environment,\nfor example -addr as LANEPAY_ADDR.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	// Environment first, so flags on the command line override it.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "LANEPAY_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := getenv(name); v != "" && envErr == nil {
			if err := f.Value.Set(v); err != nil {
				envErr = fmt.Errorf("invalid %s=%q: %w", name, v, err)
			}
		}
	})
	if envErr != nil {
		return c, envErr
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q (flags start with -)", fs.Arg(0))
	}
	if err := c.LogLevel.UnmarshalText([]byte(*logLevel)); err != nil {
		return c, fmt.Errorf("invalid -log-level %q: use debug, info, warn or error", *logLevel)
	}
	return c, nil
}
