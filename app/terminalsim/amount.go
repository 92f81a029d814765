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

// parseAmount reads an amount as the default dialect writes it, in minor
// units: digits ("100" is 1.00), or a decimal ("1.00", "1.5"), which is
// accepted too.
func parseAmount(s string) (int64, error) { return readAmount(s, false, 2) }

// readAmount reads an amount in minor units. Digits alone are minor units,
// or whole units when wholeUnits is set (a decimal dialect's "12" is
// 12.00); a decimal point may be followed by up to decimals digits. Zero,
// signs, exponents and more decimals are refused: no terminal charges
// those.
func readAmount(s string, wholeUnits bool, decimals int) (int64, error) {
	if decimals < 0 || decimals > maxDecimals {
		return 0, errBadAmount
	}
	whole, frac, decimal := strings.Cut(strings.TrimSpace(s), ".")
	if !allDigits(whole) || len(whole) > maxAmountDigits {
		return 0, errBadAmount
	}
	if decimal && (!allDigits(frac) || len(frac) > decimals) {
		return 0, errBadAmount
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, errBadAmount
	}
	if decimal || wholeUnits {
		n *= pow10(decimals)
		if frac != "" {
			f, _ := strconv.ParseInt(frac, 10, 64) // at most maxDecimals digits
			n += f * pow10(decimals-len(frac))
		}
	}
	if n <= 0 {
		return 0, errBadAmount
	}
	return n, nil
}

// pow10 is 10 to the n, for n from 0 to maxDecimals.
func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
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

// formatDecimal writes minor units with decimals places, as terminals that
// take decimals expect: "12.34", "-1.50", "0.05".
func formatDecimal(minor int64, decimals int) string {
	s := strconv.FormatInt(minor, 10)
	sign := ""
	if s[0] == '-' {
		sign, s = "-", s[1:]
	}
	if decimals <= 0 {
		return sign + s
	}
	if len(s) <= decimals {
		s = strings.Repeat("0", decimals-len(s)+1) + s
	}
	return sign + s[:len(s)-decimals] + "." + s[len(s)-decimals:]
}
