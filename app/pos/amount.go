package pos

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Amount is money in integer minor units (cents for USD). Money is never a
// float: binary fractions cannot hold 0.10 exactly and a terminal charges
// exact minor units.
type Amount int64

// MaxAmountDigits bounds an amount to 12 digits of minor units. It keeps
// every amount far inside int64 and is more than any card terminal accepts.
const MaxAmountDigits = 12

// MaxAmount is the largest amount ParseAmount and ParseKeypad accept.
const MaxAmount Amount = 999_999_999_999

// MaxDecimals is the most decimal places a currency may have in a profile.
const MaxDecimals = 4

// The sentinel errors let callers test the kind of problem with errors.Is;
// the message the cashier sees comes from *AmountError, which can say how
// many decimals the currency allows.
var (
	ErrAmountEmpty           = errors.New("enter an amount")
	ErrAmountNotNumber       = errors.New("amount must be a number, like 12.34")
	ErrAmountNegative        = errors.New("amount cannot be negative")
	ErrAmountTooManyDecimals = errors.New("amount has too many decimal places")
	ErrAmountTooLarge        = errors.New("amount is too large")
	ErrAmountNotPositive     = errors.New("amount must be more than zero")
)

// AmountError is what ParseAmount and ParseKeypad return. Err is one of the
// ErrAmount sentinels.
type AmountError struct {
	Input    string
	Decimals int
	Err      error
}

func (e *AmountError) Error() string {
	switch e.Err {
	case ErrAmountTooManyDecimals:
		switch e.Decimals {
		case 0:
			return "amount cannot have decimal places in this currency"
		case 1:
			return "amount can have at most 1 decimal place"
		default:
			return fmt.Sprintf("amount can have at most %d decimal places", e.Decimals)
		}
	case ErrAmountTooLarge:
		return fmt.Sprintf("amount is too large (at most %d digits)", MaxAmountDigits)
	}
	return e.Err.Error()
}

func (e *AmountError) Unwrap() error { return e.Err }

// ParseAmount reads what a cashier types: "12.34", "12", "0.5", ".5", "12.".
// Surrounding spaces are ignored. Thousands separators are refused rather
// than guessed at, because "1,234" means 1.234 in many countries. More
// decimal places than the currency has is an error even when they are
// zeros, so a mistyped amount is never silently cut. Zero is accepted:
// RequirePositive is the check for a charge.
func ParseAmount(s string, decimals int) (Amount, error) {
	if decimals < 0 || decimals > MaxDecimals {
		return 0, fmt.Errorf("failed to parse amount: currency has %d decimal places, want 0 to %d", decimals, MaxDecimals)
	}
	in := s
	s = strings.TrimSpace(s)
	fail := func(err error) (Amount, error) {
		return 0, &AmountError{Input: in, Decimals: decimals, Err: err}
	}
	if s == "" {
		return fail(ErrAmountEmpty)
	}
	negative := false
	if s[0] == '-' {
		negative = true
		s = strings.TrimSpace(s[1:])
	}
	whole, frac, _ := strings.Cut(s, ".")
	if (whole == "" && frac == "") || !allDigits(whole) || !allDigits(frac) {
		return fail(ErrAmountNotNumber)
	}
	if negative {
		return fail(ErrAmountNegative)
	}
	if len(frac) > decimals {
		return fail(ErrAmountTooManyDecimals)
	}
	digits := whole + frac + strings.Repeat("0", decimals-len(frac))
	a, ok := minorDigits(digits)
	if !ok {
		return fail(ErrAmountTooLarge)
	}
	return a, nil
}

// ParseKeypad reads the digits of an amount keypad that fills from the
// right (typing 1 2 3 4 shows 12.34), so the digits are minor units. No
// digits at all is zero, which is what such a keypad shows before the first
// key; leading zeros are ignored.
func ParseKeypad(digits string) (Amount, error) {
	in := digits
	digits = strings.TrimSpace(digits)
	if !allDigits(digits) {
		return 0, &AmountError{Input: in, Err: ErrAmountNotNumber}
	}
	a, ok := minorDigits(digits)
	if !ok {
		return 0, &AmountError{Input: in, Err: ErrAmountTooLarge}
	}
	return a, nil
}

// RequirePositive is the check before a charge: zero and negative amounts
// are never sent.
func RequirePositive(a Amount) error {
	if a <= 0 {
		return ErrAmountNotPositive
	}
	return nil
}

// Format shows the amount with the currency's decimal places and no
// thousands separators, so the text parses back with ParseAmount.
func (a Amount) Format(decimals int) string {
	s := strconv.FormatInt(int64(a), 10)
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

// Minor is the amount as digits of minor units, the default wire format.
func (a Amount) Minor() string {
	return strconv.FormatInt(int64(a), 10)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// minorDigits converts ASCII digits, ignoring leading zeros, and refuses
// more than MaxAmountDigits significant digits; the empty string is zero.
func minorDigits(s string) (Amount, bool) {
	s = strings.TrimLeft(s, "0")
	if len(s) > MaxAmountDigits {
		return 0, false
	}
	var a Amount
	for i := 0; i < len(s); i++ {
		a = a*10 + Amount(s[i]-'0')
	}
	return a, true
}
