//go:build wasm

package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

func main() {
	registerRoutes()
	reloadWhenRestored()
	app.RunWhenOnBrowser()
}

// reloadWhenRestored starts the page again when the browser restores it
// from its back-forward cache: it was put away with its journal closed
// (journal's freeze) and its socket to the terminal gone.
func reloadWhenRestored() {
	app.Window().Call("addEventListener", "pageshow", app.FuncOf(func(_ app.Value, args []app.Value) any {
		if len(args) > 0 && args[0].Get("persisted").Truthy() {
			app.Window().Get("location").Call("reload")
		}
		return nil
	}))
}
