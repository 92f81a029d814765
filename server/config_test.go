package main

import (
	"io"
	"log/slog"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(t *testing.T, c config)
		wantErr bool
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
		{name: "bad log level", args: []string{"-log-level", "loud"}, wantErr: true},
		{name: "stray argument", args: []string{"serve"}, wantErr: true},
		{name: "unknown flag", args: []string{"-port", "1"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.args, func(k string) string { return tt.env[k] }, io.Discard)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if tt.check != nil {
				tt.check(t, c)
			}
		})
	}
}
