package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// storedSettings is local storage holding the given settings.
type storedSettings appSettings

func (s storedSettings) Get(key string, v any) error {
	if key != settingsKey {
		return nil
	}
	b, err := json.Marshal(appSettings(s))
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

// Quick changes of settings (two taps on "make active", Connect while the
// app starts) restart the till one after the other: one till is left,
// with one connection to the terminal, never two.
func TestQuickRestartsLeaveOneTill(t *testing.T) {
	sim := tilltest.Sim(t, "")
	host, port, _ := strings.Cut(sim.WSAddr(), ":")
	set := defaultSettings(host)
	set.Terminals[0].Port = port
	s := newSession(storedSettings(set))
	t.Cleanup(s.life.Close)
	for i := range 5 {
		n := s.Settings()
		n.TimeoutSeconds = 60 + i // a change that restarts the till
		if err := s.applySettings(n); err != nil {
			t.Fatal(err)
		}
	}
	if !testkit.Until(func() bool { return s.Till().Status().Link == till.Ready && sim.Clients() == 1 }) {
		t.Fatalf("after quick restarts the terminal has %d clients and the till is %v, want one client, Ready", sim.Clients(), s.Till().Status().Link)
	}
	if got := s.Till().Profile().TimeoutSeconds; got != 64 {
		t.Errorf("the till runs with timeout %d, want the last change's 64", got)
	}
}
