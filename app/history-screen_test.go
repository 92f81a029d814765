package main

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// testSession is a session on an in-memory journal whose till has no
// terminal: enough to render screens outside a browser.
func testSession(t *testing.T) *session {
	t.Helper()
	s := &session{listeners: map[int]func(){}, navigate: func(screen) {}}
	s.Core = cashier.New(cashier.Config{Storage: pageStorage{}, Logf: func(string, ...any) {},
		OpenJournal: func(context.Context) (journal.Store, error) { return journal.NewMemory(), nil },
		Connect: func(context.Context, string, *pos.Profile, *terminal.Options) (*terminal.Client, error) {
			return nil, errors.New("no terminal in this test")
		},
		OnChange: s.notify})
	t.Cleanup(func() { s.Till().Stop() })
	return s
}

// at is a local time on a fixed day.
func at(day, hh, mm int) time.Time { return time.Date(2026, 3, day, hh, mm, 0, 0, time.Local) }

// sale is an app's sale of amount in state.
func sale(ref string, created time.Time, amount pos.Amount, state pos.State) journal.Record {
	return journal.Record{Ref: ref, TypeCode: "1", TypeName: "Sale", Role: string(pos.RoleSale), Amount: amount, Created: created, State: state}
}

func TestStateOfEveryState(t *testing.T) {
	want := map[pos.State]string{
		pos.StateApproved: "Approved", pos.StateDeclined: "Declined", pos.StateUnknown: "Outcome unknown",
		pos.StateNotCharged: "Not charged", pos.StateVoided: "Voided", pos.StateRefunded: "Refunded",
		pos.StatePending: "Pending", pos.StateSent: "Sent",
	}
	en := voiceOf(nil)
	for _, v := range []voice{en, hindiVoice()} {
		seen := map[string]pos.State{}
		for _, s := range pos.States() {
			sv := stateOf(v, s)
			if v == en && sv.Words != want[s] {
				t.Errorf("%s reads %q, want %q", s, sv.Words, want[s])
			}
			if v != en && sv.Words == want[s] {
				t.Errorf("%s reads %q in Hindi too", s, sv.Words)
			}
			if sv.Icon == "" || sv.Class == "" {
				t.Errorf("%s has no icon or colour: %+v", s, sv)
			}
			if other, dup := seen[sv.Words]; dup {
				t.Errorf("%s and %s both read %q", s, other, sv.Words)
			}
			seen[sv.Words] = s
		}
	}
	// Never colour alone: the badge carries the icon and the words.
	badge := stateBadge(en, pos.StateVoided)
	if err := app.Match(app.Text("↺"), badge, 0, 0); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Text("Voided"), badge, 1, 0); err != nil {
		t.Error(err)
	}
}

// TestHistoryDetailFollowUps renders the details of entries: an approved
// sale offers Void, Refund and Receipt; a voided one offers nothing to
// send again.
func TestHistoryDetailFollowUps(t *testing.T) {
	sess := testSession(t)
	approved := sale("OK-1", at(1, 9, 0), 1234, pos.StateApproved)
	voided := sale("VOID-1", at(1, 9, 5), 500, pos.StateVoided)

	c := &historyScreen{Sess: sess}
	c.loaded, c.history.Shown, c.day = true, []journal.Record{voided, approved}, "2026-03-01"
	c.selected = approved.Ref
	e := app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	// root: list pane, details, printable receipt.
	noop := func(app.Context, app.Event) {}
	if err := app.Match(app.Elem("section").ID("history-detail").Class("pane history-detail").Aria("labelledby", "detail-title"), c, 0, 1); err != nil {
		t.Fatal(err)
	}
	// details: title, summary, actions, ...
	for i, want := range []struct{ id, text string }{{"history-void", "Void"}, {"history-refund", "Refund"}, {"history-receipt", "Receipt"}} {
		if err := app.Match(app.Button().ID(want.id).Type("button").Class("button secondary").OnClick(noop), c, 0, 1, 2, i); err != nil {
			t.Errorf("action %d: %v", i, err)
		}
		if err := app.Match(app.Text(want.text), c, 0, 1, 2, i, 0); err != nil {
			t.Errorf("action %d: %v", i, err)
		}
	}
	if err := app.Match(app.Div().Class("receipt-print"), c, 0, 2); err != nil {
		t.Errorf("no printable receipt for an approved sale: %v", err)
	}

	c = &historyScreen{Sess: sess}
	c.loaded, c.history.Shown, c.day = true, []journal.Record{voided, approved}, "2026-03-01"
	c.selected = voided.Ref
	e = app.NewTestEngine()
	if err := e.Load(c); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	if err := app.Match(app.Div().Class("actions"), c, 0, 1, 2); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"history-void", "history-refund", "history-receipt"} {
		for i := 0; i < 3; i++ {
			if app.Match(app.Button().ID(id).Type("button").Class("button secondary").OnClick(noop), c, 0, 1, 2, i) == nil {
				t.Errorf("a voided sale still offers %s", id)
			}
		}
	}
	if err := app.Match(app.Text("Voided"), c, 0, 1, 0, 3, 1, 0); err != nil {
		t.Errorf("the voided sale's title lacks Voided: %v", err)
	}
}
