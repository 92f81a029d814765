package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// currentPage reads the page's own address; while pre-rendering there is
// none.
func currentPage() page {
	if !app.IsClient {
		return page{}
	}
	loc := app.Window().Get("location")
	return page{Secure: loc.Get("protocol").String() == "https:", Host: loc.Get("host").String()}
}
