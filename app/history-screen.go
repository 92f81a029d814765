package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// historyScreen is a placeholder until the screen is built.
type historyScreen struct {
	app.Compo
	Sess *session
}

func newHistoryScreen() *historyScreen { return &historyScreen{} }

func (c *historyScreen) Session(s *session) *historyScreen { c.Sess = s; return c }

func (c *historyScreen) Render() app.UI {
	return app.Section().Class("pane").Body(app.H2().Text("History"))
}
