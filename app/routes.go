// Command app is lanepay's cashier app. Compiled to WebAssembly it is the
// page; compiled natively it only generates the static site (see
// generate.go), so the server needs no go-app at all.
package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// payPath is where billing software hands lanepay a payment (app/handoff).
const payPath = "/pay"

func registerRoutes() {
	// One session a page, made with the first screen in the browser: a
	// screen made again finds it.
	var sess *session
	pageSession := func() *session {
		if sess == nil && app.IsClient {
			sess = newSession(pageStorage{})
			sess.settle()
		}
		return sess
	}
	app.Route("/", func() app.Composer {
		return &shell{current: screenCharge, sess: pageSession()}
	})
	// The Pay screen's page is the shell's (index.html): the server gives
	// it for any page path, and the service worker for /pay. So it is
	// routed in the browser only, and the bundle has one page to keep.
	if app.IsClient {
		app.Route(payPath, func() app.Composer { return &payScreen{sess: pageSession()} })
	}
}
