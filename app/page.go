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

// browserLanguages are the browser's languages, most preferred first
// (navigator.languages); none while pre-rendering.
func browserLanguages() []string {
	if !app.IsClient {
		return nil
	}
	nav := app.Window().Get("navigator")
	var out []string
	if ls := nav.Get("languages"); ls.Truthy() {
		for i := range ls.Length() {
			out = append(out, ls.Index(i).String())
		}
	}
	if l := nav.Get("language"); len(out) == 0 && l.Truthy() {
		out = append(out, l.String())
	}
	return out
}
