package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// The screens build their markup with go-app's generic element,
// app.Elem("section"), for every tag but a few (typedElements in
// elements_test.go). Each of go-app's typed elements (app.Section,
// app.Th, …) is a type of its own, and the wasm carries its own copy of
// every method called on it, which the browser compiles the first time it
// runs in a process. Thirty-two of them came to 127 kB of code and 523
// functions: 0.54 MB of the raw wasm, 31 kB of its brotli, and 8.9 ms of
// a warm start. The generic element shares one copy. Its Attr goes
// through the same setter as the typed methods (Value, Selected, Scope,
// Href, Open), so the DOM is the same.
//
// The typed elements kept are those go-app's hello world, the size
// baseline, links anyway, and Textarea, whose Text sets its value.
//
// ARIA and data attributes are set with Attr("aria-label", v) and
// Attr("data-key", v), not go-app's Aria and DataSet: those format their
// value with fmt.Sprintf("%v") at every render, which at start-up made
// fmt's printf hot enough for V8 to recompile it on the tablet's busy
// cores. Attr turns a string, a bool or an int into the same text.

// tableWrap holds a table that may be wider than the screen and scroll
// sideways. A keyboard must reach what scrolls (a table has nothing
// focusable of its own), so the wrapper takes focus, and a screen reader
// names it by the heading or caption whose id is labelledBy.
func tableWrap(labelledBy string, table app.UI) app.UI {
	return app.Div().Class("table-wrap").Attr("tabindex", 0).Attr("role", "region").Attr("aria-labelledby", labelledBy).Body(table)
}

// tableHead is a table's header row: a column heading for each name.
func tableHead(names ...string) app.UI {
	cells := make([]app.UI, len(names))
	for i, n := range names {
		cells[i] = app.Elem("th").Attr("scope", "col").Text(n)
	}
	return app.Elem("thead").Body(app.Elem("tr").Body(cells...))
}

// form is a form the page handles itself, in its submit handler. That
// handler prevents the browser's own submission, which would navigate to
// "?field=value" and so start the page again; but it runs on go-app's UI
// goroutine, after the browser's event has returned, whenever that
// goroutine is waiting on something else (the first paint, at start-up).
// A tap on Connect then reloaded the page while it started. A form whose
// method is "dialog" and that is in no dialog submits to nothing, so a
// submission the handler could not prevent changes nothing.
func form() app.HTMLElem { return app.Elem("form").Attr("method", "dialog") }
