// Command app is lanepay's cashier app. Compiled to WebAssembly it is the
// page; compiled natively it only generates the static site (see
// generate.go), so the server needs no go-app at all.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

func registerRoutes() {
	app.Route("/", func() app.Composer { return newShell() })
}
