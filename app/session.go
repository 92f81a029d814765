package main

import (
	"context"
	"encoding/json"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// session is the page's one link to the terminal and the journal. It lives
// for the life of the page, across screens, so switching screens never
// drops the connection or a transaction in flight. Screens read it and
// subscribe to its changes; they never talk to the terminal themselves.
type session struct {
	mu        sync.Mutex
	settings  appSettings
	profile   *pos.Profile
	journal   journal.Store
	opening   *journal.Background // the journal while IndexedDB opens
	life      *cashier.Lifecycle  // the one owner of the till
	console   consoleLog
	listeners map[int]func()
	nextID    int
	changed   *backgroundTask // tells the listeners, in a task of their own
	// dropped is the last press on Charge no tap took (UI goroutine only):
	// on the session, so that a Charge screen mounted again waits for it.
	dropped *press

	evidence *storedEvidence
	// recovered are the transactions recovery settled that the cashier
	// has not dismissed, newest first: an unknown outcome that becomes
	// Approved or Not charged is said where the cashier looks.
	recovered []journal.Record
	storage   storageState
	persisted sync.Once
}

// storageState is what the browser says about keeping the journal when
// it runs short of space.
type storageState int

const (
	storageUnasked    storageState = iota // not known yet
	storageKept                           // persistent: the browser keeps it
	storageBestEffort                     // the browser may clear it
	storageNoChoice                       // the browser cannot be asked (no StorageManager)
)

// consoleLine is one message on the wire, for the Console screen.
type consoleLine struct {
	Time  time.Time
	Dir   terminal.Direction
	Kind  string
	Raw   string
	Error string
}

const consoleMax = 500

// theSession is created when the shell is first made in the browser.
var theSession *session

// currentSession returns the page's session, starting it on first use.
func currentSession() *session {
	if theSession == nil {
		theSession = newSession(pageStorage{})
		theSession.settle()
	}
	return theSession
}

// settleYields bounds settle: the till's way to Ready over a socket
// already open takes a few goroutine switches.
const settleYields = 16

// settle lets the till's goroutines run until they wait on the network
// (nothing to run then, and each yield returns at once), so that the
// first frame shows the link as it stands: Ready when early.js's socket
// to the terminal is open, as it is on most starts. It never waits for
// the network itself.
func (s *session) settle() {
	for range settleYields {
		if s.Till().Status().Link == till.Ready {
			return
		}
		runtime.Gosched()
	}
}

func newSession(store storedReader) *session {
	s := &session{listeners: map[int]func(){}}
	s.changed = newBackgroundTask(s.tell)
	s.settings = loadSettings(store)
	s.profile = loadProfile(store)
	s.evidence = loadEvidence(store, pageStorage{})
	// Connect while IndexedDB opens: nothing can be journalled, so
	// nothing sent, before it is open, but Ready comes sooner.
	s.opening = journal.OpenInBackground(func() (journal.Store, error) {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		st, err := journal.OpenIndexedDB(ctx, "lanepay")
		if err != nil {
			app.Logf("journal unavailable: %v", err)
		}
		return st, err
	})
	s.journal = s.opening
	go func() {
		<-s.opening.Opened()
		s.notify() // the Charge screen can charge now, or must say why not
	}()
	go s.askStorage(journal.Persisted)
	s.life = cashier.NewLifecycle(s.tillConfig(), s.notify)
	return s
}

// tillConfig is the till the settings and the profile ask for.
func (s *session) tillConfig() till.Config {
	s.mu.Lock()
	set, p := s.settings.clone(), s.settings.apply(s.profile)
	s.mu.Unlock()
	return till.Config{
		Journal:   s.journal,
		Profile:   p,
		Terminal:  set.active().label(),
		Dial:      dialer(set.active(), p),
		Lock:      tabLock("lanepay-terminal"),
		OnChange:  s.notify,
		OnEvent:   s.onEvent,
		OnSettled: s.onSettled,
		Evidence:  s.evidence,
	}
}

// onSettled keeps what recovery settled for the Charge screen to say.
func (s *session) onSettled(r journal.Record) {
	s.mu.Lock()
	s.recovered = append([]journal.Record{r}, s.recovered...)
	s.mu.Unlock()
	s.notify()
}

// Recovered lists what recovery settled, newest first, until dismissed.
func (s *session) Recovered() []journal.Record {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.recovered)
}

// dismissRecovered drops the notice about ref.
func (s *session) dismissRecovered(ref string) {
	s.mu.Lock()
	s.recovered = slices.DeleteFunc(s.recovered, func(r journal.Record) bool { return r.Ref == ref })
	s.mu.Unlock()
	s.notify()
}

// Storage says whether the browser keeps the journal.
func (s *session) Storage() storageState {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.storage
}

