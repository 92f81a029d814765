// Package cashier is the page's logic without its screens: the till's
// lifecycle and what the screens read and send. It does no rendering and
// compiles for native tests as for the browser.
package cashier

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/till"
)

// Core is the page's one link to the terminal and the journal, and what
// the cashier set up: it lives for the life of the page, across screens,
// so switching screens never drops the connection or a transaction in
// flight. Screens send it commands and read what it holds; they never
// talk to the terminal themselves. Its methods may be called from any
// goroutine.
type Core struct {
	cfg      Config
	opening  *journal.Background // the journal, while IndexedDB opens and after
	life     atomic.Pointer[Lifecycle]
	evidence *till.MemoryEvidence

	mu       sync.Mutex
	settings Settings
	profile  *pos.Profile
	console  consoleLog
	// dropped is the last press on Charge no tap took: the next press
	// and charge wait for it to let the terminal go.
	dropped *Press
	// recovered are the transactions recovery settled that the cashier
	// has not dismissed, newest first: an unknown outcome that becomes
	// Approved or Not charged is said where the cashier looks.
	recovered []journal.Record
	storage   StorageState
	persisted sync.Once
	followUp  till.Order // for the Charge screen; none without a type
	// plainHTTPSeen: the cashier dismissed the notice about plain HTTP.
	plainHTTPSeen bool
	// pay is the hand-off on the Pay screen, if any: recovery's news
	// wakes it.
	pay *Pay
}

// Storage keeps JSON values under keys: the page's local storage, or a
// map in tests. Get leaves v as it was for a key not stored. Where the
// browser blocks storage, Set fails and what was to be kept lasts as long
// as the page.
type Storage interface {
	Get(key string, v any) error
	Set(key string, v any) error
}

// Config wires a Core to the page.
type Config struct {
	Storage Storage
	Page    Page // where the page is served from: the bridge is there
	// OpenJournal opens the journal; the core connects to the terminal
	// meanwhile, but journals, and so sends, nothing before it is open.
	OpenJournal func(context.Context) (journal.Store, error)
	// Connect dials a terminal's (or the bridge's) URL.
	Connect func(ctx context.Context, url string, p *pos.Profile, opts *terminal.Options) (*terminal.Client, error)
	Lock    func(context.Context) (unlock func(), err error) // see till.Config
	// OnChange is called, from any goroutine, whenever something the
	// screens show may have changed; charging says a charge is prepared
	// on a press or in flight, when the page defers what can wait.
	OnChange func(charging bool)
	Logf     func(format string, args ...any)
	// Languages are the browser's (navigator.languages), most preferred
	// first: the language and region when the settings name none.
	Languages []string
}

// New reads the settings, the profile and the evidence from storage,
// starts opening the journal and starts the till.
func New(cfg Config) *Core {
	c := &Core{cfg: cfg, settings: loadSettings(cfg.Storage, cfg.Page.Hostname()),
		profile: loadProfile(cfg.Storage, cfg.Logf), evidence: loadEvidence(cfg.Storage),
		plainHTTPSeen: loadPlainHTTPSeen(cfg.Storage)}
	// Connect while the journal opens: nothing can be journalled, so
	// nothing sent, before it is open, but Ready comes sooner.
	c.opening = journal.OpenInBackground(func() (journal.Store, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		st, err := cfg.OpenJournal(ctx)
		if err != nil {
			cfg.Logf("journal unavailable: %v", err)
		}
		return st, err
	})
	go func() {
		<-c.opening.Opened()
		c.Notify() // the Charge screen can charge now, or must say why not
	}()
	go c.askStorage(journal.Persisted)
	c.life.Store(NewLifecycle(c.tillConfig(), c.Notify))
	return c
}

// tillConfig is the till the settings and the profile ask for.
func (c *Core) tillConfig() till.Config {
	c.mu.Lock()
	t, p := c.settings.ActiveTerminal(), c.settings.Apply(c.profile)
	c.mu.Unlock()
	return till.Config{
		Journal:  c.opening,
		Profile:  p,
		Terminal: t.Label(),
		Dial: func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			url, err := t.URL(c.cfg.Page)
			if err != nil {
				return nil, err
			}
			cl, err := c.cfg.Connect(ctx, url, p, opts)
			var de *terminal.DialError
			if errors.As(err, &de) && t.ViaBridge(c.cfg.Page) {
				// The page's own server did not take the connection:
				// say so, rather than blame the terminal at the bridge's
				// address.
				err = &terminal.ServerError{Server: c.cfg.Page.Host, Err: err}
			}
			return cl, err
		},
		Lock:      c.cfg.Lock,
		OnChange:  c.Notify,
		OnEvent:   c.onEvent,
		OnSettled: c.onSettled,
		Evidence:  c.evidence,
	}
}

// Notify tells the page that something changed.
func (c *Core) Notify() {
	if c.cfg.OnChange != nil {
		c.cfg.OnChange(c.charging())
	}
}

// charging reports a charge prepared on a press or in flight.
func (c *Core) charging() bool {
	if t := c.Till(); t != nil {
		st := t.Status()
		return st.Held != "" || st.InFlight != nil
	}
	return false
}

// Till is the current till; nil only while New starts the first one.
func (c *Core) Till() *till.Till {
	if l := c.life.Load(); l != nil {
		return l.Till()
	}
	return nil
}

// ReconnectNow is Connect with the settings unchanged: the till tries
// again at once, unless a restart is on its way, which connects anyway.
func (c *Core) ReconnectNow() { c.life.Load().ReconnectNow() }

// restartTill has the lifecycle replace the till with one of the current
// settings and profile. Stopping the old one closes its connection: a
// transaction in flight then ends as unknown, and recovery asks the
// terminal about it.
func (c *Core) restartTill() { c.life.Load().Restart(c.tillConfig()) }

// Journal is the page's journal.
func (c *Core) Journal() journal.Store { return c.opening }

// JournalOpening reports that the journal is still opening: nothing can
// be charged before it is open, so Charge waits for it.
func (c *Core) JournalOpening() bool {
	select {
	case <-c.opening.Opened():
		return false
	default:
		return true
	}
}

// JournalErr says why the journal is unavailable, or nil (also while it
// is still opening: see JournalOpening).
func (c *Core) JournalErr() error { return c.opening.Err() }

func (c *Core) onEvent(e terminal.Event) {
	c.mu.Lock()
	c.console.add(consoleLine(e))
	c.mu.Unlock()
	c.Notify()
}

// ConsoleLines returns a copy of the console log's last consoleMax lines,
// oldest first.
func (c *Core) ConsoleLines() []ConsoleLine {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.console.ordered()
}

// ClearConsole empties the console log.
func (c *Core) ClearConsole() {
	c.mu.Lock()
	c.console = consoleLog{}
	c.mu.Unlock()
	c.Notify()
}

// Settings returns a copy of the settings.
func (c *Core) Settings() Settings {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.settings.Clone()
}

// ApplySettings validates and saves new settings, and restarts the till
// when the terminal or what the profile's overrides change.
func (c *Core) ApplySettings(n Settings) error {
	if err := n.Validate(); err != nil {
		return err
	}
	c.mu.Lock()
	old := c.settings
	c.settings = n.Clone()
	c.mu.Unlock()
	if err := c.cfg.Storage.Set(SettingsKey, n); err != nil {
		c.cfg.Logf("failed to save settings: %v", err)
	}
	if old.ActiveTerminal() != n.ActiveTerminal() || old.TimeoutSeconds != n.TimeoutSeconds || old.Decimals != n.Decimals || old.Currency != n.Currency {
		c.restartTill()
	}
	c.Notify()
	return nil
}
