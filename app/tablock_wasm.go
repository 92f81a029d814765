//go:build wasm

package main

import (
	"context"
	"errors"
	"syscall/js"
	"time"

	"github.com/lanepay/lanepay/app/tabguard"
	"github.com/lanepay/lanepay/app/till"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// tabLock guards the terminal across tabs and windows of this app: a
// second tab cannot send while the first has a transaction in flight. It
// uses the Web Locks API where the page has it (a secure context), and a
// lease in IndexedDB where it has not (a page over plain HTTP from
// another machine; app/tabguard says why IndexedDB, and what a lease
// cannot do that a Web Lock does). Either refuses at once rather than
// queue a charge.
func tabLock(name string) func(context.Context) (func(), error) {
	locks := js.Global().Get("navigator").Get("locks")
	if locks.IsUndefined() || locks.IsNull() {
		return leaseLock(name)
	}
	return webLock(locks, name)
}

// leaseLock is tabLock on a lease in IndexedDB database name. The lease
// is given back when the page is hidden (closed, reloaded, put in the
// back-forward cache), and expires if it could not be.
func leaseLock(name string) func(context.Context) (func(), error) {
	g := tabguard.New(tabguard.IndexedDB(name), &tabguard.Options{Logf: app.Logf})
	g.GiveBackOnPageHide()
	return func(ctx context.Context) (func(), error) {
		release, err := g.Acquire(ctx)
		if errors.Is(err, tabguard.ErrHeld) {
			return nil, till.ErrOtherTab
		}
		return release, err
	}
}

// webLock is tabLock with the Web Lock name, which the browser frees
// with the page that holds it, however it ends.
func webLock(locks js.Value, name string) func(context.Context) (func(), error) {
	return func(ctx context.Context) (func(), error) {
		type result struct {
			release func()
			ok      bool
		}
		got := make(chan result, 1)
		released := make(chan struct{}) // the request's promise settled
		var cb js.Func
		cb = js.FuncOf(func(this js.Value, args []js.Value) any {
			cb.Release()
			if len(args) == 0 || args[0].IsNull() {
				got <- result{}
				return nil
			}
			// Holding the lock until the returned promise settles.
			var resolve js.Value
			var executor js.Func
			executor = js.FuncOf(func(this js.Value, a []js.Value) any {
				resolve = a[0]
				executor.Release()
				return nil
			})
			p := js.Global().Get("Promise").New(executor)
			got <- result{ok: true, release: func() {
				resolve.Invoke()
				// The browser frees the lock after the promise settles:
				// wait for it, or a charge right after this one (a press
				// cancelled for the tap's own order) would find it held.
				select {
				case <-released:
				case <-time.After(time.Second):
				}
			}}
			return p
		})
		opts := js.Global().Get("Object").New()
		opts.Set("ifAvailable", true)
		var settle js.Func
		settle = js.FuncOf(func(js.Value, []js.Value) any {
			settle.Release()
			close(released)
			return nil
		})
		locks.Call("request", name, opts, cb).Call("finally", settle)
		select {
		case r := <-got:
			if !r.ok {
				return nil, till.ErrOtherTab
			}
			return r.release, nil
		case <-ctx.Done():
			// A lock granted after we gave up must not be held forever.
			go func() {
				if r := <-got; r.ok {
					r.release()
				}
			}()
			return nil, ctx.Err()
		}
	}
}
