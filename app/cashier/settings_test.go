package cashier

import (
	"reflect"
	"strings"
	"testing"
)

func TestTerminalListEdits(t *testing.T) {
	s := DefaultSettings("")
	s = WithTerminal(s, len(s.Terminals), Terminal{Name: " Back office ", Host: " 192.168.1.77 ", Port: "5001", Conn: ConnTCP})
	s = WithTerminal(s, len(s.Terminals), Terminal{Name: "Patio", Host: "192.168.1.78", Conn: ConnWebSocket})
	if len(s.Terminals) != 3 || s.Terminals[1].Name != "Back office" || s.Terminals[1].Host != "192.168.1.77" {
		t.Fatalf("terminals %+v", s.Terminals)
	}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	s.Active = 2
	// Removing one before the active one keeps the same terminal active.
	if r := WithoutTerminal(s, 0); r.ActiveTerminal().Name != "Patio" {
		t.Errorf("after removing the first, %q is active, want Patio", r.ActiveTerminal().Name)
	}
	// Removing the active one falls back to the first.
	if r := WithoutTerminal(s, 2); r.Active != 0 || len(r.Terminals) != 2 {
		t.Errorf("after removing the active one: active %d of %d", r.Active, len(r.Terminals))
	}
	// Editing replaces in place; the original is untouched (a copy).
	e := WithTerminal(s, 1, Terminal{Name: "Office", Host: "10.0.0.9", Conn: ConnWebSocket})
	if e.Terminals[1].Name != "Office" || s.Terminals[1].Name != "Back office" {
		t.Errorf("edit: %+v, original %+v", e.Terminals[1], s.Terminals[1])
	}
	if err := WithoutTerminal(WithoutTerminal(WithoutTerminal(s, 0), 0), 0).Validate(); err == nil {
		t.Error("settings without a terminal validate")
	}
}

func TestActiveTerminal(t *testing.T) {
	two := Settings{Terminals: []Terminal{{Name: "A"}, {Name: "B"}}}
	tests := []struct {
		name   string
		active int
		set    Settings
		want   string
	}{
		{"the one set", 1, two, "B"},
		{"past the end: the first", 2, two, "A"},
		{"negative: the first", -1, two, "A"},
		{"none", 0, Settings{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.set.Active = tt.active
			if got := tt.set.ActiveTerminal().Name; got != tt.want {
				t.Errorf("active %q, want %q", got, tt.want)
			}
		})
	}
}

// The page dials the terminal itself when it can, and the server's
// bridge when a browser cannot: TCP, or ws:// from an https page.
func TestTerminalURL(t *testing.T) {
	ws := Terminal{Name: "Counter", Host: "192.168.1.50", Port: "5000", Conn: ConnWebSocket}
	tcp := Terminal{Name: "Back", Host: "192.168.1.51", Port: "5001", Conn: ConnTCP}
	tests := []struct {
		name       string
		t          Terminal
		page       Page
		want       string
		wantBridge bool
		wantErr    string
	}{
		{"WebSocket from http", ws, Page{Host: "10.0.0.2:8000"}, "ws://192.168.1.50:5000/", false, ""},
		{"WebSocket from https: mixed content", ws, Page{Secure: true, Host: "till.shop:443"},
			"wss://till.shop:443/bridge?target=ws%3A%2F%2F192.168.1.50%3A5000%2F&type=ws", true, ""},
		{"TCP", tcp, Page{Host: "10.0.0.2:8000"}, "ws://10.0.0.2:8000/bridge?target=192.168.1.51%3A5001&type=tcp", true, ""},
		{"TCP without a server", tcp, Page{}, "", true, "the bridge needs the page's own server"},
		{"a port that is no number", Terminal{Host: "10.0.0.5", Port: "50a"}, Page{}, "", false, `not "50a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.ViaBridge(tt.page); got != tt.wantBridge {
				t.Errorf("via the bridge %v, want %v", got, tt.wantBridge)
			}
			got, err := tt.t.URL(tt.page)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("URL %q (%v), want %q", got, err, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	ok := DefaultSettings("")
	tests := []struct {
		name   string
		change func(*Settings)
		want   []string
	}{
		{"the defaults", func(*Settings) {}, nil},
		{"no terminal", func(s *Settings) { s.Terminals = nil }, []string{"add at least one terminal"}},
		{"every problem at once", func(s *Settings) {
			s.Terminals[0] = Terminal{Name: " ", Host: "10.0.0.5", Port: "x", Conn: "udp"}
			s.TimeoutSeconds, s.Decimals, s.Theme = 3601, 5, "pink"
		}, []string{"terminal 1 needs a name", "the port must be a number", "connection type must be WebSocket or TCP",
			"between 1 and 3600 seconds", "between 0 and 4", `unknown theme "pink"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok.Clone()
			tt.change(&s)
			err := s.Validate()
			if (err == nil) != (len(tt.want) == 0) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// Saved settings are used only when they validate; the defaults point at
// the page's own host, where `make run` starts the simulator.
func TestLoadSettings(t *testing.T) {
	saved := DefaultSettings("10.0.0.9")
	saved.Theme = "dark"
	bad := saved.Clone()
	bad.Theme = "pink"
	tests := []struct {
		name     string
		stored   any
		wantHost string
		wantDark bool
	}{
		{"nothing saved", nil, "192.168.1.2", false},
		{"saved", saved, "10.0.0.9", true},
		{"saved, no longer valid", bad, "192.168.1.2", false},
		{"saved without a terminal", Settings{Theme: "dark"}, "192.168.1.2", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newMemStorage()
			if tt.stored != nil {
				if err := st.Set(SettingsKey, tt.stored); err != nil {
					t.Fatal(err)
				}
			}
			got := loadSettings(st, Page{Host: "192.168.1.2:8000"}.Hostname())
			if got.ActiveTerminal().Host != tt.wantHost || (got.Theme == "dark") != tt.wantDark {
				t.Errorf("loaded %+v", got)
			}
		})
	}
	if got := DefaultSettings("localhost").ActiveTerminal().Host; got != "127.0.0.1" {
		t.Errorf("the default terminal for localhost is %q, want 127.0.0.1", got)
	}
}

func TestParsePreferences(t *testing.T) {
	base := DefaultSettings("")
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
			got, err := ParsePreferences(base, tt.timeout, tt.currency, tt.decimals)
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
			if err := got.Validate(); err != nil {
				t.Errorf("the core would refuse what the form accepted: %v", err)
			}
			// What is saved shows again as typed (blank for the profile's).
			to, cur, dec := PreferenceFields(got)
			if back, _ := ParsePreferences(base, to, cur, dec); !reflect.DeepEqual(back, got) {
				t.Errorf("round trip %+v, want %+v", back, got)
			}
		})
	}
}
