package main

import (
	"github.com/lanepay/lanepay/app/cashier"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// currentPage reads the page's own address; while pre-rendering there is
// none.
func currentPage() cashier.Page {
	if !app.IsClient {
		return cashier.Page{}
	}
	loc := app.Window().Get("location")
	return cashier.Page{Secure: loc.Get("protocol").String() == "https:", Host: loc.Get("host").String(),
		SecureContext: app.Window().Get("isSecureContext").Truthy()}
}
