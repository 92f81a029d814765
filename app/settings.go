package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// Connection types, as the vendor's portal names them.
const (
	connWebSocket = "ws"
	connTCP       = "tcp"
)

// terminalConfig is one terminal the shop has.
type terminalConfig struct {
	Name string `json:"name"`
	Host string `json:"host"`
	Port string `json:"port"`
	Conn string `json:"conn"` // connWebSocket or connTCP
}

// appSettings is everything the Settings screen sets. It is kept in local
// storage so a reload, or tomorrow morning, finds it.
type appSettings struct {
	Terminals      []terminalConfig `json:"terminals"`
	Active         int              `json:"active"`
	TimeoutSeconds int              `json:"timeout_seconds"` // 0: the profile's
	Currency       string           `json:"currency"`        // "": the profile's
	Decimals       int              `json:"decimals"`
	Theme          string           `json:"theme"` // system, light or dark
}

const (
	settingsKey = "lanepay.settings"
	profileKey  = "lanepay.profile"
)

// defaultSettings point at the simulator that `make run` starts next to
// the server, so a newcomer can charge at once.
func defaultSettings(pageHost string) appSettings {
	host := pageHost
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	return appSettings{
		Terminals: []terminalConfig{{Name: "Counter", Host: host, Port: strconv.Itoa(terminal.DefaultPort), Conn: connWebSocket}},
		Theme:     "system",
	}
}

func (s appSettings) clone() appSettings {
	s.Terminals = append([]terminalConfig(nil), s.Terminals...)
	return s
}

// active is the terminal in use.
func (s appSettings) active() terminalConfig {
	if s.Active < 0 || s.Active >= len(s.Terminals) {
		if len(s.Terminals) == 0 {
			return terminalConfig{}
		}
		return s.Terminals[0]
	}
	return s.Terminals[s.Active]
}

// withActive returns s with the active terminal replaced.
func (s appSettings) withActive(t terminalConfig) appSettings {
	s = s.clone()
	if len(s.Terminals) == 0 {
		s.Terminals = []terminalConfig{t}
		s.Active = 0
		return s
	}
	if s.Active < 0 || s.Active >= len(s.Terminals) {
		s.Active = 0
	}
	s.Terminals[s.Active] = t
	return s
}

// apply returns the profile with the settings' overrides.
func (s appSettings) apply(p *pos.Profile) *pos.Profile {
	p = p.Clone()
	if s.TimeoutSeconds > 0 {
		p.TimeoutSeconds = s.TimeoutSeconds
	}
	if s.Currency != "" {
		p.Currency, p.Decimals = s.Currency, s.Decimals
	}
	return p
}

func (s appSettings) validate() error {
	var errs []error
	if len(s.Terminals) == 0 {
		errs = append(errs, errors.New("add at least one terminal"))
	}
	for i, t := range s.Terminals {
		if strings.TrimSpace(t.Name) == "" {
			errs = append(errs, fmt.Errorf("terminal %d needs a name", i+1))
		}
		if _, err := t.target(); err != nil {
			errs = append(errs, fmt.Errorf("terminal %q: %w", t.Name, err))
		}
		if t.Conn != connWebSocket && t.Conn != connTCP {
			errs = append(errs, fmt.Errorf("terminal %q: connection type must be WebSocket or TCP", t.Name))
		}
	}
	if s.TimeoutSeconds < 0 || s.TimeoutSeconds > 3600 {
		errs = append(errs, errors.New("the response timeout must be between 1 and 3600 seconds"))
	}
	if s.Decimals < 0 || s.Decimals > pos.MaxDecimals {
		errs = append(errs, fmt.Errorf("the currency's decimals must be between 0 and %d", pos.MaxDecimals))
	}
	switch s.Theme {
	case "", "system", "light", "dark":
	default:
		errs = append(errs, fmt.Errorf("unknown theme %q", s.Theme))
	}
	return errors.Join(errs...)
}

func (t terminalConfig) label() string {
	if t.Name != "" {
		return t.Name + " (" + t.Host + ")"
	}
	return t.Host
}

// target is the terminal's own WebSocket URL.
func (t terminalConfig) target() (string, error) {
	port := terminal.DefaultPort
	if p := strings.TrimSpace(t.Port); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return "", errPort(p)
		}
		port = n
	}
	return terminal.ParseTarget(t.Host, port)
}

// page is what the browser says about the page itself.
type page struct {
	Secure bool   // https
	Host   string // host:port of the server
}

// viaBridge reports whether the page must reach this terminal through the
// server's bridge: a browser cannot open TCP, and an https page may not
// open ws:// (mixed content).
func (t terminalConfig) viaBridge(p page) bool {
	if t.Conn == connTCP {
		return true
	}
	target, err := t.target()
	return err == nil && p.Secure && strings.HasPrefix(target, "ws://")
}

// url is what the page dials: the terminal itself, or the bridge.
func (t terminalConfig) url(p page) (string, error) {
	target, err := t.target()
	if err != nil {
		return "", err
	}
	if !t.viaBridge(p) {
		return target, nil
	}
	if p.Host == "" {
		return "", errors.New("the bridge needs the page's own server")
	}
	u, _ := url.Parse(target)
	q := url.Values{}
	if t.Conn == connTCP {
		q.Set("type", connTCP)
		q.Set("target", u.Host)
	} else {
		q.Set("type", connWebSocket)
		q.Set("target", target)
	}
	scheme := "ws"
	if p.Secure {
		scheme = "wss"
	}
	return scheme + "://" + p.Host + "/bridge?" + q.Encode(), nil
}

type errPort string

func (e errPort) Error() string { return "the port must be a number, not " + strconv.Quote(string(e)) }

func loadSettings(store storedReader) appSettings {
	s := defaultSettings(currentPage().hostname())
	var saved appSettings
	if err := store.Get(settingsKey, &saved); err == nil && len(saved.Terminals) > 0 && saved.validate() == nil {
		s = saved
	}
	return s
}

func saveSettings(s appSettings) {
	if err := (pageStorage{}).Set(settingsKey, s); err != nil {
		app.Logf("failed to save settings: %v", err)
	}
}

// loadProfile reads the saved profile; a saved profile that no longer
// validates is ignored, never half-used.
func loadProfile(store storedReader) *pos.Profile {
	var raw json.RawMessage
	if err := store.Get(profileKey, &raw); err != nil || len(raw) == 0 {
		return pos.DefaultProfile()
	}
	p, err := pos.LoadProfile(raw)
	if err != nil {
		app.Logf("saved profile ignored: %v", err)
		return pos.DefaultProfile()
	}
	return p
}

func (p page) hostname() string {
	h := p.Host
	if i := strings.LastIndex(h, ":"); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return strings.Trim(h, "[]")
}
