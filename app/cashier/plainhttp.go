package cashier

// plainHTTPKey is where the cashier's dismissal of the notice about plain
// HTTP is kept: once dismissed, it is not shown again in this browser.
const plainHTTPKey = "lanepay.plain-http-notice-dismissed"

// PlainHTTPNotice reports whether to tell the cashier, once, what the page
// lacks because it is not a secure context (opened over plain HTTP from
// another machine): it cannot be installed, nor open without the server,
// and how to have both (HTTPS, the server's -tls). The page shows it until
// the cashier dismisses it.
func (c *Core) PlainHTTPNotice() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.cfg.Page.Host != "" && !c.cfg.Page.SecureContext && !c.plainHTTPSeen
}

// DismissPlainHTTPNotice hides the notice about plain HTTP, for good in
// this browser (for the page's life where storage is blocked).
func (c *Core) DismissPlainHTTPNotice() {
	c.mu.Lock()
	c.plainHTTPSeen = true
	c.mu.Unlock()
	if err := c.cfg.Storage.Set(plainHTTPKey, true); err != nil {
		c.cfg.Logf("failed to keep the notice about plain HTTP dismissed: %v", err)
	}
	c.Notify()
}

// loadPlainHTTPSeen reads whether the notice was dismissed before.
func loadPlainHTTPSeen(store Storage) bool {
	var seen bool
	_ = store.Get(plainHTTPKey, &seen)
	return seen
}
