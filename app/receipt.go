package main

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// receiptIn is the customer's copy, in the cashier's language, shown only
// when printing (print CSS hides the rest of the page), so Receipt is
// just window.print().
func receiptIn(v voice, r *result) app.UI {
	amount := ""
	if r.Amount > 0 {
		amount = v.Money(r.Amount)
	}
	return receipt(v, r, amount)
}

func receipt(v voice, r *result, amount string) app.UI {
	line := func(k, val string) app.UI {
		if val == "" {
			return nil
		}
		return app.Div().Class("receipt-line").Body(app.Elem("span").Text(k), app.Elem("span").Text(val))
	}
	field := func(name string) string {
		for _, f := range r.Fields {
			if f[0] == name {
				return f[1]
			}
		}
		return ""
	}
	return app.Div().ID("receipt-doc").Class("receipt").Body(
		app.Elem("h2").Text(v.T("Card payment")),
		app.P().Class("receipt-verdict").Text(v.T(string(r.Verdict))),
		line(v.T("Type"), typeName(v, r.TypeName)),
		line(v.T("Amount"), amount),
		line(v.T("Card"), r.Card),
		line(v.T("Auth code"), r.AuthCode),
		line("RRN", field("RRN")),
		line(v.T("Terminal"), field("TID")),
		line(v.T("Merchant"), field("MID")),
		line(v.T("Batch / invoice"), joinNonEmpty(field("BATCH_NO"), field("INVOICE_NO"), " / ")),
		line(v.T("Reference"), r.Ref),
		line(v.T("Printed"), v.DateTime(time.Now())),
		app.P().Class("receipt-foot").Text(v.T("Please keep this receipt.")),
	)
}

func joinNonEmpty(a, b, sep string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + sep + b
}
