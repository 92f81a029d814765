package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/server/bridge"
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

	TLS    bool
	Cert   string
	Key    string
	TLSDir string // "" means the user's config directory, lanepay/

	Bridge             bool
	Allow              *bridge.AllowList
	Hosts              []string // -host: names and addresses the shop reaches the server by
	BridgeMaxMessage   int
	BridgeIdle         time.Duration
	BridgeDialTimeout  time.Duration
	BridgeMaxPerTarget int
}

// allowFlag reads -allow into an allow-list as it is parsed, so that a bad
// entry stops the server at once with the entry named.
type allowFlag struct{ list **bridge.AllowList }

func (f allowFlag) String() string {
	if f.list == nil || *f.list == nil {
		return ""
	}
	return (*f.list).String()
}

func (f allowFlag) Set(s string) error {
	a, err := bridge.ParseAllowList(s)
	if err != nil {
		return err
	}
	*f.list = a
	return nil
}

// hostsFlag reads -host as it is parsed, so that a bad entry stops the
// server at once with the entry named. A later -host replaces an earlier
// one, as the command line replaces the environment.
type hostsFlag struct{ hosts *[]string }

func (f hostsFlag) String() string {
	if f.hosts == nil {
		return ""
	}
	return strings.Join(*f.hosts, ",")
}

func (f hostsFlag) Set(s string) error {
	if _, err := bridge.ParseHostList(s); err != nil {
		return err
	}
	var hosts []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			hosts = append(hosts, item)
		}
	}
	*f.hosts = hosts
	return nil
}

func parseConfig(args []string, getenv func(string) string, out io.Writer) (config, error) {
	c := config{Allow: &bridge.AllowList{}}
	fs := flag.NewFlagSet("lanepay", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&c.Addr, "addr", "127.0.0.1:8000", "address to serve the app on; 0.0.0.0:8000 for the LAN")
	fs.StringVar(&c.Dir, "dir", "", "serve the bundle from this directory instead of the embedded one (development)")
	logLevel := fs.String("log-level", "info", "log level: debug (one line per request), info, warn or error")

	fs.BoolVar(&c.Sim, "sim", false, "start the simulated terminal beside the server")
	fs.StringVar(&c.SimWS, "sim-ws", "127.0.0.1:5000", "the simulated terminal's WebSocket address")
	fs.StringVar(&c.SimTCP, "sim-tcp", "127.0.0.1:5001", "the simulated terminal's TCP address")
	fs.DurationVar(&c.SimDelay, "sim-delay", 1500*time.Millisecond, "the simulated terminal's processing time (a card tap)")
	fs.StringVar(&c.SimFault, "sim-fault", "", "apply one fault to every transaction: silent, charge-then-drop, drop-before, ack-echo, malformed, slow, oversize, or its test amount (9.01 to 9.07)")

	fs.BoolVar(&c.TLS, "tls", false, "serve HTTPS: with -cert and -key, or alone with a certificate from lanepay's own CA, made once and kept in -tls-dir")
	fs.StringVar(&c.Cert, "cert", "", "HTTPS certificate file (PEM, chain after the leaf); implies -tls")
	fs.StringVar(&c.Key, "key", "", "HTTPS private key file (PEM), with -cert")
	fs.StringVar(&c.TLSDir, "tls-dir", "", "where -tls alone keeps its CA and certificate (default: the user's config directory, lanepay/)")

	fs.BoolVar(&c.Bridge, "bridge", false, "serve the bridge at /bridge: the page reaches TCP terminals, and ws:// ones from an HTTPS page, through the server")
	fs.Var(allowFlag{&c.Allow}, "allow", "comma-separated `list` of terminals the bridge may reach: 192.168.1.50:5000, 192.168.1.50 (any port), 10.0.0.0/24, 10.0.0.0/24:5000, [fd00::5]:5000; addresses, never names; loopback only as exact ADDRESS:PORT; the simulator's are added with -sim")
	fs.Var(hostsFlag{&c.Hosts}, "host", "comma-separated `list` of names or addresses the shop uses to reach the server, such as till.shop.lan,pos.local (no port): the bridge answers only these, loopback, the addresses it listens on and its certificate's names, so that another site cannot reach it by pointing its own name at the server (DNS rebinding)")
	fs.IntVar(&c.BridgeMaxMessage, "bridge-max-message", bridge.DefaultMaxMessage, "largest message the bridge relays either way, in bytes")
	fs.DurationVar(&c.BridgeIdle, "bridge-idle", bridge.DefaultIdleTimeout, "close a bridge connection with no message either way for this long")
	fs.DurationVar(&c.BridgeDialTimeout, "bridge-dial-timeout", bridge.DefaultDialTimeout, "how long the bridge tries to reach a terminal")
	fs.IntVar(&c.BridgeMaxPerTarget, "bridge-max-per-target", bridge.DefaultMaxPerTarget, "bridge connections one terminal may have at once")

	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: lanepay [flags]\n\nServes the lanepay app. Every flag can also be set in the environment,\nfor example -addr as LANEPAY_ADDR and -bridge-idle as LANEPAY_BRIDGE_IDLE.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	// Environment first, so flags on the command line override it.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
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
	// A misspelt fault must not quietly give a well-behaved terminal.
	fault, err := terminalsim.ParseFault(c.SimFault)
	if err != nil {
		return c, fmt.Errorf("invalid -sim-fault: %w", err)
	}
	c.SimFault = string(fault)
	if err := c.LogLevel.UnmarshalText([]byte(*logLevel)); err != nil {
		return c, fmt.Errorf("invalid -log-level %q: use debug, info, warn or error", *logLevel)
	}
	return c, c.check()
}

// envName is a flag's environment variable.
func envName(flag string) string {
	return "LANEPAY_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// check refuses settings that cannot work together.
func (c *config) check() error {
	if (c.Cert == "") != (c.Key == "") {
		return errors.New("-cert and -key go together")
	}
	if c.Cert != "" {
		c.TLS = true
	}
	switch {
	case c.BridgeMaxMessage < 1<<10 || c.BridgeMaxMessage > 16<<20:
		return fmt.Errorf("-bridge-max-message %d: use 1024 to %d bytes", c.BridgeMaxMessage, 16<<20)
	case c.BridgeIdle <= 0:
		return errors.New("-bridge-idle must be positive")
	case c.BridgeDialTimeout <= 0:
		return errors.New("-bridge-dial-timeout must be positive")
	case c.BridgeMaxPerTarget < 1:
		return errors.New("-bridge-max-per-target must be at least 1")
	}
	return nil
}
