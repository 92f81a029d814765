package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// settlementScreen is a placeholder until the screen is built.
type settlementScreen struct {
	app.Compo
	Sess *session
}

func newSettlementScreen() *settlementScreen { return &settlementScreen{} }

func (c *settlementScreen) Session(s *session) *settlementScreen { c.Sess = s; return c }

func (c *settlementScreen) Render() app.UI {
	return app.Section().Class("pane").Body(app.H2().Text("Settlement"))
}
