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
}

// onChargePress prepares the order on screen when the primary pointer
// presses Charge, if the tap would charge it without asking anything.
func (c *chargeScreen) onChargePress(ctx app.Context, e app.Event) {
	ctx.PreventUpdate() // nothing on screen changes before the tap
	if c.running || c.press != nil || e.Get("button").Int() != 0 || !e.Get("isPrimary").Truthy() {
		return
	}
	o, err := c.order()
	if err != nil || len(c.unresolved) > 0 {
		return // the tap shows the error, or asks first
	}
	pr := &press{order: o, done: make(chan struct{})}
	c.press = pr
	t := c.Sess.Till()
	ctx.Async(func() {
		pr.p, pr.err = t.Prepare(context.Background(), o)
		close(pr.done)
	})
	ctx.After(pressLimit, func(ctx app.Context) {
		if c.press == pr {
			c.dropPress()
		}
	})
}

// onChargePressCancel drops the press when the browser takes the pointer
// back (a touch that becomes a scroll): no tap follows.
func (c *chargeScreen) onChargePressCancel(ctx app.Context, e app.Event) {
	ctx.PreventUpdate()
	c.dropPress()
}

// takePress hands over the press, if any, to the tap that uses it.
func (c *chargeScreen) takePress() *press {
	pr := c.press
	c.press = nil
	return pr
}

// dropPress cancels a press no tap used: its entry is settled as not
// charged and the terminal freed.
func (c *chargeScreen) dropPress() {
	if pr := c.takePress(); pr != nil {
		go pr.cancel()
	}
}

func (pr *press) cancel() {
	<-pr.done
	if pr.err != nil {
		return
	}
	if err := pr.p.Cancel(); err != nil {
		log.Printf("failed to cancel the charge prepared on a press: %v", err)
	}
}

// runOrder runs o on t: through pr when it was prepared for the same
// order, so that the send waits on nothing in the browser; otherwise pr
// is cancelled and o runs from the start. shown sees the outcome before
// its journal write.
func runOrder(ctx context.Context, t *till.Till, pr *press, o till.Order, shown func(journal.Record)) (journal.Record, error) {
	if pr != nil {
		<-pr.done
		if pr.err == nil && pr.p.Order() == o {
			return pr.p.Run(ctx, shown)
		}
		pr.cancel()
	}
	p, err := t.Prepare(ctx, o)
	if err != nil {
		return journal.Record{}, err
	}
	return p.Run(ctx, shown)
}
