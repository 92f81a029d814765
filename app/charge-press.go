package main

import (
	"context"
	"log"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/till"
)

// pressLimit is how long a prepared charge waits for its tap. A tap lasts
// about 100 ms; a press held longer (a long press opens the context menu
// on a touch screen) or slid off Charge sends nothing, and its tap, if
// one comes after all, charges the slow way.
const pressLimit = 2 * time.Second

// press is a charge prepared while the cashier's finger is on Charge:
// journalled as pending with the terminal taken, so that the tap sends it
// in the tap's own task. Anything the tap waited on in the browser (the
// Web Lock, IndexedDB) would wait for the frame after the tap, 8 to 16 ms.
type press struct {
	order till.Order
	done  chan struct{} // closed once prepared or failed
	p     *till.Prepared
	err   error
	// cancelled is closed once a press no tap used has let the terminal
	// go: the next charge waits for it rather than find the till busy.
	cancelled chan struct{}
}

func newPress(o till.Order) *press {
	return &press{order: o, done: make(chan struct{}), cancelled: make(chan struct{})}
}

// onChargePress prepares the order on screen when the primary pointer
// presses Charge, if the tap would charge it without asking anything.
func (c *chargeScreen) onChargePress(ctx app.Context, e app.Event) {
	ctx.PreventUpdate() // nothing on screen changes before the tap
	if c.running || c.settling || c.press != nil || e.Get("button").Int() != 0 || !e.Get("isPrimary").Truthy() {
		return
	}
	o, err := c.order()
	if err != nil || len(c.unresolved) > 0 {
		return // the tap shows the error, or asks first
	}
	pr, after := newPress(o), c.Sess.dropped
	c.press = pr
	t := c.Sess.Till()
	ctx.Async(func() {
		after.wait()
		pr.p, pr.err = t.Prepare(context.Background(), o)
		close(pr.done)
	})
	ctx.After(pressLimit, func(ctx app.Context) {
		if c.press == pr {
			c.dropPress("Charge was pressed for " + pressLimit.String() + " without a tap")
		}
	})
}

// onChargePressCancel drops the press when the browser takes the pointer
// back (a touch that becomes a scroll): no tap follows.
func (c *chargeScreen) onChargePressCancel(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.dropPress("the press on Charge became a scroll")
}

// takePress hands over the press, if any, to the tap that uses it.
func (c *chargeScreen) takePress() *press {
	pr := c.press
	c.press = nil
	return pr
}

// dropPress cancels a press no tap used, saying why: its entry is settled
// as not charged and the terminal freed.
func (c *chargeScreen) dropPress(why string) {
	if pr := c.takePress(); pr != nil {
		c.Sess.dropped = pr
		go pr.cancel(why)
	}
}

func (pr *press) cancel(why string) {
	defer close(pr.cancelled)
	<-pr.done
	if pr.err != nil {
		return
	}
	if err := pr.p.Cancel(why); err != nil {
		log.Printf("failed to cancel the charge prepared on a press: %v", err)
	}
}

// wait returns once a dropped press has let the terminal go; at once for
// none.
func (pr *press) wait() {
	if pr != nil {
		<-pr.cancelled
	}
}

// runOrder runs o on t: through pr when it was prepared for the same
// order, so that the send waits on nothing in the browser; otherwise pr
// is cancelled and o runs from the start, once the press dropped before
// it, if any, has let the terminal go. shown sees the outcome before its
// journal write.
func runOrder(ctx context.Context, t *till.Till, pr, dropped *press, o till.Order, shown func(journal.Record)) (journal.Record, error) {
	if pr != nil {
		<-pr.done
		if pr.err == nil && pr.p.Order() == o {
			return pr.p.Run(ctx, shown)
		}
		pr.cancel("the order changed between the press on Charge and the tap")
	}
	dropped.wait()
	p, err := t.Prepare(ctx, o)
	if err != nil {
		return journal.Record{}, err
	}
	return p.Run(ctx, shown)
}
