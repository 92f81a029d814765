package words

import "github.com/lanepay/lanepay/app/locale"

// Plural is a sentence that counts n, in l: the English format one when
// l's plural rule (CLDR, through locale.Plural) puts n in its "one"
// category, other otherwise, translated as T does and formatted with n
// and then args. Each format takes n as its first argument: "%d
// transaction", "%d transactions"; "Exported %d transactions to %s.".
//
// The category is the language's, not English's: Hindi counts 0 as well
// as 1 as "one", so its translation of the English one-format is what it
// says of 0 and 1 alike.
func (l Lang) Plural(n int, one, other string, args ...any) string {
	f := other
	if locale.Locale(l).Plural(n) == "one" {
		f = one
	}
	return l.T(f, append([]any{n}, args...)...)
}
