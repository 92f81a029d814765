package cashier

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

func TestMatchType(t *testing.T) {
	s := sale("A", at(1, 10, 0), 100)
	console := journal.Record{Ref: "B", TypeCode: "1", TypeName: "Console: Sale", Role: till.RoleConsole}
	tests := []struct {
		name string
		rec  journal.Record
		sel  string
		want bool
	}{
		{"every type, a sale", s, "", true},
		{"the sale's type", s, "1", true},
		{"another type", s, "2", false},
		{"the Console, a sale", s, TypeConsole, false},
		{"the Console, what it sent", console, TypeConsole, true},
		{"a hand-typed code is not the app's sale", console, "1", false},
		{"every type, what the Console sent", console, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := matchType(tt.rec, tt.sel); got != tt.want {
				t.Errorf("matchType(%s, %q) = %v, want %v", tt.rec.TypeName, tt.sel, got, tt.want)
			}
		})
	}
}

func TestLoadHistory(t *testing.T) {
	j := journal.NewMemory()
	addRecord(t, j, sale("DAY1-A", at(1, 9, 0), 1234), pos.StateSent, pos.StateApproved)
	addRecord(t, j, sale("DAY1-B", at(1, 10, 0), 1051), pos.StateSent, pos.StateDeclined)
	addRecord(t, j, journal.Record{Ref: "DAY1-C", TypeCode: "1", TypeName: "Console: Sale", Role: till.RoleConsole, Amount: 777, Created: at(1, 11, 0)}, pos.StateSent, pos.StateApproved)
	addRecord(t, j, sale("DAY2-A", at(2, 9, 0), 500), pos.StateSent, pos.StateApproved)
	p := pos.DefaultProfile()
	// The day's totals describe the whole day, whatever the other filters.
	day1 := Totals{Sales: Tally{2, 1234 + 777}, Net: 1234 + 777}
	tests := []struct {
		name   string
		q      HistoryQuery
		want   []string
		totals Totals
	}{
		{"a day, newest first", HistoryQuery{Day: at(1, 0, 0)}, []string{"DAY1-C", "DAY1-B", "DAY1-A"}, day1},
		{"approved only", HistoryQuery{Day: at(1, 0, 0), State: pos.StateApproved}, []string{"DAY1-C", "DAY1-A"}, day1},
		{"the app's sales, not the console's", HistoryQuery{Day: at(1, 0, 0), Type: "1"}, []string{"DAY1-B", "DAY1-A"}, day1},
		{"what the Console sent", HistoryQuery{Day: at(1, 0, 0), Type: TypeConsole}, []string{"DAY1-C"}, day1},
		{"search by amount", HistoryQuery{Day: at(1, 0, 0), Query: "12.34"}, []string{"DAY1-A"}, day1},
		{"search by reference, every day: no totals", HistoryQuery{Query: "-a"}, []string{"DAY2-A", "DAY1-A"}, Totals{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Profile = p
			h, err := LoadHistory(context.Background(), j, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := refs(h.Shown); !slices.Equal(got, tt.want) {
				t.Errorf("shown %v, want %v", got, tt.want)
			}
			if h.Totals != tt.totals {
				t.Errorf("totals %+v, want %+v", h.Totals, tt.totals)
			}
			if h.More {
				t.Error("more is set for a short list")
			}
		})
	}
}

// A listing longer than HistoryLimit is cut, and says so.
func TestLoadHistoryCut(t *testing.T) {
	j := journal.NewMemory()
	for i := range HistoryLimit + 1 {
		addRecord(t, j, sale("S"+time.Duration(i).String(), at(1, 9, 0).Add(time.Duration(i)*time.Second), 100), pos.StateSent, pos.StateApproved)
	}
	h, err := LoadHistory(context.Background(), j, HistoryQuery{Profile: pos.DefaultProfile()})
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Shown) != HistoryLimit || !h.More {
		t.Errorf("%d shown, more %v; want %d and more", len(h.Shown), h.More, HistoryLimit)
	}
}

func TestCSVFileName(t *testing.T) {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.Local)
	tests := []struct {
		name string
		day  time.Time
		want string
	}{
		{"a day, late", at(1, 23, 59), "lanepay-2026-03-01.csv"},
		{"every day: the export's date", time.Time{}, "lanepay-all-2026-03-02.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CSVFileName(tt.day, now); got != tt.want {
				t.Errorf("named %q, want %q", got, tt.want)
			}
		})
	}
}
