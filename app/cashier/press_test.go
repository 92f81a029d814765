package cashier

import (
	"context"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// slowCancels holds every not-charged write for a while, as a slow disk
// holds a cancelled press's.
type slowCancels struct{ journal.Store }

func (s slowCancels) Append(ctx context.Context, ref string, e journal.Event) (journal.Record, error) {
	if e.State == pos.StateNotCharged {
		time.Sleep(200 * time.Millisecond)
	}
	return s.Store.Append(ctx, ref, e)
}

func TestPressAndCharge(t *testing.T) {
	sale := till.Order{TypeCode: "1", Amount: 1000}
	other := till.Order{TypeCode: "1", Amount: 2000}
	tests := []struct {
		name string
		// tap charges as the Charge screen's tap would, given a core with
		// a press on Charge.
		tap       func(c *Core, pr *Press) (journal.Record, error)
		wantSends int // requests for the press's own reference
		pressEnd  pos.State
	}{
		{"the tap takes its press", func(c *Core, pr *Press) (journal.Record, error) {
			return c.Charge(context.Background(), c.Till(), pr, sale, nil)
		}, 1, pos.StateApproved},
		{"another order cancels the press", func(c *Core, pr *Press) (journal.Record, error) {
			return c.Charge(context.Background(), c.Till(), pr, other, nil)
		}, 0, pos.StateNotCharged},
		{"a tap after a dropped press waits for it", func(c *Core, pr *Press) (journal.Record, error) {
			c.Drop(pr, "slid off")
			return c.Charge(context.Background(), c.Till(), nil, other, nil)
		}, 0, pos.StateNotCharged},
		{"a press after a dropped press waits for it", func(c *Core, pr *Press) (journal.Record, error) {
			c.Drop(pr, "slid off")
			return c.Charge(context.Background(), c.Till(), c.Press(other), other, nil)
		}, 0, pos.StateNotCharged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mem := journal.NewMemory()
			sim := tilltest.Sim(t, "")
			c := newCore(t, sim, nil, slowCancels{mem}, nil)
			testkit.Eventually(t, "Ready", func() bool { return c.Till().Status().Link == till.Ready })
			pr := c.Press(sale)
			<-pr.done
			if pr.err != nil {
				t.Fatal(pr.err)
			}
			rec, err := tt.tap(c, pr)
			if err != nil {
				t.Fatalf("the tap's charge: %v", err)
			}
			if rec.State != pos.StateApproved {
				t.Errorf("the tap's charge ended %s, want approved", rec.State)
			}
			sends := 0
			for _, e := range sim.Ledger() {
				if e.Ref == pr.p.Ref() {
					sends++
				}
			}
			if sends != tt.wantSends {
				t.Errorf("the press's charge reached the terminal %d times, want %d", sends, tt.wantSends)
			}
			if tt.pressEnd == pos.StateNotCharged {
				pr.wait()
			}
			if got, err := mem.Get(context.Background(), pr.p.Ref()); err != nil || got.State != tt.pressEnd {
				t.Errorf("the press's entry is %s (%v), want %s", got.State, err, tt.pressEnd)
			}
		})
	}
}

// A charge prepared on a press or in flight is what the page defers its
// renders for (Config.OnChange); before and after it, nothing is.
func TestCharging(t *testing.T) {
	sim := tilltest.Sim(t, "")
	c := newCore(t, sim, nil, journal.NewMemory(), nil)
	testkit.Eventually(t, "Ready", func() bool { return c.Till().Status().Link == till.Ready })
	if c.charging() {
		t.Fatal("charging before any press")
	}
	pr := c.Press(till.Order{TypeCode: "1", Amount: 100})
	<-pr.done
	if !c.charging() {
		t.Error("not charging with a charge prepared")
	}
	sim.SetDelay(500 * time.Millisecond)
	ran := make(chan error, 1)
	go func() {
		_, err := c.Charge(context.Background(), c.Till(), pr, pr.p.Order(), nil)
		ran <- err
	}()
	testkit.Eventually(t, "the charge in flight", func() bool { return c.Till().Status().InFlight != nil })
	if !c.charging() {
		t.Error("not charging with a charge in flight")
	}
	if err := <-ran; err != nil {
		t.Fatal(err)
	}
	if c.charging() {
		t.Error("still charging after the charge")
	}
}
