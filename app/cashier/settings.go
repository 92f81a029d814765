package cashier

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/lanepay/lanepay/app/handoff"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/words"
)

// Connection types, as the vendor's portal names them.
const (
	ConnWebSocket = "ws"
	ConnTCP       = "tcp"
)

// Terminal is one terminal the shop has.
type Terminal struct {
	Name string `json:"name"`
	Host string `json:"host"`
	Port string `json:"port"`
	Conn string `json:"conn"` // ConnWebSocket or ConnTCP
}

// Settings is everything the Settings screen sets. It is kept in storage
// so a reload, or tomorrow morning, finds it.
type Settings struct {
	Terminals      []Terminal `json:"terminals"`
	Active         int        `json:"active"`
	TimeoutSeconds int        `json:"timeout_seconds"` // 0: the profile's
	Currency       string     `json:"currency"`        // "": the profile's
	Decimals       int        `json:"decimals"`
	Theme          string     `json:"theme"`    // system, light or dark
	Language       string     `json:"language"` // "": the browser's (words.Pick)
	// BillingOrigins are the origins whose billing software may hand
	// lanepay a payment and get its outcome back (app/handoff): none
	// until the shop adds them.
	BillingOrigins handoff.Origins `json:"billing_origins,omitempty"`
}

// Where the settings and the profile are kept in Storage.
const (
	SettingsKey = "lanepay.settings"
	profileKey  = "lanepay.profile"
)

// DefaultSettings point at the simulator that `make run` starts next to
// the server, so a newcomer can charge at once.
func DefaultSettings(pageHost string) Settings {
	host := pageHost
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	return Settings{
		Terminals: []Terminal{{Name: "Counter", Host: host, Port: strconv.Itoa(terminal.DefaultPort), Conn: ConnWebSocket}},
		Theme:     "system",
	}
}

// Clone is a copy that shares no terminal list with s.
func (s Settings) Clone() Settings {
	s.Terminals = append([]Terminal(nil), s.Terminals...)
	s.BillingOrigins = append(handoff.Origins(nil), s.BillingOrigins...)
	return s
}

// ActiveIndex is the terminal in use: Active, or the first when Active
// names none.
func (s Settings) ActiveIndex() int {
	if s.Active < 0 || s.Active >= len(s.Terminals) {
		return 0
	}
	return s.Active
}

// ActiveTerminal is the terminal in use.
func (s Settings) ActiveTerminal() Terminal {
	if len(s.Terminals) == 0 {
		return Terminal{}
	}
	return s.Terminals[s.ActiveIndex()]
}

// WithTerminal returns s with terminal i replaced by t, trimmed (or t
// added at the end).
func WithTerminal(s Settings, i int, t Terminal) Settings {
	s = s.Clone()
	t.Name, t.Host, t.Port = strings.TrimSpace(t.Name), strings.TrimSpace(t.Host), strings.TrimSpace(t.Port)
	if i >= 0 && i < len(s.Terminals) {
		s.Terminals[i] = t
	} else {
		s.Terminals = append(s.Terminals, t)
	}
	return s
}

// WithoutTerminal returns s without terminal i, keeping the same terminal
// active when another one is removed.
func WithoutTerminal(s Settings, i int) Settings {
	s = s.Clone()
	if i < 0 || i >= len(s.Terminals) {
		return s
	}
	s.Terminals = append(s.Terminals[:i], s.Terminals[i+1:]...)
	switch {
	case s.Active == i:
		s.Active = 0
	case s.Active > i:
		s.Active--
	}
	return s
}

// Apply returns the profile with the settings' overrides.
func (s Settings) Apply(p *pos.Profile) *pos.Profile {
	p = p.Clone()
	if s.TimeoutSeconds > 0 {
		p.TimeoutSeconds = s.TimeoutSeconds
	}
	if s.Currency != "" {
		p.Currency, p.Decimals = s.Currency, s.Decimals
	}
	return p
}

// Validate lists every problem of s at once, for the form to show.
func (s Settings) Validate() error {
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
		if t.Conn != ConnWebSocket && t.Conn != ConnTCP {
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
	// Each as ParseOrigins writes it: an origin stored any other way
	// would never match a return address.
	for _, o := range s.BillingOrigins {
		if p, err := handoff.ParseOrigins(o); err != nil || !slices.Equal(p, handoff.Origins{o}) {
			errs = append(errs, fmt.Errorf("the allowed billing origin %q is not an origin as Save origins writes one (scheme://host:port)", o))
		}
	}
	if s.Language != "" && !words.Lang(s.Language).Known() {
		errs = append(errs, fmt.Errorf("unknown language %q", s.Language))
	}
	return errors.Join(errs...)
}

// WithOrigins returns s with the allow-list of billing origins read from
// text as Settings takes it, one origin a line; an error names the line.
func WithOrigins(s Settings, text string) (Settings, error) {
	o, err := handoff.ParseOrigins(text)
	if err != nil {
		return s, err
	}
	s = s.Clone()
	s.BillingOrigins = o
	return s, nil
}

// Label names the terminal in the journal and on screen.
func (t Terminal) Label() string {
	if t.Name != "" {
		return t.Name + " (" + t.Host + ")"
	}
	return t.Host
}

// target is the terminal's own WebSocket URL.
func (t Terminal) target() (string, error) {
	port := terminal.DefaultPort
	if p := strings.TrimSpace(t.Port); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return "", fmt.Errorf("the port must be a number, not %q", p)
		}
		port = n
	}
	return terminal.ParseTarget(t.Host, port)
}

