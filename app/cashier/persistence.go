package cashier

import (
	"context"
	"time"

	"github.com/lanepay/lanepay/app/journal"
)

// StorageState is what the browser says about keeping the journal when
// it runs short of space.
type StorageState int

// Storage states.
const (
	StorageUnasked    StorageState = iota // not known yet
	StorageKept                           // persistent: the browser keeps it
	StorageBestEffort                     // the browser may clear it
	StorageNoChoice                       // the browser cannot be asked (no StorageManager)
)

// Storage says whether the browser keeps the journal.
func (c *Core) Storage() StorageState {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.storage
}

// askStorage asks the browser, with ask, whether it keeps the journal,
// and records the answer.
func (c *Core) askStorage(ask func(context.Context) (bool, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	kept, err := ask(ctx)
	st := StorageBestEffort
	switch {
	case err != nil:
		st = StorageNoChoice
	case kept:
		st = StorageKept
	}
	c.mu.Lock()
	c.storage = st
	c.mu.Unlock()
	c.Notify()
}

// keepStorage asks the browser, once a page, to keep the journal: at the
// first charge, since a browser grants it (or asks the shop) only after
// the site has been used.
func (c *Core) keepStorage() {
	if c.Storage() == StorageKept {
		return
	}
	c.persisted.Do(func() { go c.askStorage(journal.Persist) })
}
