//go:build js

package main

import (
	"encoding/json"
	"syscall/js"
	"testing"
)

// TestWasmPageStorage reads what go-app's LocalStorage writes (a JSON value
// per key), in the browser.
func TestWasmPageStorage(t *testing.T) {
	const key = "lanepay.test-storage"
	type value struct {
		N int `json:"n"`
	}
	tests := []struct {
		name    string
		stored  *string // nil: not stored
		block   bool    // the browser blocks storage: reading it throws
		want    value
		wantErr bool
	}{
		{name: "not stored leaves the value", want: value{N: 7}},
		{name: "stored", stored: ptr(`{"n":42}`), want: value{N: 42}},
		{name: "not JSON", stored: ptr(`{"n":`), want: value{N: 7}, wantErr: true},
		{name: "storage blocked", block: true, want: value{N: 7}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := js.Global().Get("localStorage")
			ls.Call("removeItem", key)
			t.Cleanup(func() { ls.Call("removeItem", key) })
			if tt.stored != nil {
				ls.Call("setItem", key, *tt.stored)
			}
			if tt.block {
				blockStorage(t)
			}
			got := value{N: 7}
			err := pageStorage{}.Get(key, &got)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Get: %v, want an error: %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Get = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestWasmPageStorageSet writes what go-app's LocalStorage reads (a JSON
// value per key), and fails without crashing where storage is blocked.
func TestWasmPageStorageSet(t *testing.T) {
	const key = "lanepay.test-storage"
	tests := []struct {
		name    string
		value   any
		block   bool
		want    string // stored, as JSON; "" for nothing
		wantErr bool
	}{
		{name: "a value", value: map[string]int{"n": 42}, want: `{"n":42}`},
		{name: "raw JSON as it is", value: json.RawMessage(`{"a":[1,2]}`), want: `{"a":[1,2]}`},
		{name: "not encodable", value: func() {}, wantErr: true},
		{name: "storage blocked", value: map[string]int{"n": 1}, block: true, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ls := js.Global().Get("localStorage")
			ls.Call("removeItem", key)
			t.Cleanup(func() { ls.Call("removeItem", key) })
			if tt.block {
				blockStorage(t)
			}
			err := pageStorage{}.Set(key, tt.value)
			if (err != nil) != tt.wantErr {
				t.Fatalf("Set: %v, want an error: %v", err, tt.wantErr)
			}
			if tt.block {
				return
			}
			got := ""
			if item := ls.Call("getItem", key); !item.IsNull() {
				got = item.String()
			}
			if got != tt.want {
				t.Errorf("stored %q, want %q", got, tt.want)
			}
		})
	}
}

// blockStorage makes reading localStorage throw, as a browser blocking
// storage does, until the test ends.
func blockStorage(t *testing.T) {
	t.Helper()
	js.Global().Call("eval", `(() => {
		self.__storageWas = Object.getOwnPropertyDescriptor(self, "localStorage");
		Object.defineProperty(self, "localStorage", {
			configurable: true, get() { throw new DOMException("blocked", "SecurityError"); } });
	})()`)
	t.Cleanup(func() {
		js.Global().Call("eval", `(() => {
			delete self.localStorage;
			if (self.__storageWas) Object.defineProperty(self, "localStorage", self.__storageWas);
		})()`)
	})
}

func ptr(s string) *string { return &s }
