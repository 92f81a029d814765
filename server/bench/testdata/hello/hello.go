// Command hello is the bench's baseline: the smallest go-app v10 app that
// does what a cashier's first screen does, one component with an input and
// a button. It is built as lanepay's app is (`-trimpath -ldflags="-s -w"`,
// wasm and a native static-site generator in one main package, the
// generator behind `//go:build !wasm`, go-app's frame loop patched). The
// bench builds it twice: with go-app's net/http in the browser, as go-app
// v10.1.11 has it as released (the goals' baseline), and without, as
// lanepay is built (app/cmd/patchdeps), so that the difference in size and
// load time between that one and lanepay is lanepay's own.
package main

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// hello is the one component. Its button is disabled until the wasm has
// mounted it, as lanepay's Charge button is until the page is ready: the
// bench waits for it to be enabled. Each click changes the greeting, so
// that the bench can time a tap to its render: go-app's own floor.
type hello struct {
	app.Compo
	name    string
	clicks  int
	mounted bool
}

func (h *hello) OnMount(ctx app.Context) { h.mounted = true }

func (h *hello) Render() app.UI {
	greeting := ""
	if h.clicks > 0 {
		name := h.name
		if name == "" {
			name = "world"
		}
		greeting = "Hello, " + name + "! (" + strconv.Itoa(h.clicks) + ")"
	}
	return app.Div().Class("hello").DataSet("mounted", h.mounted).Body(
		app.Label().For("name").Text("Name"),
		app.Input().ID("name").Type("text").Value(h.name).OnInput(h.ValueTo(&h.name)),
		app.Button().ID("greet").Type("button").Disabled(!h.mounted).Text("Greet").
			OnClick(func(ctx app.Context, e app.Event) { h.clicks++ }),
		app.P().ID("greeting").Text(greeting),
	)
}

func registerRoutes() {
	app.Route("/", app.NewZeroComponentFactory(&hello{}))
}
