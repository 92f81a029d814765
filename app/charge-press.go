package main

import (
	"github.com/lanepay/lanepay/app/cashier"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// onChargePress prepares the order on screen when the primary pointer
// presses Charge, if the tap would charge it without asking anything
// (cashier.Press).
func (c *chargeScreen) onChargePress(ctx app.Context, e app.Event) {
	ctx.PreventUpdate() // nothing on screen changes before the tap
	if c.running || c.settling || c.press != nil || e.Get("button").Int() != 0 || !e.Get("isPrimary").Truthy() {
		return
	}
	o, err := c.order()
	if err != nil || len(c.unresolved) > 0 {
		return // the tap shows the error, or asks first
	}
	pr := c.Sess.Press(o)
	c.press = pr
	ctx.After(cashier.PressLimit, func(ctx app.Context) {
		if c.press == pr {
			c.dropPress("Charge was pressed for " + cashier.PressLimit.String() + " without a tap")
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
func (c *chargeScreen) takePress() *cashier.Press {
	pr := c.press
	c.press = nil
	return pr
}

// dropPress cancels a press no tap used, saying why.
func (c *chargeScreen) dropPress(why string) {
	if pr := c.takePress(); pr != nil {
		c.Sess.Drop(pr, why)
	}
}
