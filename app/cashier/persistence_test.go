package cashier

import (
	"context"
	"errors"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
)

func TestAskStorage(t *testing.T) {
	tests := []struct {
		name string
		kept bool
		err  error
		want StorageState
	}{
		{"kept", true, nil, StorageKept},
		{"best effort", false, nil, StorageBestEffort},
		{"no StorageManager", false, errors.New("unavailable"), StorageNoChoice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCore(t, nil, nil, journal.NewMemory(), nil)
			c.askStorage(func(context.Context) (bool, error) { return tt.kept, tt.err })
			if got := c.Storage(); got != tt.want {
				t.Errorf("storage %v, want %v", got, tt.want)
			}
		})
	}
}

// A journal the browser keeps already is not asked about again.
func TestKeepStorageWhenKept(t *testing.T) {
	c := newCore(t, nil, nil, journal.NewMemory(), nil)
	c.askStorage(func(context.Context) (bool, error) { return true, nil })
	c.keepStorage()
	asked := true
	c.persisted.Do(func() { asked = false })
	if asked {
		t.Error("keepStorage asked the browser about a journal it keeps")
	}
}
