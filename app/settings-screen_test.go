package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/pos"
)

func TestParsePreferences(t *testing.T) {
	base := defaultSettings("")
	tests := []struct {
		name                        string
		timeout, currency, decimals string
		wantTimeout                 int
		wantCurrency                string
		wantDecimals                int
		wantErr                     string
	}{
		{name: "blank keeps the profile's", wantTimeout: 0},
		{name: "all set", timeout: " 45 ", currency: "eur", decimals: "2", wantTimeout: 45, wantCurrency: "EUR", wantDecimals: 2},
		{name: "no decimals", currency: "JPY", decimals: "0", wantCurrency: "JPY"},
		{name: "timeout not a number", timeout: "2m", wantErr: "whole number of seconds"},
		{name: "timeout zero", timeout: "0", wantErr: "between 1 and 3600"},
		{name: "timeout too long", timeout: "3601", wantErr: "between 1 and 3600"},
		{name: "currency without decimals", currency: "USD", wantErr: "enter the currency's decimals"},
		{name: "decimals without currency", decimals: "2", wantErr: "go with a currency"},
		{name: "bad currency", currency: "US$", decimals: "2", wantErr: "3-letter code"},
		{name: "too many decimals", currency: "USD", decimals: "5", wantErr: "from 0 to 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePreferences(base, tt.timeout, tt.currency, tt.decimals)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.TimeoutSeconds != tt.wantTimeout || got.Currency != tt.wantCurrency || got.Decimals != tt.wantDecimals {
				t.Errorf("got %d s %q %d", got.TimeoutSeconds, got.Currency, got.Decimals)
			}
			if err := got.validate(); err != nil {
				t.Errorf("the session would refuse what the form accepted: %v", err)
			}
			// What is saved shows again as typed (blank for the profile's).
			to, cur, dec := preferenceFields(got)
			if back, _ := parsePreferences(base, to, cur, dec); !reflect.DeepEqual(back, got) {
				t.Errorf("round trip %+v, want %+v", back, got)
			}
		})
	}
}

func TestTerminalListEdits(t *testing.T) {
	s := defaultSettings("")
	s = withTerminal(s, len(s.Terminals), terminalConfig{Name: " Back office ", Host: " 192.168.1.77 ", Port: "5001", Conn: connTCP})
	s = withTerminal(s, len(s.Terminals), terminalConfig{Name: "Patio", Host: "192.168.1.78", Conn: connWebSocket})
	if len(s.Terminals) != 3 || s.Terminals[1].Name != "Back office" || s.Terminals[1].Host != "192.168.1.77" {
		t.Fatalf("terminals %+v", s.Terminals)
	}
	if err := s.validate(); err != nil {
		t.Fatal(err)
	}
	s.Active = 2
	// Removing one before the active one keeps the same terminal active.
	r := withoutTerminal(s, 0)
	if r.active().Name != "Patio" {
		t.Errorf("after removing the first, %q is active, want Patio", r.active().Name)
	}
	// Removing the active one falls back to the first.
	r = withoutTerminal(s, 2)
	if r.Active != 0 || len(r.Terminals) != 2 {
		t.Errorf("after removing the active one: active %d of %d", r.Active, len(r.Terminals))
	}
	// Editing replaces in place; the original is untouched (a copy).
	e := withTerminal(s, 1, terminalConfig{Name: "Office", Host: "10.0.0.9", Conn: connWebSocket})
	if e.Terminals[1].Name != "Office" || s.Terminals[1].Name != "Back office" {
		t.Errorf("edit: %+v, original %+v", e.Terminals[1], s.Terminals[1])
	}
	if err := withoutTerminal(withoutTerminal(withoutTerminal(s, 0), 0), 0).validate(); err == nil {
		t.Error("settings without a terminal validate")
	}
}

func TestFileSlug(t *testing.T) {
	for in, want := range map[string]string{"Default": "default", "Semi Integration - ECR": "semi-integration-ecr", "  ": "profile", "Caisse n°2!": "caisse-n-2"} {
		if got := fileSlug(in); got != want {
			t.Errorf("fileSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProfileEditor(t *testing.T) {
	// What the editor shows loads back as the same profile.
	text := profileJSON(pos.DefaultProfile())
	p, err := pos.LoadProfile([]byte(text))
	if err != nil {
		t.Fatalf("the editor's own text does not load: %v", err)
	}
	if !reflect.DeepEqual(p, pos.DefaultProfile()) {
		t.Error("the profile changed on its way through the editor")
	}

	bad := strings.Replace(text, `"currency": "USD"`, `"currency": "US"`, 1)
	bad = strings.Replace(bad, `"timeout_seconds": 120`, `"timeout_seconds": 0`, 1)
	_, err = pos.LoadProfile([]byte(bad))
	lines := profileErrorLines(err)
	want := []string{"currency: must be a 3-letter code like USD", "timeout_seconds: must be from 1 to 3600"}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("errors %q, want %q", lines, want)
	}

	_, err = pos.LoadProfile([]byte(`{"name": "x",`))
	if lines := profileErrorLines(err); len(lines) != 1 || !strings.HasPrefix(lines[0], "The profile is not valid JSON") {
		t.Errorf("a syntax error reads %q", lines)
	}
}

// TestImportShopCollection imports the browser test's sample collection
// the way the screen does: over the current profile, then through the
// editor's text, which must load.
func TestImportShopCollection(t *testing.T) {
	data, err := os.ReadFile("pos/testdata/shop.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	im, err := pos.ImportPostman(data, pos.DefaultProfile())
	if err != nil {
		t.Fatal(err)
	}
	p, skipped := im.Profile, im.Skipped
	if _, err := pos.LoadProfile([]byte(profileJSON(p))); err != nil {
		t.Fatalf("the imported profile does not load back: %v", err)
	}
	if len(p.Types) != 5 || len(skipped) != 3 {
		t.Errorf("%d types and %d skipped, want 5 and 3: %+v", len(p.Types), len(skipped), skipped)
	}
}
