package cashier

import (
	"slices"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
)

// What recovery settled is said, newest first, until the cashier
// dismisses it.
func TestRecovered(t *testing.T) {
	c := newCore(t, nil, nil, journal.NewMemory(), nil)
	c.onSettled(journal.Record{Ref: "A"})
	c.onSettled(journal.Record{Ref: "B"})
	if got := refs(c.Recovered()); !slices.Equal(got, []string{"B", "A"}) {
		t.Errorf("recovered %v, want B then A", got)
	}
	c.DismissRecovered("B")
	if got := refs(c.Recovered()); !slices.Equal(got, []string{"A"}) {
		t.Errorf("after dismissing B, %v", got)
	}
}
