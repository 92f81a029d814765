package main

import (
	"time"

	"github.com/lanepay/lanepay/app/locale"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/words"
)

// voice is how the page speaks to the cashier at one render: in their
// language, amounts in the active profile's currency and dates as their
// locale writes them. Screens take one from the session when they render
// and say everything through it, so that a change of language in Settings
// changes every word at the next render.
type voice struct {
	lang     words.Lang
	loc      locale.Locale
	currency string
	decimals int
}

// voice is the session's voice now.
func (s *session) voice() voice {
	p := s.Profile()
	return voice{lang: s.Words(), loc: s.Locale(), currency: p.Currency, decimals: p.Decimals}
}

// T is the English sentence en in the cashier's language (words.Lang.T).
func (v voice) T(en string, args ...any) string { return v.lang.T(en, args...) }

// Err is an error's words for the cashier (words.Lang.Err).
func (v voice) Err(err error) string { return v.lang.Err(err) }

// Plural is a sentence that counts n, one or other by the language's
// plural rule (words.Lang.Plural): "%d transaction", "%d transactions".
func (v voice) Plural(n int, one, other string, args ...any) string {
	return v.lang.Plural(n, one, other, args...)
}

// Money is an amount for the eye: "₹1,23,456.78".
func (v voice) Money(a pos.Amount) string { return v.loc.Money(a, v.currency, v.decimals) }

// MoneyWords is an amount for a screen reader: "1,23,456.78 Indian rupees".
func (v voice) MoneyWords(a pos.Amount) string { return v.loc.MoneyWords(a, v.currency, v.decimals) }

// Date is a day as the locale writes it: 07/12/2026 in India.
func (v voice) Date(t time.Time) string { return v.loc.Date(t.Local()) }

// Time is an hour and minute as the locale writes them.
func (v voice) Time(t time.Time) string { return v.loc.Time(t.Local()) }

// DateTime is a day and its time.
func (v voice) DateTime(t time.Time) string { return v.Date(t) + " " + v.Time(t) }

// Lang is the page's lang attribute: the language the page speaks.
func (v voice) Lang() string { return string(v.lang) }
