package cashier

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
)

func profileText(t *testing.T, change func(*pos.Profile)) []byte {
	t.Helper()
	p := pos.DefaultProfile()
	change(p)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A saved profile that no longer validates is ignored, never half-used.
func TestLoadProfile(t *testing.T) {
	tests := []struct {
		name     string
		stored   []byte
		wantName string
	}{
		{"nothing saved", nil, pos.DefaultProfile().Name},
		{"saved", profileText(t, func(p *pos.Profile) { p.Name = "Shop" }), "Shop"},
		{"saved, no longer valid", profileText(t, func(p *pos.Profile) { p.Name, p.Currency = "Shop", "US" }), pos.DefaultProfile().Name},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStorage()
			if tt.stored != nil {
				if err := st.Set(profileKey, json.RawMessage(tt.stored)); err != nil {
					t.Fatal(err)
				}
			}
			if got := loadProfile(st, func(string, ...any) {}).Name; got != tt.wantName {
				t.Errorf("loaded %q, want %q", got, tt.wantName)
			}
		})
	}
}

// A bad profile never replaces a good one; a good one is saved and the
// till runs it, with the settings' overrides.
func TestApplyProfile(t *testing.T) {
	store := newMemStorage()
	c := newCore(t, nil, store, journal.NewMemory(), nil)
	good := c.BaseProfile()
	if err := c.ApplyProfile(profileText(t, func(p *pos.Profile) { p.Name, p.TimeoutSeconds = "Broken", 0 })); err == nil || !strings.Contains(err.Error(), "timeout_seconds") {
		t.Errorf("a bad profile: %v", err)
	}
	if c.BaseProfile() != good || len(store.kept[profileKey]) != 0 {
		t.Error("a bad profile replaced the good one")
	}

	if err := c.ApplySettings(func() Settings { s := c.Settings(); s.TimeoutSeconds = 33; return s }()); err != nil {
		t.Fatal(err)
	}
	text := profileText(t, func(p *pos.Profile) { p.Name = "Shop" })
	if err := c.ApplyProfile(text); err != nil {
		t.Fatal(err)
	}
	if c.BaseProfile().Name != "Shop" || string(store.kept[profileKey]) != string(text) {
		t.Errorf("applied %q, saved %s", c.BaseProfile().Name, store.kept[profileKey])
	}
	settled(t, c.life.Load())
	if p := c.Profile(); p.Name != "Shop" || p.TimeoutSeconds != 33 {
		t.Errorf("the till runs %q with timeout %d, want Shop with the settings' 33", p.Name, p.TimeoutSeconds)
	}
}
