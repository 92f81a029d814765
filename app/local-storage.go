package main

import (
	"encoding/json"
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// pageStorage is cashier.Storage in the page's local storage, read and
// written as go-app's LocalStorage does (one JSON value per key), without
// an app.Context: the session starts before the first render, where
// there is none yet, so that the Charge screen is in the first frame
// rather than one frame later. Like go-app's storage as patched (app/cmd/patchdeps, storage),
// it survives a browser that blocks storage; lanepay reads and writes its
// own keys through it alone.
type pageStorage struct{}

func (pageStorage) Get(key string, v any) (err error) {
	if !app.IsClient {
		return nil
	}
	// A browser that blocks storage throws; the defaults then apply.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("failed to read %s from local storage: %v", key, r)
		}
	}()
	item := localStorage().Call("getItem", key)
	if item.IsNull() || item.IsUndefined() {
		return nil
	}
	if err := json.Unmarshal([]byte(item.String()), v); err != nil {
		return fmt.Errorf("failed to decode %s from local storage: %w", key, err)
	}
	return nil
}

// Set stores v as JSON under key. Where the browser blocks storage it
// fails, and what was to be kept lasts as long as the page.
func (pageStorage) Set(key string, v any) (err error) {
	if !app.IsClient {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("failed to encode %s: %w", key, err)
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("failed to write %s to local storage: %v", key, r)
		}
	}()
	localStorage().Call("setItem", key, string(data))
	return nil
}

// localStorage is the page's local storage, reached through Reflect.get:
// a getter that throws inside a plain Get crashes the Go program, where a
// Call's exception is a panic, which the callers recover.
func localStorage() app.Value {
	return app.Window().Get("Reflect").Call("get", app.Window(), "localStorage")
}
