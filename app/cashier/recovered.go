package cashier

import (
	"slices"

	"github.com/lanepay/lanepay/app/journal"
)

// onSettled keeps what recovery settled for the Charge screen to say.
func (c *Core) onSettled(r journal.Record) {
	c.mu.Lock()
	c.recovered = append([]journal.Record{r}, c.recovered...)
	pay := c.pay
	c.mu.Unlock()
	if pay != nil {
		pay.settled()
	}
	c.Notify()
}

// Recovered lists what recovery settled, newest first, until dismissed.
func (c *Core) Recovered() []journal.Record {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.recovered)
}

// DismissRecovered drops the notice about ref.
func (c *Core) DismissRecovered(ref string) {
	c.mu.Lock()
	c.recovered = slices.DeleteFunc(c.recovered, func(r journal.Record) bool { return r.Ref == ref })
	c.mu.Unlock()
	c.Notify()
}
