package pos

import (
	"errors"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		decimals int
		want     Amount
		err      error
	}{
		{"whole and cents", "12.34", 2, 1234, nil},
		{"whole only", "12", 2, 1200, nil},
		{"one decimal", "0.5", 2, 50, nil},
		{"no whole part", ".5", 2, 50, nil},
		{"trailing dot", "12.", 2, 1200, nil},
		{"spaces trimmed", "  7.05 \t", 2, 705, nil},
		{"zero is fine", "0", 2, 0, nil},
		{"zero with decimals", "0.00", 2, 0, nil},
		{"leading zeros", "0003.10", 2, 310, nil},
		{"no decimals currency", "500", 0, 500, nil},
		{"three decimals", "1.234", 3, 1234, nil},
		{"largest", "9999999999.99", 2, 999999999999, nil},
		{"leading zeros do not count as digits", "0000009999999999.99", 2, 999999999999, nil},
		{"empty", "", 2, 0, ErrAmountEmpty},
		{"only spaces", "   ", 2, 0, ErrAmountEmpty},
		{"letters", "12a", 2, 0, ErrAmountNotNumber},
		{"just a dot", ".", 2, 0, ErrAmountNotNumber},
		{"two dots", "1.2.3", 2, 0, ErrAmountNotNumber},
		{"thousands separator", "1,234.50", 2, 0, ErrAmountNotNumber},
		{"decimal comma", "12,34", 2, 0, ErrAmountNotNumber},
		{"plus sign", "+5", 2, 0, ErrAmountNotNumber},
		{"inner space", "1 000", 2, 0, ErrAmountNotNumber},
		{"unicode digits", "١٢", 2, 0, ErrAmountNotNumber},
		{"exponent", "1e3", 2, 0, ErrAmountNotNumber},
		{"negative", "-5", 2, 0, ErrAmountNegative},
		{"negative zero", "-0", 2, 0, ErrAmountNegative},
		{"minus alone", "-", 2, 0, ErrAmountNotNumber},
		{"minus letters", "-abc", 2, 0, ErrAmountNotNumber},
		{"too many decimals", "1.234", 2, 0, ErrAmountTooManyDecimals},
		{"trailing zero decimals still too many", "1.230", 2, 0, ErrAmountTooManyDecimals},
		{"decimals in whole currency", "5.0", 0, 0, ErrAmountTooManyDecimals},
		{"thirteen digits", "10000000000.00", 2, 0, ErrAmountTooLarge},
		{"huge", strings.Repeat("9", 40), 2, 0, ErrAmountTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAmount(tt.in, tt.decimals)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("ParseAmount(%q, %d) error = %v, want %v", tt.in, tt.decimals, err, tt.err)
			}
			if got != tt.want {
				t.Errorf("ParseAmount(%q, %d) = %d, want %d", tt.in, tt.decimals, got, tt.want)
			}
		})
	}
}

func TestParseAmountBadDecimals(t *testing.T) {
	for _, d := range []int{-1, MaxDecimals + 1} {
		if _, err := ParseAmount("1", d); err == nil {
			t.Errorf("ParseAmount with %d decimals: want error", d)
		}
	}
}

func TestAmountErrorMessages(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		decimals int
		want     string
	}{
		{"empty", "", 2, "enter an amount"},
		{"letters", "x", 2, "amount must be a number, like 12.34"},
		{"negative", "-1", 2, "amount cannot be negative"},
		{"two decimals", "1.001", 2, "amount can have at most 2 decimal places"},
		{"one decimal", "1.01", 1, "amount can have at most 1 decimal place"},
		{"no decimals", "1.1", 0, "amount cannot have decimal places in this currency"},
		{"too large", "1234567890123", 0, "amount is too large (at most 12 digits)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseAmount(tt.in, tt.decimals)
			if err == nil || err.Error() != tt.want {
				t.Errorf("error = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestParseKeypad(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Amount
		err  error
	}{
		{"digits are minor units", "1234", 1234, nil},
		{"leading zeros", "0001234", 1234, nil},
		{"nothing typed yet", "", 0, nil},
		{"zero", "0", 0, nil},
		{"twelve digits", "999999999999", 999999999999, nil},
		{"many leading zeros", "0000000000000001", 1, nil},
		{"thirteen digits", "1000000000000", 0, ErrAmountTooLarge},
		{"dot", "12.34", 0, ErrAmountNotNumber},
		{"minus", "-1", 0, ErrAmountNotNumber},
		{"letters", "12ab", 0, ErrAmountNotNumber},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeypad(tt.in)
			if !errors.Is(err, tt.err) || (err == nil) != (tt.err == nil) {
				t.Fatalf("ParseKeypad(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if got != tt.want {
				t.Errorf("ParseKeypad(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestAmountFormat(t *testing.T) {
	tests := []struct {
		name     string
		a        Amount
		decimals int
		want     string
	}{
		{"cents", 1234, 2, "12.34"},
		{"whole currency", 5, 0, "5"},
		{"zero", 0, 2, "0.00"},
		{"zero no decimals", 0, 0, "0"},
		{"below one", 5, 2, "0.05"},
		{"exactly one", 100, 2, "1.00"},
		{"three decimals", 1, 3, "0.001"},
		{"four decimals", 123456, 4, "12.3456"},
		{"negative", -1234, 2, "-12.34"},
		{"negative small", -5, 2, "-0.05"},
		{"negative decimals treated as none", 42, -1, "42"},
		{"largest", MaxAmount, 2, "9999999999.99"},
		{"int64 minimum does not panic", Amount(-1 << 63), 2, "-92233720368547758.08"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Format(tt.decimals); got != tt.want {
				t.Errorf("Amount(%d).Format(%d) = %q, want %q", tt.a, tt.decimals, got, tt.want)
			}
		})
	}
}

func TestAmountMinor(t *testing.T) {
	tests := []struct {
		name string
		a    Amount
		want string
	}{
		{"cents", 1234, "1234"},
		{"zero", 0, "0"},
		{"one", 1, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.Minor(); got != tt.want {
				t.Errorf("Minor() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRequirePositive(t *testing.T) {
	tests := []struct {
		name string
		a    Amount
		ok   bool
	}{
		{"positive", 1, true},
		{"zero", 0, false},
		{"negative", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := RequirePositive(tt.a)
			if (err == nil) != tt.ok {
				t.Fatalf("RequirePositive(%d) = %v", tt.a, err)
			}
			if err != nil && err.Error() != "amount must be more than zero" {
				t.Errorf("message = %q", err)
			}
		})
	}
}

func FuzzParseAmount(f *testing.F) {
	for _, s := range []string{"12.34", "0", ".5", "1,234", "-1", "9999999999.99", " 7 ", "1e9", ""} {
		for _, d := range []int{0, 2, 3} {
			f.Add(s, d)
		}
	}
	f.Fuzz(func(t *testing.T, s string, decimals int) {
		a, err := ParseAmount(s, decimals)
		if err != nil {
			if a != 0 {
				t.Fatalf("error %v with amount %d", err, a)
			}
			return
		}
		if a < 0 || a > MaxAmount {
			t.Fatalf("ParseAmount(%q) = %d out of range", s, a)
		}
		// What Format shows must read back as the same money.
		back, err := ParseAmount(a.Format(decimals), decimals)
		if err != nil || back != a {
			t.Fatalf("round trip %q -> %d -> %q -> %d, %v", s, a, a.Format(decimals), back, err)
		}
		k, err := ParseKeypad(a.Minor())
		if err != nil || k != a {
			t.Fatalf("keypad round trip %d -> %d, %v", a, k, err)
		}
	})
}
