package main

import (
	"context"
	"runtime"
	"sync"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// session is the page's core (cashier.Core) as the screens watch it:
// they subscribe to its changes and re-render. It lives for the life of
// the page, across screens.
type session struct {
	*cashier.Core

	mu        sync.Mutex
	listeners map[int]func()
	nextID    int
	changed   *backgroundTask // tells the listeners, in a task of their own
	// navigate shows another screen, for example Charge from History for
	// a void; the shell sets it when it mounts.
	navigate func(screen)
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

// newSession starts the page's core on store, the journal in IndexedDB.
func newSession(store cashier.Storage) *session {
	s := &session{listeners: map[int]func(){}, navigate: func(screen) {}}
	s.changed = newBackgroundTask(s.tell)
	s.Core = cashier.New(cashier.Config{
		Storage: store,
		Page:    currentPage(),
		// The browser's languages: the cashier's unless Settings names one.
		Languages: browserLanguages(),
		OpenJournal: func(ctx context.Context) (journal.Store, error) {
			return journal.OpenIndexedDB(ctx, "lanepay")
		},
		Connect:  terminal.Connect,
		Lock:     tabLock("lanepay-terminal"),
		OnChange: s.notify,
		Logf:     app.Logf,
	})
	// The page speaks its language from the first frame on.
	applyLang(s.voice())
	return s
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
func (s *session) notify(charging bool) {
	if !charging {
		s.tell()
		return
	}
	s.changed.post()
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
