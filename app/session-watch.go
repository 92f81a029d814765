package main

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// sessionWatch, embedded in a component, re-renders it whenever the session
// changes. go-app re-renders a child only when its fields change, and the
// session's state lives outside them, so every component that shows it
// watches it. The embedded OnDismount stops watching.
type sessionWatch struct{ unsub func() }

// watch subscribes once; then (on the UI goroutine) f runs, if set, and the
// component re-renders. It also re-renders at once: the session may have
// moved on (the till connected) before the component subscribed.
func (w *sessionWatch) watch(ctx app.Context, s *session, f func(app.Context)) {
	if s == nil || w.unsub != nil {
		return
	}
	update := func(ctx app.Context) {
		if f != nil {
			f(ctx)
		}
	}
	w.unsub = s.subscribe(func() { ctx.Dispatch(update) })
	ctx.Dispatch(func(app.Context) {})
}

func (w *sessionWatch) OnDismount() {
	if w.unsub != nil {
		w.unsub()
		w.unsub = nil
	}
}
