package main

import (
	"strings"

	"github.com/lanepay/lanepay/app/pos"
)

// keypadPress applies one on-screen key to the amount shown, the way card
// terminals do: digits shift in from the right in minor units, so 1 2 3 4
// reads 12.34. What the cashier typed by hand is the starting point; if it
// does not parse, the keypad starts again from zero.
func keypadPress(shown, key string, decimals int) string {
	if key == "clear" {
		return ""
	}
	cur, err := pos.ParseAmount(shown, decimals)
	if err != nil || strings.TrimSpace(shown) == "" {
		cur = 0
	}
	switch key {
	case "back":
		cur /= 10
		if cur == 0 {
			return ""
		}
		return cur.Format(decimals)
	case "00": // two zeros at once, as on a terminal's keypad
	default:
		if len(key) != 1 || key[0] < '0' || key[0] > '9' {
			return shown
		}
	}
	next := cur
	for _, d := range key {
		next = next*10 + pos.Amount(d-'0')
	}
	if next > pos.MaxAmount {
		return shown
	}
	if next == 0 {
		return ""
	}
	return next.Format(decimals)
}
