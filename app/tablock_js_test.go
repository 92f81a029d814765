//go:build js

package main

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/till"
)

// TestWasmTabLockWithoutWebLocks: where navigator.locks is missing (a
// page over plain HTTP from another machine), the guard is the lease in
// IndexedDB, and a second holder, as another tab is, gets ErrOtherTab,
// which the Charge screen words; once the first lets go, it may send.
// Run by app/pagetest's TestTerminalClientInBrowser.
func TestWasmTabLockWithoutWebLocks(t *testing.T) {
	name := fmt.Sprintf("lanepay-terminal-test-%d", time.Now().UnixNano())
	first, second := leaseLock(name), leaseLock(name) // two tabs: two guards
	ctx := context.Background()
	release, err := first(ctx)
	if err != nil {
		t.Fatalf("the first tab: %v", err)
	}
	if r, err := second(ctx); !errors.Is(err, till.ErrOtherTab) {
		if err == nil {
			r()
		}
		t.Fatalf("the second tab while the first holds the terminal: %v, want ErrOtherTab", err)
	}
	release()
	r, err := second(ctx)
	if err != nil {
		t.Fatalf("the second tab once the first let go: %v", err)
	}
	r()
}
