package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// afterPaint calls f once the browser has painted what is on the page now:
// in a task after the next animation frame. Work that can wait for the
// paint, such as detail below a verdict, then does not hold it back. In a
// hidden tab, which paints nothing, f waits until the tab is shown.
func afterPaint(f func()) {
	app.Window().Call("requestAnimationFrame", jsOnce(func() {
		app.Window().Call("setTimeout", jsOnce(f), 0)
	}))
}

// untilPainted blocks until the browser has painted what is on the page
// now (see afterPaint).
func untilPainted() {
	painted := make(chan struct{})
	afterPaint(func() { close(painted) })
	<-painted
}

// then calls ok with what promise resolves to, or fail with why it was
// rejected, from the promise's callback, and releases both callbacks.
func then(promise app.Value, ok, fail func(app.Value)) {
	var onOK, onFail app.Func
	settle := func(f func(app.Value)) app.Func {
		return app.FuncOf(func(_ app.Value, args []app.Value) any {
			onOK.Release()
			onFail.Release()
			v := app.Undefined()
			if len(args) > 0 {
				v = args[0]
			}
			f(v)
			return nil
		})
	}
	onOK, onFail = settle(ok), settle(fail)
	promise.Call("then", onOK, onFail)
}

// jsOnce is a JavaScript function that runs f and releases itself: for a
// callback the browser makes once (a frame, a timer, a task).
func jsOnce(f func()) app.Func {
	var fn app.Func
	fn = app.FuncOf(func(app.Value, []app.Value) any {
		fn.Release()
		f()
		return nil
	})
	return fn
}
