//go:build js

package main

import (
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

func ptr(s string) *string { return &s }
