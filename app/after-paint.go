package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// afterPaint calls f once the browser has painted what is on the page now:
// in a task after the next animation frame. Work that can wait for the
// paint, such as detail below a verdict, then does not hold it back. In a
// hidden tab, which paints nothing, f waits until the tab is shown.
func afterPaint(f func()) {
	var frame, task app.Func
	task = app.FuncOf(func(app.Value, []app.Value) any {
		task.Release()
		f()
		return nil
	})
	frame = app.FuncOf(func(app.Value, []app.Value) any {
		frame.Release()
		app.Window().Call("setTimeout", task, 0)
		return nil
	})
	app.Window().Call("requestAnimationFrame", frame)
}
