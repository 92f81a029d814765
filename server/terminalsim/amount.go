package terminalsim

import (
	"errors"
	"strconv"
	"strings"
)

// maxAmountDigits bounds an amount's integer digits so that minor units fit
// an int64 with room to add a batch's worth of them.
const maxAmountDigits = 12

var errBadAmount = errors.New("invalid amount")

// parseAmount reads an amount in minor units. The default profile sends
// digits only ("100" is 1.00); a profile may send a decimal ("1.00", "1.5"),
// which is accepted too. Zero, signs, exponents and more than two decimals are
// refused: no terminal charges those.
func parseAmount(s string) (int64, error) {
	whole, frac, decimal := strings.Cut(strings.TrimSpace(s), ".")
	if !allDigits(whole) || len(whole) > maxAmountDigits {
		return 0, errBadAmount
	}
	if decimal && (!allDigits(frac) || len(frac) > 2) {
		return 0, errBadAmount
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errBadAmount
	}
	if decimal {
		f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
		n = n*100 + f
	}
	if n <= 0 {
		return 0, errBadAmount
	}
	return n, nil
}

// allDigits reports whether s is non-empty and only ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// formatMinor writes minor units the way the default profile sends them.
func formatMinor(n int64) string { return strconv.FormatInt(n, 10) }
