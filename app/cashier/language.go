package cashier

import (
	"github.com/lanepay/lanepay/app/locale"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/words"
)

// Words is the language the cashier reads: the settings' choice, else the
// browser's.
func (c *Core) Words() words.Lang {
	c.mu.Lock()
	set := c.settings.Language
	c.mu.Unlock()
	return words.Pick(set, c.cfg.Languages)
}

// Languages are the browser's languages, most preferred first.
func (c *Core) Languages() []string { return c.cfg.Languages }

// Locale is how amounts, dates and times are written in that language.
func (c *Core) Locale() locale.Locale { return words.Locale(c.Words(), c.cfg.Languages) }

// Money is an amount as the cashier reads it, in the active profile's
// currency and the cashier's locale: "₹1,23,456.78".
func (c *Core) Money(a pos.Amount) string {
	p := c.Profile()
	return c.Locale().Money(a, p.Currency, p.Decimals)
}

// MoneyWords is the amount as a screen reader should say it: "1,23,456.78
// Indian rupees", not a rupee sign it may read as "R".
func (c *Core) MoneyWords(a pos.Amount) string {
	p := c.Profile()
	return c.Locale().MoneyWords(a, p.Currency, p.Decimals)
}
