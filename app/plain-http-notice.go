package main

import (
	"github.com/lanepay/lanepay/app/words"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// What a page opened over plain HTTP from another machine lacks, and how
// to have it: said once, until the cashier dismisses it (cashier's
// PlainHTTPNotice). The page is not a secure context there, and browsers
// keep installing and service workers (so offline use) for those.
var (
	plainHTTPTitle = words.N("Opened over plain HTTP")
	plainHTTPLacks = words.N("Charging works as usual. But browsers keep some features for secure pages, so over plain HTTP from another device lanepay cannot be installed as an app, and it does not open while the server is off (no offline use).")
	plainHTTPHowTo = words.N("To have both, start the server with -tls (HTTPS) and open the https:// address it prints, once this device trusts the server's certificate.")
)

// renderPlainHTTPNotice is the notice, a region of its own with a heading
// and a real button that dismisses it.
func renderPlainHTTPNotice(v voice, dismiss app.EventHandler) app.UI {
	return app.Elem("section").ID("plain-http-notice").Class("banner notice").
		Attr("role", "region").Attr("aria-labelledby", "plain-http-title").Body(
		app.Elem("h2").ID("plain-http-title").Class("notice-title").Text(v.T(plainHTTPTitle)),
		app.P().Text(v.T(plainHTTPLacks)),
		app.P().Text(v.T(plainHTTPHowTo)),
		app.Button().Type("button").ID("plain-http-dismiss").Class("button secondary small").
			Attr("aria-label", v.T("Dismiss: %s", v.T(plainHTTPTitle))).Text(v.T("Dismiss")).OnClick(dismiss),
	)
}
