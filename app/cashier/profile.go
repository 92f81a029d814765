package cashier

import (
	"encoding/json"

	"github.com/lanepay/lanepay/app/pos"
)

// loadProfile reads the saved profile; a saved profile that no longer
// validates is ignored, never half-used.
func loadProfile(store Storage, logf func(string, ...any)) *pos.Profile {
	var raw json.RawMessage
	if err := store.Get(profileKey, &raw); err != nil || len(raw) == 0 {
		return pos.DefaultProfile()
	}
	p, err := pos.LoadProfile(raw)
	if err != nil {
		logf("saved profile ignored: %v", err)
		return pos.DefaultProfile()
	}
	return p
}

// Profile is the active profile, with the settings' timeout and
// currency applied (do not modify it).
func (c *Core) Profile() *pos.Profile { return c.Till().Profile() }

// BaseProfile is the profile as loaded or imported, for editing.
func (c *Core) BaseProfile() *pos.Profile {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.profile
}

// ApplyProfile replaces the profile after validating it: a bad profile
// never replaces a good one. It is saved as given and the till restarted
// with it.
func (c *Core) ApplyProfile(data []byte) error {
	p, err := pos.LoadProfile(data)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.profile = p
	c.mu.Unlock()
	if err := c.cfg.Storage.Set(profileKey, json.RawMessage(data)); err != nil {
		c.cfg.Logf("failed to save the profile: %v", err)
	}
	c.restartTill()
	c.Notify()
	return nil
}
