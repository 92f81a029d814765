package locale

import (
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

// Locale is a BCP 47 language tag: "en-IN", "hi-IN", "en-US".
type Locale string

// Money is amount in currency (an ISO 4217 code) with its decimals, as
// the locale writes it for the eye: "₹1,23,456.78", "-₹50.00" for a
// refund.
func (l Locale) Money(a pos.Amount, currency string, decimals int) string {
	return formatMoney(l, a, currency, decimals, false)
}

// MoneyWords is the amount as a screen reader should say it, the
// currency in words: "1,23,456.78 Indian rupees".
func (l Locale) MoneyWords(a pos.Amount, currency string, decimals int) string {
	return formatMoney(l, a, currency, decimals, true)
}

// Date is t's day as the locale writes it with two-digit day and month:
// 07/12/2026 in India, 12/07/2026 in the United States.
func (l Locale) Date(t time.Time) string { return formatDate(l, t) }

// Time is t's hour and minute, as the locale writes them.
func (l Locale) Time(t time.Time) string { return formatTime(l, t) }

// Plural is the CLDR plural category of n in the locale: "one" or "other"
// for English and Hindi (Hindi counts 0 and 1 as "one").
func (l Locale) Plural(n int) string { return pluralOf(l, n) }

// Language is the locale's language subtag: "hi" for "hi-IN".
func (l Locale) Language() string {
	lang, _, _ := strings.Cut(string(l), "-")
	return strings.ToLower(lang)
}

// decimalText is a's value as plain decimal text, "-1234.50": what
// Intl.NumberFormat formats exactly (as a string, not a float).
func decimalText(a pos.Amount, decimals int) string { return a.Format(decimals) }
