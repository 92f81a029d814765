package cashier

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// Quick changes of settings (two taps on "make active", Connect while the
// app starts) restart the till one after the other: one till is left,
// with one connection to the terminal, never two.
func TestQuickRestartsLeaveOneTill(t *testing.T) {
	sim := tilltest.Sim(t, "")
	c := newCore(t, sim, nil, journal.NewMemory(), nil)
	for i := range 5 {
		n := c.Settings()
		n.TimeoutSeconds = 60 + i // a change that restarts the till
		if err := c.ApplySettings(n); err != nil {
			t.Fatal(err)
		}
	}
	settled(t, c.life.Load())
	testkit.Eventually(t, "one client, Ready", func() bool { return c.Till().Status().Link == till.Ready && sim.Clients() == 1 })
	if got := c.Till().Profile().TimeoutSeconds; got != 64 {
		t.Errorf("the till runs with timeout %d, want the last change's 64", got)
	}
}

// Settings are saved only when they validate, and the till restarts only
// for what it uses.
func TestApplySettings(t *testing.T) {
	tests := []struct {
		name        string
		change      func(*Settings)
		wantErr     bool
		wantRestart bool
	}{
		{"the theme", func(s *Settings) { s.Theme = "dark" }, false, false},
		{"another terminal", func(s *Settings) { s.Terminals[0].Host = "10.0.0.7" }, false, true},
		{"the timeout", func(s *Settings) { s.TimeoutSeconds = 30 }, false, true},
		{"the currency", func(s *Settings) { s.Currency, s.Decimals = "JPY", 0 }, false, true},
		{"a terminal added, not made active", func(s *Settings) {
			s.Terminals = append(s.Terminals, Terminal{Name: "Patio", Host: "10.0.0.8", Conn: ConnWebSocket})
		}, false, false},
		{"invalid", func(s *Settings) { s.Theme = "pink" }, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemStorage()
			c := newCore(t, nil, store, journal.NewMemory(), nil)
			before := c.Till()
			n := c.Settings()
			tt.change(&n)
			err := c.ApplySettings(n)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			var saved Settings
			if err := store.Get(SettingsKey, &saved); err != nil {
				t.Fatal(err)
			}
			if got := len(saved.Terminals) > 0; got == tt.wantErr {
				t.Errorf("saved %+v; want it saved: %v", saved, !tt.wantErr)
			}
			settled(t, c.life.Load())
			if restarted := c.Till() != before; restarted != tt.wantRestart {
				t.Errorf("restarted %v, want %v", restarted, tt.wantRestart)
			}
		})
	}
}

// blockedJournal opens when the test says, as IndexedDB does in its time.
type blockedJournal struct {
	open chan struct{}
	err  error
}

func (b *blockedJournal) Open(context.Context) (journal.Store, error) {
	<-b.open
	if b.err != nil {
		return nil, b.err
	}
	return journal.NewMemory(), nil
}

// The core connects while the journal opens, says it is opening, tells
// the page once it is open and says why it could not be.
func TestJournalOpening(t *testing.T) {
	for _, tt := range []struct {
		name string
		err  error
	}{{"opens", nil}, {"fails", errors.New("quota")}} {
		t.Run(tt.name, func(t *testing.T) {
			b := &blockedJournal{open: make(chan struct{}), err: tt.err}
			var mu sync.Mutex
			told := 0
			c := New(Config{Storage: newMemStorage(), Logf: func(string, ...any) {}, OpenJournal: b.Open,
				Connect:  noTerminal,
				OnChange: func(bool) { mu.Lock(); told++; mu.Unlock() }})
			t.Cleanup(c.life.Load().Close)
			if !c.JournalOpening() || c.JournalErr() != nil {
				t.Fatalf("opening %v, error %v; want opening, no error yet", c.JournalOpening(), c.JournalErr())
			}
			mu.Lock()
			before := told
			mu.Unlock()
			close(b.open)
			testkit.Eventually(t, "the journal open", func() bool { return !c.JournalOpening() })
			testkit.Eventually(t, "the page told", func() bool { mu.Lock(); defer mu.Unlock(); return told > before })
			if got := c.JournalErr(); !errors.Is(got, tt.err) {
				t.Errorf("error %v, want %v", got, tt.err)
			}
		})
	}
}

// When the page reaches the terminal through its server's bridge and the
// server cannot be reached, the status says so in plain words: not the
// bridge's URL, which names the terminal encoded, and not that the
// terminal did not answer. Directly, the terminal is what did not answer.
func TestServerUnreachableSaidPlainly(t *testing.T) {
	tests := []struct {
		name      string
		page      Page
		conn      string
		want, not string
	}{
		{"https page, ws terminal: the bridge", Page{Secure: true, Host: "10.0.0.20:8443"}, ConnWebSocket,
			"the till's server cannot be reached at 10.0.0.20:8443", "bridge?"},
		{"http page, tcp terminal: the bridge", Page{Host: "10.0.0.20:8000"}, ConnTCP,
			"the till's server cannot be reached at 10.0.0.20:8000", "bridge?"},
		{"http page, ws terminal: direct", Page{Host: "10.0.0.20:8000"}, ConnWebSocket,
			"the terminal did not answer at ws://10.0.0.30:5000/", "server"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemStorage()
			set := DefaultSettings("10.0.0.30")
			set.Terminals[0].Conn = tt.conn
			if err := store.Set(SettingsKey, set); err != nil {
				t.Fatal(err)
			}
			dialled := make(chan string, 100)
			c := New(Config{Storage: store, Page: tt.page, Logf: func(string, ...any) {},
				OpenJournal: func(context.Context) (journal.Store, error) { return journal.NewMemory(), nil },
				Connect: func(ctx context.Context, url string, _ *pos.Profile, _ *terminal.Options) (*terminal.Client, error) {
					dialled <- url
					// What a dial to an address that drops every packet
					// ends with in the browser.
					return nil, &terminal.DialError{URL: url, Err: context.DeadlineExceeded}
				}})
			t.Cleanup(c.life.Load().Close)
			testkit.Eventually(t, "a failed attempt", func() bool {
				st := c.Till().Status()
				return st.Link == till.Disconnected && st.Reason != ""
			})
			reason := c.Till().Status().Reason
			t.Logf("dialled %s; the status reads: %s", <-dialled, reason)
			if !strings.Contains(reason, tt.want) || strings.Contains(reason, tt.not) {
				t.Errorf("the status reads %q, want it to say %q and not %q", reason, tt.want, tt.not)
			}
		})
	}
}
