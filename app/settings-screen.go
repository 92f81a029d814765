package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// settingsScreen is a placeholder until the screen is built.
type settingsScreen struct {
	app.Compo
	Sess *session
}

func newSettingsScreen() *settingsScreen { return &settingsScreen{} }

func (c *settingsScreen) Session(s *session) *settingsScreen { c.Sess = s; return c }

func (c *settingsScreen) Render() app.UI {
	return app.Section().Class("pane").Body(app.H2().Text("Settings"))
}
