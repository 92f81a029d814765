package cashier

import (
	"context"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

// HistoryLimit bounds one listing so that "every day" on a long journal
// stays quick to render; History says when it cut.
const HistoryLimit = 1000

// TypeConsole selects what was sent by hand from the Console.
const TypeConsole = "console"

// DateLayout is how a day is written in History's filter and file names.
const DateLayout = "2006-01-02"

// HistoryQuery is what History's filters ask the journal for.
type HistoryQuery struct {
	Day     time.Time // zero for every day
	State   pos.State
	Type    string // a type code of the profile, TypeConsole, or "" for all
	Query   string
	Profile *pos.Profile
}

// History is what History shows: the entries the filters select, newest
// first, and for a day its totals, which describe the whole day whatever
// the other filters.
type History struct {
	Shown  []journal.Record
	More   bool   // Shown was cut at HistoryLimit
	Totals Totals // none for every day
}

// LoadHistory reads the selected entries and, for a day, the whole day
// for its totals.
func LoadHistory(ctx context.Context, j journal.Store, q HistoryQuery) (History, error) {
	var h History
	f := journal.Filter{Day: q.Day, Query: q.Query, Decimals: q.Profile.Decimals, Limit: HistoryLimit + 1}
	if q.State != "" {
		f.States = []pos.State{q.State}
	}
	all, err := j.List(ctx, f)
	if err != nil {
		return h, err
	}
	if len(all) > HistoryLimit {
		all, h.More = all[:HistoryLimit], true
	}
	for _, r := range all {
		if matchType(r, q.Type) {
			h.Shown = append(h.Shown, r)
		}
	}
	if !q.Day.IsZero() {
		day, err := j.List(ctx, journal.Filter{Day: q.Day})
		if err != nil {
			return h, err
		}
		h.Totals = CountTotals(day, q.Profile)
	}
	return h, nil
}

// matchType applies the type filter: a profile type by its code (what the
// Charge screen sent), or everything sent from the Console, whatever its
// code. The filter tells what was typed by hand; the totals count it by
// its code all the same (CountTotals).
func matchType(r journal.Record, sel string) bool {
	switch sel {
	case "":
		return true
	case TypeConsole:
		return r.Role == till.RoleConsole
	}
	return r.Role != till.RoleConsole && r.TypeCode == sel
}

// CSVFileName names an export after the day it lists, so a month of
// exports sorts by date; "every day" is named after the export's date.
func CSVFileName(day, now time.Time) string {
	if day.IsZero() {
		return "lanepay-all-" + now.Format(DateLayout) + ".csv"
	}
	return "lanepay-" + day.Format(DateLayout) + ".csv"
}
