package main

import (
	"errors"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestHelpDocumentsEveryFlag checks that -h names every flag and its
// environment variable scheme.
func TestHelpDocumentsEveryFlag(t *testing.T) {
	var out strings.Builder
	_, err := parseConfig([]string{"-h"}, func(string) string { return "" }, &out)
	if !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("err %v, want flag.ErrHelp", err)
	}
	for _, name := range []string{"addr", "dir", "log-level", "sim", "sim-ws", "sim-tcp", "sim-delay", "sim-fault",
		"tls", "cert", "key", "tls-dir", "bridge", "allow", "host", "bridge-max-message", "bridge-idle", "bridge-dial-timeout", "bridge-max-per-target"} {
		if !strings.Contains(out.String(), "  -"+name+" ") && !strings.Contains(out.String(), "  -"+name+"\n") {
			t.Errorf("-h does not document -%s", name)
		}
	}
	if !strings.Contains(out.String(), "LANEPAY_ADDR") {
		t.Error("-h does not explain the environment variables")
	}
	if envName("bridge-max-per-target") != "LANEPAY_BRIDGE_MAX_PER_TARGET" {
		t.Errorf("envName: %s", envName("bridge-max-per-target"))
	}
}

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c config)
		wantErr bool
		errHas  string // what the error must say
	}{
		{name: "defaults", check: func(t *testing.T, c config) {
			if c.Addr != "127.0.0.1:8000" || c.Sim || c.SimWS != "127.0.0.1:5000" || c.SimTCP != "127.0.0.1:5001" || c.SimDelay != 1500*time.Millisecond {
				t.Errorf("defaults: %+v", c)
			}
		}},
		{name: "flags", args: []string{"-addr", ":9000", "-sim", "-sim-delay", "0s", "-log-level", "debug"}, check: func(t *testing.T, c config) {
			if c.Addr != ":9000" || !c.Sim || c.SimDelay != 0 || c.LogLevel != slog.LevelDebug {
				t.Errorf("flags: %+v", c)
			}
		}},
		{name: "environment", env: map[string]string{"LANEPAY_ADDR": "127.0.0.2:8000", "LANEPAY_SIM": "true"}, check: func(t *testing.T, c config) {
			if c.Addr != "127.0.0.2:8000" || !c.Sim {
				t.Errorf("environment: %+v", c)
			}
		}},
		{name: "flag beats environment", args: []string{"-addr", "127.0.0.3:1"}, env: map[string]string{"LANEPAY_ADDR": "127.0.0.2:8000"}, check: func(t *testing.T, c config) {
			if c.Addr != "127.0.0.3:1" {
				t.Errorf("addr %q", c.Addr)
			}
		}},
		{name: "bad environment value", env: map[string]string{"LANEPAY_SIM_DELAY": "soon"}, wantErr: true},
		{name: "bridge defaults", args: []string{"-bridge"}, check: func(t *testing.T, c config) {
			if !c.Bridge || c.Allow.Len() != 0 || c.BridgeMaxMessage != 64<<10 || c.BridgeIdle != 10*time.Minute || c.BridgeDialTimeout != 5*time.Second || c.BridgeMaxPerTarget != 1 {
				t.Errorf("bridge defaults: %+v", c)
			}
		}},
		{name: "bridge flags", args: []string{"-bridge", "-allow", "192.168.1.50:5000, 10.0.0.0/24", "-bridge-max-message", "4096", "-bridge-idle", "1m", "-bridge-dial-timeout", "2s", "-bridge-max-per-target", "2"}, check: func(t *testing.T, c config) {
			if c.Allow.String() != "192.168.1.50:5000,10.0.0.0/24" || c.BridgeMaxMessage != 4096 || c.BridgeIdle != time.Minute || c.BridgeDialTimeout != 2*time.Second || c.BridgeMaxPerTarget != 2 {
				t.Errorf("bridge flags: %+v (allow %s)", c, c.Allow)
			}
		}},
		{name: "bridge environment", env: map[string]string{"LANEPAY_BRIDGE": "1", "LANEPAY_ALLOW": "192.168.1.0/24:5000", "LANEPAY_BRIDGE_IDLE": "30s"}, check: func(t *testing.T, c config) {
			if !c.Bridge || c.Allow.String() != "192.168.1.0/24:5000" || c.BridgeIdle != 30*time.Second {
				t.Errorf("bridge environment: %+v", c)
			}
		}},
		{name: "allow refuses a name", args: []string{"-allow", "terminal.lan:5000"}, wantErr: true},
		{name: "allow refuses metadata", args: []string{"-allow", "169.254.169.254"}, wantErr: true},
		{name: "allow refuses loopback range", env: map[string]string{"LANEPAY_ALLOW": "127.0.0.0/8"}, wantErr: true},
		{name: "hosts", args: []string{"-bridge", "-host", " till.shop.lan, POS.local,,192.168.1.20,fd00::20"}, check: func(t *testing.T, c config) {
			if strings.Join(c.Hosts, "|") != "till.shop.lan|POS.local|192.168.1.20|fd00::20" {
				t.Errorf("hosts %q", c.Hosts)
			}
		}},
		{name: "hosts from environment", env: map[string]string{"LANEPAY_HOST": "till.shop.lan"}, check: func(t *testing.T, c config) {
			if strings.Join(c.Hosts, "|") != "till.shop.lan" {
				t.Errorf("hosts %q", c.Hosts)
			}
		}},
		{name: "host flag beats environment", args: []string{"-host", "pos.local"}, env: map[string]string{"LANEPAY_HOST": "till.shop.lan"}, check: func(t *testing.T, c config) {
			if strings.Join(c.Hosts, "|") != "pos.local" {
				t.Errorf("hosts %q", c.Hosts)
			}
		}},
		{name: "host with a port", args: []string{"-host", "pos.local,till.shop.lan:8000"}, wantErr: true, errHas: `"till.shop.lan:8000"`},
		{name: "host with a scheme", args: []string{"-host", "https://till.shop.lan"}, wantErr: true, errHas: `"https://till.shop.lan"`},
		{name: "host not a name", env: map[string]string{"LANEPAY_HOST": "till shop"}, wantErr: true, errHas: `LANEPAY_HOST`},
		{name: "message limit too small", args: []string{"-bridge-max-message", "10"}, wantErr: true},
		{name: "no idle timeout", args: []string{"-bridge-idle", "0s"}, wantErr: true},
		{name: "no dial timeout", args: []string{"-bridge-dial-timeout", "0s"}, wantErr: true},
		{name: "zero per target", args: []string{"-bridge-max-per-target", "0"}, wantErr: true},
		{name: "tls alone", args: []string{"-tls", "-tls-dir", "/tmp/x"}, check: func(t *testing.T, c config) {
			if !c.TLS || c.TLSDir != "/tmp/x" || c.Cert != "" {
				t.Errorf("tls: %+v", c)
			}
		}},
		{name: "cert implies tls", args: []string{"-cert", "c.pem", "-key", "k.pem"}, check: func(t *testing.T, c config) {
			if !c.TLS || c.Cert != "c.pem" || c.Key != "k.pem" {
				t.Errorf("cert: %+v", c)
			}
		}},
		{name: "cert without key", args: []string{"-cert", "c.pem"}, wantErr: true},
		{name: "tls from environment", env: map[string]string{"LANEPAY_TLS": "true", "LANEPAY_TLS_DIR": "/tmp/y"}, check: func(t *testing.T, c config) {
			if !c.TLS || c.TLSDir != "/tmp/y" {
				t.Errorf("tls env: %+v", c)
			}
		}},
		{name: "bad log level", args: []string{"-log-level", "loud"}, wantErr: true},
		{name: "fault by its test amount", args: []string{"-sim-fault", "9.06"}, check: func(t *testing.T, c config) {
			if c.SimFault != "slow" {
				t.Errorf("-sim-fault 9.06 gave %q, want slow", c.SimFault)
			}
		}},
		{name: "misspelt fault", args: []string{"-sim-fault", "sloow"}, wantErr: true},
		{name: "stray argument", args: []string{"serve"}, wantErr: true},
		{name: "unknown flag", args: []string{"-port", "1"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), tt.errHas) {
				t.Errorf("err %q does not say %s", err, tt.errHas)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}
