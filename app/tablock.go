//go:build !wasm

package main

import "context"

// tabLock has nothing to guard outside the browser.
func tabLock(string) func(context.Context) (func(), error) { return nil }
