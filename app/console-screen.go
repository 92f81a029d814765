package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// consoleScreen is a placeholder until the screen is built.
type consoleScreen struct {
	app.Compo
	Sess *session
}

func newConsoleScreen() *consoleScreen { return &consoleScreen{} }

func (c *consoleScreen) Session(s *session) *consoleScreen { c.Sess = s; return c }

func (c *consoleScreen) Render() app.UI {
	return app.Section().Class("pane").Body(app.H2().Text("Console"))
}
