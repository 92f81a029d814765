package cashier

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/testkit"
)

// memStorage is Storage in memory, safe for the core's goroutines.
type memStorage struct {
	mu   sync.Mutex
	kept map[string][]byte
}

func newMemStorage() *memStorage { return &memStorage{kept: map[string][]byte{}} }

func (m *memStorage) Get(key string, v any) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if b, ok := m.kept[key]; ok {
		return json.Unmarshal(b, v)
	}
	return nil
}

func (m *memStorage) Set(key string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.kept[key] = b
	return nil
}

// newCore starts a core on store (a new one if nil) with the journal j,
// closed with the test: its terminal is sim, or none when sim is nil.
func newCore(t *testing.T, sim *terminalsim.Simulator, store *memStorage, j journal.Store, onChange func(charging bool)) *Core {
	t.Helper()
	if store == nil {
		store = newMemStorage()
	}
	connect := noTerminal
	if sim != nil {
		host, port, _ := strings.Cut(sim.WSAddr(), ":")
		set := DefaultSettings(host)
		set.Terminals[0].Port = port
		if err := store.Set(SettingsKey, set); err != nil {
			t.Fatal(err)
		}
		connect = terminal.Connect
	}
	c := New(Config{Storage: store, Connect: connect, OnChange: onChange, Logf: func(string, ...any) {},
		OpenJournal: func(context.Context) (journal.Store, error) { return j, nil }})
	t.Cleanup(c.life.Load().Close)
	return c
}

// noTerminal is Config.Connect where there is no terminal to dial.
func noTerminal(context.Context, string, *pos.Profile, *terminal.Options) (*terminal.Client, error) {
	return nil, errors.New("no terminal in this test")
}

// settled waits until l has no restart pending: the till then is the one
// the last restart asked for.
func settled(t *testing.T, l *Lifecycle) {
	t.Helper()
	testkit.Eventually(t, "the restarts", func() bool {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.next == nil
	})
}

// at is a local time on a fixed day, so day filters are deterministic.
func at(day, hh, mm int) time.Time { return time.Date(2026, 3, day, hh, mm, 0, 0, time.Local) }

// addRecord writes a transaction to the journal and moves it through
// states, as the till would.
func addRecord(t *testing.T, j journal.Store, r journal.Record, states ...pos.State) journal.Record {
	t.Helper()
	ctx := context.Background()
	if err := j.Begin(ctx, r); err != nil {
		t.Fatal(err)
	}
	out := r
	for i, s := range states {
		var err error
		out, err = j.Append(ctx, r.Ref, journal.Event{Time: r.Created.Add(time.Duration(i+1) * time.Second), State: s, By: "terminal"})
		if err != nil {
			t.Fatalf("%s to %s: %v", r.Ref, s, err)
		}
	}
	return out
}

func sale(ref string, created time.Time, amount pos.Amount) journal.Record {
	return journal.Record{Ref: ref, TypeCode: "1", TypeName: "Sale", Role: string(pos.RoleSale), Amount: amount, Created: created}
}

func refs(recs []journal.Record) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Ref)
	}
	return out
}
