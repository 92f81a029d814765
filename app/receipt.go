package main

import (
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// newReceipt is the customer's copy, shown only when printing (print CSS
// hides the rest of the page), so Receipt is just window.print().
func newReceipt(r *result) app.UI {
	line := func(k, v string) app.UI {
		if v == "" {
			return nil
		}
		return app.Div().Class("receipt-line").Body(app.Elem("span").Text(k), app.Elem("span").Text(v))
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
		app.Elem("h2").Text("Card payment"),
		app.P().Class("receipt-verdict").Text(string(r.Verdict)),
		line("Type", r.TypeName),
		line("Amount", r.Display),
		line("Card", r.Card),
		line("Auth code", r.AuthCode),
		line("RRN", field("RRN")),
		line("Terminal", field("TID")),
		line("Merchant", field("MID")),
		line("Batch / invoice", joinNonEmpty(field("BATCH_NO"), field("INVOICE_NO"), " / ")),
		line("Reference", r.Ref),
		line("Printed", time.Now().Format("2006-01-02 15:04")),
		app.P().Class("receipt-foot").Text("Please keep this receipt."),
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
