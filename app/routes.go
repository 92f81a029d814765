// Command app is lanepay's cashier app. Compiled to WebAssembly it is the
// page; compiled natively it only generates the static site (see
// generate.go), so the server needs no go-app at all.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

func registerRoutes() {
	// One session a page, made with the first shell in the browser: a
	// shell made again finds it.
	var sess *session
	app.Route("/", func() app.Composer {
		if sess == nil && app.IsClient {
			sess = newSession(pageStorage{})
			sess.settle()
		}
		return &shell{current: screenCharge, sess: sess}
	})
}