// Page is what the browser says about the page itself.
type Page struct {
	Secure bool   // https
	Host   string // host:port of the server
	// SecureContext: the browser counts the page a secure context (HTTPS,
	// or this device itself, localhost), for which it keeps installing,
	// service workers, Web Locks and persistent storage.
	SecureContext bool
}

// ViaBridge reports whether the page must reach this terminal through the
// server's bridge: a browser cannot open TCP, and an https page may not
// open ws:// (mixed content).
func (t Terminal) ViaBridge(p Page) bool {
	if t.Conn == ConnTCP {
		return true
	}
	target, err := t.target()
	return err == nil && p.Secure && strings.HasPrefix(target, "ws://")
}

// URL is what the page dials: the terminal itself, or the bridge.
func (t Terminal) URL(p Page) (string, error) {
	target, err := t.target()
	if err != nil {
		return "", err
	}
	if !t.ViaBridge(p) {
		return target, nil
	}
	if p.Host == "" {
		return "", errors.New("the bridge needs the page's own server")
	}
	u, _ := url.Parse(target)
	q := url.Values{}
	if t.Conn == ConnTCP {
		q.Set("type", ConnTCP)
		q.Set("target", u.Host)
	} else {
		q.Set("type", ConnWebSocket)
		q.Set("target", target)
	}
	scheme := "ws"
	if p.Secure {
		scheme = "wss"
	}
	return scheme + "://" + p.Host + "/bridge?" + q.Encode(), nil
}

// Hostname is the page's host without its port.
func (p Page) Hostname() string {
	h := p.Host
	if i := strings.LastIndex(h, ":"); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	return strings.Trim(h, "[]")
}

// loadSettings reads the saved settings; saved settings that no longer
// validate are ignored, never half-used.
func loadSettings(store Storage, pageHost string) Settings {
	s := DefaultSettings(pageHost)
	var saved Settings
	if err := store.Get(SettingsKey, &saved); err == nil && len(saved.Terminals) > 0 && saved.Validate() == nil {
		s = saved
	}
	return s
}

// PreferenceFields shows saved settings in the form: blank where the
// profile's value applies.
func PreferenceFields(s Settings) (timeout, currency, decimals string) {
	if s.TimeoutSeconds > 0 {
		timeout = strconv.Itoa(s.TimeoutSeconds)
	}
	if s.Currency != "" {
		currency, decimals = s.Currency, strconv.Itoa(s.Decimals)
	}
	return timeout, currency, decimals
}

// ParsePreferences reads the form into s. Blank means the profile's value;
// a currency needs its decimals, since amounts are whole minor units and
// a wrong count would charge 100 times too much or too little.
func ParsePreferences(s Settings, timeout, currency, decimals string) (Settings, error) {
	s = s.Clone()
	var errs []error
	timeout, currency, decimals = strings.TrimSpace(timeout), strings.ToUpper(strings.TrimSpace(currency)), strings.TrimSpace(decimals)
	s.TimeoutSeconds = 0
	if timeout != "" {
		n, err := strconv.Atoi(timeout)
		switch {
		case err != nil:
			errs = append(errs, errors.New("the response timeout must be a whole number of seconds"))
		case n < 1 || n > 3600:
			errs = append(errs, errors.New("the response timeout must be between 1 and 3600 seconds, or blank for the profile's"))
		default:
			s.TimeoutSeconds = n
		}
	}
	s.Currency, s.Decimals = "", 0
	if currency != "" {
		if len(currency) != 3 || strings.Trim(currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
			errs = append(errs, errors.New("the currency must be a 3-letter code like USD, or blank for the profile's"))
		}
		n, err := strconv.Atoi(decimals)
		switch {
		case decimals == "":
			errs = append(errs, errors.New("enter the currency's decimals: 2 for USD or EUR, 0 for JPY"))
		case err != nil || n < 0 || n > pos.MaxDecimals:
			errs = append(errs, fmt.Errorf("the currency's decimals must be a whole number from 0 to %d", pos.MaxDecimals))
		default:
			s.Currency, s.Decimals = currency, n
		}
	} else if decimals != "" {
		errs = append(errs, errors.New("the decimals go with a currency: enter the currency too, or leave both blank"))
	}
	return s, errors.Join(errs...)
}