// askStorage asks the browser, with ask, whether it keeps the journal,
// and records the answer.
func (s *session) askStorage(ask func(context.Context) (bool, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kept, err := ask(ctx)
	st := storageBestEffort
	switch {
	case err != nil:
		st = storageNoChoice
	case kept:
		st = storageKept
	}
	s.mu.Lock()
	s.storage = st
	s.mu.Unlock()
	s.notify()
}

// keepStorage asks the browser, once a page, to keep the journal: at the
// first charge, since a browser grants it (or asks the shop) only after
// the site has been used.
func (s *session) keepStorage() {
	if s.Storage() == storageKept {
		return
	}
	s.persisted.Do(func() { go s.askStorage(journal.Persist) })
}

// dialer connects to the terminal t as the settings say.
func dialer(t terminalConfig, p *pos.Profile) till.Dialer {
	return func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
		url, err := t.url(currentPage())
		if err != nil {
			return nil, err
		}
		return terminal.Connect(ctx, url, p, opts)
	}
}

func (s *session) onEvent(e terminal.Event) {
	l := consoleLine{Time: e.Time, Dir: e.Dir, Raw: string(e.Frame.Raw)}
	if e.Dir == terminal.In {
		l.Kind = e.Frame.Kind.String()
	} else {
		l.Kind = "request"
	}
	if e.Err != nil {
		l.Kind, l.Error = "refused", e.Err.Error()
	}
	s.mu.Lock()
	s.console.add(l)
	s.mu.Unlock()
	s.notify()
}

// subscribe calls f (from any goroutine) whenever something changed; the
// returned func unsubscribes.
func (s *session) subscribe(f func()) func() {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextID
	s.nextID++
	s.listeners[id] = f
	return func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		delete(s.listeners, id)
	}
}

// notify tells every listener that something changed: at once, but
// while a charge is prepared or in flight in a background task, once for
// a burst of changes (backgroundTask), so that the tap's task only sends
// and the terminal's answer renders first. At start-up, Ready shows at
// once.
func (s *session) notify() {
	if s.changed == nil || !s.charging() { // or a session made by hand in a test
		s.tell()
		return
	}
	s.changed.post()
}

// charging reports a charge prepared on a press or in flight.
func (s *session) charging() bool {
	t := s.Till()
	if t == nil {
		return false
	}
	st := t.Status()
	return st.Held != "" || st.InFlight != nil
}

func (s *session) tell() {
	s.mu.Lock()
	fs := make([]func(), 0, len(s.listeners))
	for _, f := range s.listeners {
		fs = append(fs, f)
	}
	s.mu.Unlock()
	for _, f := range fs {
		f()
	}
}

// consoleLines returns a copy of the console log's last consoleMax lines,
// oldest first.
func (s *session) consoleLines() []consoleLine {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.console.ordered()
}

func (s *session) clearConsole() {
	s.mu.Lock()
	s.console = consoleLog{}
	s.mu.Unlock()
	s.notify()
}

// Settings returns a copy of the settings.
func (s *session) Settings() appSettings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.settings.clone()
}

// Profile is the active profile, with the settings' timeout and
// currency applied (do not modify it).
func (s *session) Profile() *pos.Profile {
	return s.Till().Profile()
}

// BaseProfile is the profile as loaded or imported, for editing.
func (s *session) BaseProfile() *pos.Profile {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.profile
}

// applySettings saves new settings and reconnects when the terminal or
// the profile's timeout changed.
func (s *session) applySettings(n appSettings) error {
	if err := n.validate(); err != nil {
		return err
	}
	s.mu.Lock()
	old := s.settings
	s.settings = n.clone()
	s.mu.Unlock()
	saveSettings(n)
	if old.active() != n.active() || old.TimeoutSeconds != n.TimeoutSeconds || old.Decimals != n.Decimals || old.Currency != n.Currency {
		s.restartTill()
	}
	s.notify()
	return nil
}

// applyProfile replaces the profile after validating it: a bad profile
// never replaces a good one.
func (s *session) applyProfile(data []byte) error {
	p, err := pos.LoadProfile(data)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.profile = p
	s.mu.Unlock()
	if err := (pageStorage{}).Set(profileKey, json.RawMessage(data)); err != nil {
		app.Logf("failed to save the profile: %v", err)
	}
	s.restartTill()
	s.notify()
	return nil
}

// restartTill has the lifecycle replace the till with one of the current
// settings and profile. Stopping the old one closes its connection: a
// transaction in flight then ends as unknown, and recovery asks the
// terminal about it.
func (s *session) restartTill() { s.life.Restart(s.tillConfig()) }

// reconnectNow is Connect with the settings unchanged: the till tries
// again at once, unless a restart is on its way, which connects anyway.
func (s *session) reconnectNow() { s.life.ReconnectNow() }

// Till is the current till.
func (s *session) Till() *till.Till {
	if s.life == nil { // a session made by hand in a test
		return nil
	}
	return s.life.Till()
}

// Journal is the page's journal.
func (s *session) Journal() journal.Store { return s.journal }

// JournalOpening reports that the journal is still opening: nothing can
// be charged before it is open, so Charge waits for it.
func (s *session) JournalOpening() bool {
	if s.opening == nil {
		return false
	}
	select {
	case <-s.opening.Opened():
		return false
	default:
		return true
	}
}

// JournalErr says why the journal is unavailable, or nil (also while it
// is still opening: see JournalOpening).
func (s *session) JournalErr() error {
	if s.opening == nil {
		return nil
	}
	return s.opening.Err()
}
