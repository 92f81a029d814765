package handoff

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/lanepay/lanepay/app/pos"
)

// Request is a hand-off read from the /pay URL: what the billing software
// asks lanepay to charge, for which bill, and where to go afterwards.
type Request struct {
	Amount  pos.Amount
	Invoice string
	// Return is where the outcome goes: its origin is in the shop's
	// allow-list, and postMessage to an opener goes to that origin only.
	Return *url.URL
	// Split allows another payment on an invoice already paid: a bill
	// paid in parts, or twice on purpose.
	Split bool
}

// ParamError names the parameter a hand-off is refused for.
type ParamError struct {
	Param   string
	Problem string
}

func (e *ParamError) Error() string { return "the parameter " + e.Param + " " + e.Problem }

// MaxInvoiceLen bounds the bill number, as a receipt prints it.
const MaxInvoiceLen = 40

// Parse reads the hand-off's parameters: amount (a decimal as on a bill,
// "1234.50"), currency (optional, the profile's), invoice, return, and
// split=1. Each refusal names its parameter. A URL cannot charge on its
// own: the page shows the payment and waits for the cashier's tap.
func Parse(q url.Values, p *pos.Profile, allowed Origins) (Request, error) {
	var r Request
	for name, vs := range q {
		switch name {
		case "amount", "currency", "invoice", "return", "split":
		default:
			// Quoted: the name is the caller's, maybe empty or odd.
			return r, &ParamError{strconv.Quote(name), "is not one lanepay knows (amount, currency, invoice, return, split)"}
		}
		if len(vs) > 1 {
			return r, &ParamError{name, "is given more than once"}
		}
	}
	amount := strings.TrimSpace(q.Get("amount"))
	if amount == "" {
		return r, &ParamError{"amount", "is missing"}
	}
	a, err := pos.ParseAmount(amount, p.Decimals)
	if err == nil {
		err = pos.RequirePositive(a)
	}
	if err == nil && a > pos.MaxAmount {
		err = pos.ErrAmountTooLarge
	}
	if err != nil {
		var ae *pos.AmountError
		why := err.Error()
		if errors.As(err, &ae) {
			why = ae.Err.Error()
		}
		return r, &ParamError{"amount", fmt.Sprintf("is not an amount in %s with at most %d decimals: %s", p.Currency, p.Decimals, why)}
	}
	r.Amount = a
	if c := strings.TrimSpace(q.Get("currency")); c != "" && !strings.EqualFold(c, p.Currency) {
		return r, &ParamError{"currency", fmt.Sprintf("is %s, but this till charges in %s", c, p.Currency)}
	}
	r.Invoice = strings.TrimSpace(q.Get("invoice"))
	if err := checkInvoice(r.Invoice); err != nil {
		return r, err
	}
	ret := strings.TrimSpace(q.Get("return"))
	if ret == "" {
		return r, &ParamError{"return", "is missing: lanepay needs to know where to send the outcome"}
	}
	u, err := url.Parse(ret)
	if err != nil || !u.IsAbs() || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return r, &ParamError{"return", "is not an http or https address"}
	}
	if !allowed.Allows(u) {
		return r, &ParamError{"return", "goes to " + Origin(u) + ", which is not among the allowed billing origins (Settings)"}
	}
	r.Return = u
	switch q.Get("split") {
	case "", "0":
	case "1":
		r.Split = true
	default:
		return r, &ParamError{"split", "must be 1 or left out"}
	}
	return r, nil
}

// checkInvoice allows what bill numbers are made of: letters, digits and
// - _ / . # , at most MaxInvoiceLen of them. Anything else (spaces,
// quotes, markup) is refused rather than cleaned, so that the key of the
// idempotency rule is exactly the billing software's.
func checkInvoice(s string) error {
	if s == "" {
		return &ParamError{"invoice", "is missing: it is the bill's number, which keeps a bill from being charged twice"}
	}
	if len(s) > MaxInvoiceLen {
		return &ParamError{"invoice", fmt.Sprintf("is longer than %d characters", MaxInvoiceLen)}
	}
	for _, c := range s {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.ContainsRune("-_/.#", c)) {
			return &ParamError{"invoice", fmt.Sprintf("has the character %q: use letters, digits and - _ / . #", c)}
		}
	}
	return nil
}
