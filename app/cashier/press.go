package cashier

import (
	"context"
	"log"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/till"
)

// PressLimit is how long a prepared charge waits for its tap. A tap lasts
// about 100 ms; a press held longer (a long press opens the context menu
// on a touch screen) or slid off Charge sends nothing, and its tap, if
// one comes after all, charges the slow way.
const PressLimit = 2 * time.Second

// Press is a charge prepared while the cashier's finger is on Charge:
// journalled as pending with the terminal taken, so that the tap sends it
// in the tap's own task. Anything the tap waited on in the browser (the
// Web Lock, IndexedDB) would wait for the frame after the tap, 8 to 16 ms.
type Press struct {
	done chan struct{} // closed once prepared or failed
	p    *till.Prepared
	err  error
	// cancelled is closed once a press no tap used has let the terminal
	// go: the next charge waits for it rather than find the till busy.
	cancelled chan struct{}
}

// Press prepares o on the till, once the press dropped before it, if
// any, has let the terminal go. It returns at once.
func (c *Core) Press(o till.Order) *Press {
	pr := &Press{done: make(chan struct{}), cancelled: make(chan struct{})}
	c.mu.Lock()
	after, t := c.dropped, c.Till()
	c.mu.Unlock()
	go func() {
		after.wait()
		pr.p, pr.err = t.Prepare(context.Background(), o)
		close(pr.done)
	}()
	return pr
}

// Drop cancels a press no tap used, saying why: its entry is settled as
// not charged and the terminal freed. The next press and charge wait for
// that.
func (c *Core) Drop(pr *Press, why string) {
	c.mu.Lock()
	c.dropped = pr
	c.mu.Unlock()
	go pr.cancel(why)
}

func (pr *Press) cancel(why string) {
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
func (pr *Press) wait() {
	if pr != nil {
		<-pr.cancelled
	}
}

// Charge runs o on t: through pr when it was prepared for the same order,
// so that the send waits on nothing in the browser; otherwise pr is
// cancelled and o runs from the start, once the press dropped before it,
// if any, has let the terminal go. shown sees the outcome before its
// journal write. A charge that ran asks the browser to keep the journal
// (keepStorage).
func (c *Core) Charge(ctx context.Context, t *till.Till, pr *Press, o till.Order, shown func(journal.Record)) (journal.Record, error) {
	c.mu.Lock()
	dropped, p := c.dropped, (*till.Prepared)(nil)
	c.mu.Unlock()
	if pr != nil {
		<-pr.done
		if pr.err == nil && pr.p.Order() == o {
			p = pr.p
		} else {
			pr.cancel("the order changed between the press on Charge and the tap")
		}
	}
	if p == nil {
		dropped.wait()
		var err error
		if p, err = t.Prepare(ctx, o); err != nil {
			return journal.Record{}, err
		}
	}
	rec, err := p.Run(ctx, shown)
	if err == nil {
		c.keepStorage()
	}
	return rec, err
}
