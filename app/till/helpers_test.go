package till_test

import (
	"context"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/till"
)

func quietf(string, ...any) {}

func sale(minor int64) till.Order {
	return till.Order{TypeCode: "1", Amount: pos.Amount(minor)}
}

func ledgerCount(sim *terminalsim.Simulator, ref string) (n int, state string) {
	for _, e := range sim.Ledger() {
		if e.Ref == ref {
			n++
			state = e.State
		}
	}
	return n, state
}

func stateOf(t testing.TB, j journal.Store, ref string) pos.State {
	t.Helper()
	r, err := j.Get(context.Background(), ref)
	if err != nil {
		t.Fatal(err)
	}
	return r.State
}
