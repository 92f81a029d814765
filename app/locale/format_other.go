//go:build !(js && wasm)

package locale

import (
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

// The native formatter knows what the browser's Intl says for the locales
// and currencies lanepay ships (the wasm tests compare the two): Indian
// grouping (three digits, then twos) for en-IN and hi-IN, threes
// elsewhere; the symbol before the number, the sign before the symbol.
var symbols = map[string]string{"INR": "₹", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}

// currencyNames are the currency's name in the language, as Intl's
// currencyDisplay "name" gives it: [one, other].
var currencyNames = map[string]map[string][2]string{
	"en": {"INR": {"Indian rupee", "Indian rupees"}, "USD": {"US dollar", "US dollars"}},
	"hi": {"INR": {"भारतीय रुपया", "भारतीय रुपए"}, "USD": {"यूएस डॉलर", "यूएस डॉलर"}},
}

func formatMoney(l Locale, a pos.Amount, currency string, decimals int, words bool) string {
	text := decimalText(a, decimals)
	sign := ""
	if strings.HasPrefix(text, "-") {
		sign, text = "-", text[1:]
	}
	whole, frac, _ := strings.Cut(text, ".")
	number := group(l, whole)
	if frac != "" {
		number += "." + frac
	}
	if words {
		name, ok := currencyNames[l.Language()][currency]
		if !ok {
			return sign + number + " " + currency
		}
		return sign + number + " " + name[pluralIndex(l, whole, frac)]
	}
	sym, ok := symbols[currency]
	if !ok {
		return sign + currency + "\u00a0" + number
	}
	return sign + sym + number
}

// pluralIndex is CLDR's rule for the number whole.frac as written: in
// English "one" is 1 with no decimals shown; in Hindi, 0 or 1 however
// written (its integer part 0, or the value 1).
func pluralIndex(l Locale, whole, frac string) int {
	zeroFrac := strings.Trim(frac, "0") == ""
	switch l.Language() {
	case "hi":
		if whole == "0" || whole == "1" && zeroFrac {
			return 0
		}
	default:
		if whole == "1" && frac == "" {
			return 0
		}
	}
	return 1
}

// group puts the locale's thousands separators in the digits of whole:
// the last three digits, then groups of two (India) or three.
func group(l Locale, whole string) string {
	size := 3
	if strings.HasSuffix(string(l), "-IN") {
		size = 2
	}
	if len(whole) <= 3 {
		return whole
	}
	head, tail := whole[:len(whole)-3], whole[len(whole)-3:]
	parts := []string{tail}
	for len(head) > size {
		parts = append([]string{head[len(head)-size:]}, parts...)
		head = head[:len(head)-size]
	}
	return strings.Join(append([]string{head}, parts...), ",")
}

func formatDate(l Locale, t time.Time) string {
	if strings.HasSuffix(string(l), "-US") {
		return t.Format("01/02/2006")
	}
	return t.Format("02/01/2006")
}

func formatTime(l Locale, t time.Time) string {
	if strings.HasSuffix(string(l), "-US") {
		return t.Format("3:04 PM")
	}
	return t.Format("3:04 pm")
}

func pluralOf(l Locale, n int) string {
	switch {
	case l.Language() == "hi" && (n == 0 || n == 1):
		return "one"
	case n == 1:
		return "one"
	}
	return "other"
}
