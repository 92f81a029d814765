// Package locale writes amounts, dates and plural words the way the
// shop's language and region do: ₹1,23,456.78 in India, $123,456.78 in the
// United States, 07/12/2026 for an Indian date. In the browser it asks the
// browser's own Intl (NumberFormat, DateTimeFormat, PluralRules), so the
// wasm links no locale tables; natively, for the static site and tests,
// it has a small formatter of its own for the locales lanepay ships.
package locale
