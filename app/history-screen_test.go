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
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// testSession is a session on an in-memory journal with a till that has
// no terminal: enough to render screens outside a browser.
func testSession(t *testing.T) *session {
	t.Helper()
	s := &session{listeners: map[int]func(){}, settings: defaultSettings(""), profile: pos.DefaultProfile(), journal: journal.NewMemory()}
	s.life = cashier.NewLifecycle(till.Config{Journal: s.journal, Profile: s.settings.apply(s.profile), Logf: func(string, ...any) {},
		Dial: func(context.Context, *terminal.Options) (*terminal.Client, error) {
			return nil, errors.New("no terminal in this test")
		}}, nil)
	t.Cleanup(s.life.Close)
	return s
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

func TestCSVFileName(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	if got, want := csvFileName(at(1, 23, 59), now), "lanepay-2026-03-01.csv"; got != want {
		t.Errorf("a day's export is named %q, want %q", got, want)
	}
	if got, want := csvFileName(time.Time{}, now), "lanepay-all-2026-03-02.csv"; got != want {
		t.Errorf("an export of every day is named %q, want %q", got, want)
	}
}

func TestStateOfEveryState(t *testing.T) {
	want := map[pos.State]string{
		pos.StateApproved: "Approved", pos.StateDeclined: "Declined", pos.StateUnknown: "Outcome unknown",
		pos.StateNotCharged: "Not charged", pos.StateVoided: "Voided", pos.StateRefunded: "Refunded",
		pos.StatePending: "Pending", pos.StateSent: "Sent",
	}
	seen := map[string]pos.State{}
	for _, s := range pos.States() {
		v := stateOf(s)
		if v.Words != want[s] {
			t.Errorf("%s reads %q, want %q", s, v.Words, want[s])
		}
		if v.Icon == "" || v.Class == "" {
			t.Errorf("%s has no icon or colour: %+v", s, v)
		}
		if other, dup := seen[v.Words]; dup {
			t.Errorf("%s and %s both read %q", s, other, v.Words)
		}
		seen[v.Words] = s
	}
	// Never colour alone: the badge carries the icon and the words.
	badge := stateBadge(pos.StateVoided)
	if err := app.Match(app.Text("↺"), badge, 0, 0); err != nil {
		t.Error(err)
	}
	if err := app.Match(app.Text("Voided"), badge, 1, 0); err != nil {
		t.Error(err)
	}
}

func TestMatchType(t *testing.T) {
	s := sale("A", at(1, 10, 0), 100)
	console := journal.Record{Ref: "B", TypeCode: "1", TypeName: "Console: Sale", Role: till.RoleConsole}
	tests := []struct {
		rec  journal.Record
		sel  string
		want bool
	}{
		{s, "", true},
		{s, "1", true},
		{s, "2", false},
		{s, typeConsole, false},
		{console, typeConsole, true},
		{console, "1", false}, // a hand-typed code is not the app's sale
		{console, "", true},
	}
	for _, tt := range tests {
		if got := matchType(tt.rec, tt.sel); got != tt.want {
			t.Errorf("matchType(%s, %q) = %v, want %v", tt.rec.TypeName, tt.sel, got, tt.want)
		}
	}
}

func TestDayTotalsFillsVoidAmounts(t *testing.T) {
	recs := []journal.Record{
		{Ref: "S1", Role: string(pos.RoleSale), Amount: 1234, State: pos.StateVoided},
		{Ref: "V1", Role: string(pos.RoleVoid), OrigRef: "S1", State: pos.StateApproved},
		{Ref: "S2", Role: string(pos.RoleSale), Amount: 2000, State: pos.StateRefunded},
		{Ref: "R2", Role: string(pos.RoleRefund), Amount: 500, OrigRef: "S2", State: pos.StateApproved},
		{Ref: "V9", Role: string(pos.RoleVoid), OrigRef: "ELSEWHERE", State: pos.StateApproved},
		{Ref: "S3", Role: string(pos.RoleSale), Amount: 999, State: pos.StateDeclined},
	}
	got := dayTotals(recs)
	want := journal.Totals{Sales: 2000, SaleCount: 1, Refunds: 500, RefundCount: 1, Voids: 1234, VoidCount: 2, Net: 1500}
	if got != want {
		t.Errorf("dayTotals = %+v, want %+v", got, want)
	}
}

func TestLoadHistory(t *testing.T) {
	j := journal.NewMemory()
	addRecord(t, j, sale("DAY1-A", at(1, 9, 0), 1234), pos.StateSent, pos.StateApproved)
	addRecord(t, j, sale("DAY1-B", at(1, 10, 0), 1051), pos.StateSent, pos.StateDeclined)
	addRecord(t, j, journal.Record{Ref: "DAY1-C", TypeCode: "1", TypeName: "Console: Sale", Role: till.RoleConsole, Amount: 777, Created: at(1, 11, 0)}, pos.StateSent, pos.StateApproved)
	addRecord(t, j, sale("DAY2-A", at(2, 9, 0), 500), pos.StateSent, pos.StateApproved)
	refs := func(recs []journal.Record) []string {
		var out []string
		for _, r := range recs {
			out = append(out, r.Ref)
		}
		return out
	}
	tests := []struct {
		name      string
		q         historyQuery
		want, day []string
	}{
		{"a day, newest first", historyQuery{Day: at(1, 0, 0)}, []string{"DAY1-C", "DAY1-B", "DAY1-A"}, []string{"DAY1-C", "DAY1-B", "DAY1-A"}},
		{"approved only; the totals still see the whole day", historyQuery{Day: at(1, 0, 0), State: pos.StateApproved}, []string{"DAY1-C", "DAY1-A"}, []string{"DAY1-C", "DAY1-B", "DAY1-A"}},
		{"the app's sales, not the console's", historyQuery{Day: at(1, 0, 0), Type: "1"}, []string{"DAY1-B", "DAY1-A"}, []string{"DAY1-C", "DAY1-B", "DAY1-A"}},
		{"search by amount", historyQuery{Day: at(1, 0, 0), Query: "12.34", Decimals: 2}, []string{"DAY1-A"}, []string{"DAY1-C", "DAY1-B", "DAY1-A"}},
		{"search by reference, every day", historyQuery{Query: "-a"}, []string{"DAY2-A", "DAY1-A"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shown, day, more, err := loadHistory(context.Background(), j, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := refs(shown); !equalStrings(got, tt.want) {
				t.Errorf("shown %v, want %v", got, tt.want)
			}
			if got := refs(day); !equalStrings(got, tt.day) {
				t.Errorf("day %v, want %v", got, tt.day)
			}
			if more {
				t.Error("more is set for a short list")
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestHistoryDetailFollowUps renders the details of entries: an approved
// sale offers Void, Refund and Receipt; a voided one offers nothing to
// send again.
func TestHistoryDetailFollowUps(t *testing.T) {
	sess := testSession(t)
	approved := addRecord(t, sess.journal, sale("OK-1", at(1, 9, 0), 1234), pos.StateSent, pos.StateApproved)
	voided := addRecord(t, sess.journal, sale("VOID-1", at(1, 9, 5), 500), pos.StateSent, pos.StateApproved, pos.StateVoided)

	c := newHistoryScreen().Session(sess)
	c.loaded, c.recs, c.dayRecs, c.day = true, []journal.Record{voided, approved}, []journal.Record{voided, approved}, "2026-03-01"
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

	c = newHistoryScreen().Session(sess)
	c.loaded, c.recs, c.dayRecs, c.day = true, []journal.Record{voided, approved}, []journal.Record{voided, approved}, "2026-03-01"
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
	if err := app.Match(app.Text("Voided"), c, 0, 1, 0, 1, 1, 0); err != nil {
		t.Errorf("the voided sale's title lacks Voided: %v", err)
	}
}
