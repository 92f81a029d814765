package cashier

import (
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

// FollowUp is the void or refund (role) of the approved sale ref of
// amount, if the profile has a type for it: an order for the Charge
// screen, which is where every transaction is sent from (and where the
// cashier confirms it). It takes the sale's amount when its type needs
// one.
func FollowUp(p *pos.Profile, role pos.Role, ref string, amount pos.Amount) (till.Order, bool) {
	t, ok := p.TypeByRole(role)
	if !ok {
		return till.Order{}, false
	}
	o := till.Order{TypeCode: t.Code, OrigRef: ref}
	if t.NeedsAmount {
		o.Amount = amount
	}
	return o, true
}

// StartFollowUp leaves o for the Charge screen, chosen on another screen
// (History): the page then shows Charge, which takes it.
func (c *Core) StartFollowUp(o till.Order) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.followUp = o
}

// TakeFollowUp hands over the follow-up left for the Charge screen, once.
func (c *Core) TakeFollowUp() (o till.Order, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	o, c.followUp = c.followUp, till.Order{}
	return o, o.TypeCode != ""
}
