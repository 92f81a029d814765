package cashier

import (
	"context"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
)

// The notice about plain HTTP shows where the page is not a secure
// context, until the cashier dismisses it; dismissed, it stays so at the
// next load.
func TestPlainHTTPNotice(t *testing.T) {
	open := func(store *memStorage, p Page) *Core {
		c := New(Config{Storage: store, Page: p, Connect: noTerminal, Logf: func(string, ...any) {},
			OpenJournal: func(context.Context) (journal.Store, error) { return journal.NewMemory(), nil }})
		t.Cleanup(c.life.Load().Close)
		return c
	}
	for _, tt := range []struct {
		name string
		page Page
		want bool
	}{
		{"over plain HTTP from another machine", Page{Host: "10.0.0.20:8000"}, true},
		{"over HTTPS", Page{Secure: true, SecureContext: true, Host: "10.0.0.20:8443"}, false},
		{"on this device (localhost is a secure context)", Page{SecureContext: true, Host: "127.0.0.1:8000"}, false},
		{"pre-rendered: no page", Page{}, false},
	} {
		if got := open(newMemStorage(), tt.page).PlainHTTPNotice(); got != tt.want {
			t.Errorf("%s: notice %v, want %v", tt.name, got, tt.want)
		}
	}

	store := newMemStorage()
	p := Page{Host: "10.0.0.20:8000"}
	c := open(store, p)
	if !c.PlainHTTPNotice() {
		t.Fatal("no notice on the first load over plain HTTP")
	}
	if open(store, p).PlainHTTPNotice() != true {
		t.Error("the notice went at the next load without being dismissed")
	}
	c.DismissPlainHTTPNotice()
	if c.PlainHTTPNotice() {
		t.Error("the notice stays once dismissed")
	}
	if open(store, p).PlainHTTPNotice() {
		t.Error("dismissed, the notice is back at the next load")
	}
}
