package main

import (
	"encoding/json"
	"fmt"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// storedReader reads a JSON value the app keeps under key; a key not
// stored leaves v as it was. app.Context's LocalStorage is one.
type storedReader interface {
	Get(key string, v any) error
}

// pageStorage reads the page's local storage as go-app's LocalStorage
// writes it (one JSON value per key), without an app.Context: the session
// starts before the first render, where there is none yet, so that the
// Charge screen is in the first frame rather than one frame later.
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
	// Through Reflect.get: a getter that throws inside a plain Get
	// crashes the Go program, where a Call's exception is a panic.
	ls := app.Window().Get("Reflect").Call("get", app.Window(), "localStorage")
	item := ls.Call("getItem", key)
	if item.IsNull() || item.IsUndefined() {
		return nil
	}
	if err := json.Unmarshal([]byte(item.String()), v); err != nil {
		return fmt.Errorf("failed to decode %s from local storage: %w", key, err)
	}
	return nil
}
