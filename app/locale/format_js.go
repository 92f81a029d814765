//go:build js && wasm

package locale

import (
	"strconv"
	"sync"
	"syscall/js"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

// formatters caches the browser's Intl objects: making one parses the
// locale's data, formatting with one is cheap.
var formatters sync.Map // key string -> js.Value

func intl(key, kind string, locale Locale, options map[string]any) js.Value {
	if f, ok := formatters.Load(key); ok {
		return f.(js.Value)
	}
	f := js.Global().Get("Intl").Get(kind).New(string(locale), options)
	formatters.Store(key, f)
	return f
}

func formatMoney(l Locale, a pos.Amount, currency string, decimals int, words bool) string {
	display := "symbol"
	if words {
		display = "name"
	}
	key := "money|" + string(l) + "|" + currency + "|" + strconv.Itoa(decimals) + "|" + display
	f := intl(key, "NumberFormat", l, map[string]any{
		"style": "currency", "currency": currency, "currencyDisplay": display,
		"minimumFractionDigits": decimals, "maximumFractionDigits": decimals,
	})
	// As text: Intl formats a decimal string exactly, where a float
	// would round amounts past 2^53 minor units.
	return f.Call("format", decimalText(a, decimals)).String()
}

func formatDate(l Locale, t time.Time) string {
	f := intl("date|"+string(l), "DateTimeFormat", l, map[string]any{"day": "2-digit", "month": "2-digit", "year": "numeric"})
	return f.Call("format", jsDate(t)).String()
}

func formatTime(l Locale, t time.Time) string {
	f := intl("time|"+string(l), "DateTimeFormat", l, map[string]any{"hour": "numeric", "minute": "2-digit"})
	return f.Call("format", jsDate(t)).String()
}

func pluralOf(l Locale, n int) string {
	return intl("plural|"+string(l), "PluralRules", l, nil).Call("select", n).String()
}

// jsDate is t as a JavaScript Date, in the page's time zone as Go's Local.
func jsDate(t time.Time) js.Value {
	return js.Global().Get("Date").New(float64(t.UnixMilli()))
}
