package main

import (
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// backgroundTask runs f in a task of its own at background priority,
// once for all the calls to post made before it runs. Session changes
// come in bursts (a send is a status change, a console line and a
// journal entry), and each re-renders every screen watching: in a task of
// their own they are one render, and they neither lengthen the task of a
// tap, whose end puts the request on the wire and lets the browser paint,
// nor go before the terminal's answer.
type backgroundTask struct {
	f func()
	// schedule runs fire in a later task; nil runs f at once (outside the
	// browser).
	schedule func(fire func())

	mu     sync.Mutex
	queued bool
}

func newBackgroundTask(f func()) *backgroundTask {
	b := &backgroundTask{f: f}
	if app.IsClient {
		b.schedule = postBackground
	}
	return b
}

// post asks for f to run; it may be called from any goroutine, f itself
// included: a change made while f runs gets a run of its own.
func (b *backgroundTask) post() {
	if b.schedule == nil {
		b.f()
		return
	}
	b.mu.Lock()
	if b.queued {
		b.mu.Unlock()
		return
	}
	b.queued = true
	b.mu.Unlock()
	b.schedule(b.fire)
}

func (b *backgroundTask) fire() {
	b.mu.Lock()
	b.queued = false
	b.mu.Unlock()
	b.f()
}

// postBackground runs fire in a task of background priority
// (scheduler.postTask), or a plain timer task where there is no
// scheduler (Firefox, Safari).
func postBackground(fire func()) {
	run := jsOnce(fire)
	if s := app.Window().Get("scheduler"); s.Truthy() && s.Get("postTask").Truthy() {
		opts := app.Window().Get("Object").New()
		opts.Set("priority", "background")
		s.Call("postTask", run, opts)
		return
	}
	app.Window().Call("setTimeout", run, 0)
}
