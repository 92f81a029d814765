package locale

import (
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

// cases are what the browser's Intl writes (Chromium's ICU); the native
// formatter must write the same, and locale_js_test checks Intl itself.
var moneyCases = []struct {
	name     string
	l        Locale
	a        pos.Amount
	currency string
	decimals int
	want     string
}{
	{"rupees, Indian grouping", "en-IN", 12345678, "INR", 2, "₹1,23,456.78"},
	{"rupees in Hindi", "hi-IN", 12345678, "INR", 2, "₹1,23,456.78"},
	{"crores", "en-IN", 123456789012, "INR", 2, "₹1,23,45,67,890.12"},
	{"small", "en-IN", 905, "INR", 2, "₹9.05"},
	{"a refund", "en-IN", -500000, "INR", 2, "-₹5,000.00"},
	{"dollars", "en-US", 12345678, "USD", 2, "$123,456.78"},
	{"yen, no decimals", "en-US", 1234567, "JPY", 0, "¥1,234,567"},
	{"dinars, three decimals", "en-US", 1234567, "KWD", 3, "KWD\u00a01,234.567"},
	{"zero", "en-IN", 0, "INR", 2, "₹0.00"},
}

func TestMoney(t *testing.T) {
	for _, tt := range moneyCases {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.Money(tt.a, tt.currency, tt.decimals); got != tt.want {
				t.Errorf("Money = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDate(t *testing.T) {
	day := time.Date(2026, 12, 7, 22, 14, 0, 0, time.Local)
	for _, tt := range []struct {
		l    Locale
		want string
	}{{"en-IN", "07/12/2026"}, {"hi-IN", "07/12/2026"}, {"en-US", "12/07/2026"}} {
		if got := tt.l.Date(day); got != tt.want {
			t.Errorf("%s: Date = %q, want %q", tt.l, got, tt.want)
		}
	}
}

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		l    Locale
		n    int
		want string
	}{{"en-IN", 1, "one"}, {"en-IN", 0, "other"}, {"en-IN", 2, "other"}, {"hi-IN", 0, "one"}, {"hi-IN", 1, "one"}, {"hi-IN", 2, "other"}} {
		if got := tt.l.Plural(tt.n); got != tt.want {
			t.Errorf("%s: Plural(%d) = %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
}

func TestMoneyWords(t *testing.T) {
	for _, tt := range []struct {
		l    Locale
		a    pos.Amount
		want string
	}{
		{"en-IN", 12345678, "1,23,456.78 Indian rupees"},
		{"en-IN", 100, "1.00 Indian rupees"},
		{"hi-IN", 12345678, "1,23,456.78 भारतीय रुपए"},
		{"hi-IN", 100, "1.00 भारतीय रुपया"},
		{"hi-IN", -5000, "-50.00 भारतीय रुपए"},
	} {
		if got := tt.l.MoneyWords(tt.a, "INR", 2); got != tt.want {
			t.Errorf("%s: MoneyWords(%d) = %q, want %q", tt.l, tt.a, got, tt.want)
		}
	}
}

func TestTime(t *testing.T) {
	at := time.Date(2026, 12, 7, 22, 14, 0, 0, time.Local)
	for _, tt := range []struct {
		l    Locale
		want string
	}{{"en-IN", "10:14 pm"}, {"hi-IN", "10:14 pm"}, {"en-US", "10:14 PM"}} {
		if got := tt.l.Time(at); got != tt.want {
			t.Errorf("%s: Time = %q, want %q", tt.l, got, tt.want)
		}
	}
}
