package handoff

import (
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/pos"
)

func inr() *pos.Profile {
	p := pos.DefaultProfile()
	p.Currency, p.Decimals = "INR", 2
	return p
}

var shop = Origins{"https://billing.example", "http://192.168.1.20:8080"}

func TestParse(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		amount  pos.Amount
		invoice string
		split   bool
		param   string // the parameter refused, "" for none
	}{
		{"a bill", "amount=1234.50&currency=INR&invoice=INV-1001&return=https://billing.example/paid", 123450, "INV-1001", false, ""},
		{"currency left out", "amount=10&invoice=7&return=https://billing.example/", 1000, "7", false, ""},
		{"currency in lower case", "amount=10&currency=inr&invoice=7&return=https://billing.example/", 1000, "7", false, ""},
		{"split", "amount=10&invoice=2026/7&return=http://192.168.1.20:8080/x&split=1", 1000, "2026/7", true, ""},
		{"amount missing", "invoice=7&return=https://billing.example/", 0, "", false, "amount"},
		{"amount with a comma", "amount=1,234.50&invoice=7&return=https://billing.example/", 0, "", false, "amount"},
		{"amount with three decimals", "amount=1.234&invoice=7&return=https://billing.example/", 0, "", false, "amount"},
		{"amount zero", "amount=0&invoice=7&return=https://billing.example/", 0, "", false, "amount"},
		{"amount negative", "amount=-5&invoice=7&return=https://billing.example/", 0, "", false, "amount"},
		{"amount too large", "amount=99999999999999&invoice=7&return=https://billing.example/", 0, "", false, "amount"},
		{"another currency", "amount=10&currency=USD&invoice=7&return=https://billing.example/", 0, "", false, "currency"},
		{"invoice missing", "amount=10&return=https://billing.example/", 0, "", false, "invoice"},
		{"invoice with a space", "amount=10&invoice=INV 7&return=https://billing.example/", 0, "", false, "invoice"},
		{"invoice with markup", "amount=10&invoice=<b>&return=https://billing.example/", 0, "", false, "invoice"},
		{"invoice too long", "amount=10&invoice=" + strings.Repeat("7", MaxInvoiceLen+1) + "&return=https://billing.example/", 0, "", false, "invoice"},
		{"return missing", "amount=10&invoice=7", 0, "", false, "return"},
		{"return to another origin", "amount=10&invoice=7&return=https://evil.example/paid", 0, "", false, "return"},
		{"return to another port", "amount=10&invoice=7&return=http://192.168.1.20:9090/", 0, "", false, "return"},
		{"return not http", "amount=10&invoice=7&return=javascript:alert(1)", 0, "", false, "return"},
		{"return relative", "amount=10&invoice=7&return=/paid", 0, "", false, "return"},
		{"return with a user", "amount=10&invoice=7&return=https://a@billing.example/", 0, "", false, "return"},
		{"split something else", "amount=10&invoice=7&return=https://billing.example/&split=yes", 0, "", false, "split"},
		{"unknown parameter", "amount=10&invoice=7&return=https://billing.example/&auto=1", 0, "", false, `"auto"`},
		{"a parameter with no name", "amount=10&invoice=7&return=https://billing.example/&=1", 0, "", false, `""`},
		{"amount twice", "amount=10&amount=20&invoice=7&return=https://billing.example/", 0, "", false, "amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			r, err := Parse(q, inr(), shop)
			if tt.param != "" {
				var pe *ParamError
				if !errors.As(err, &pe) || pe.Param != tt.param {
					t.Fatalf("Parse(%s) = %v, want the parameter %s refused", tt.query, err, tt.param)
				}
				if !strings.Contains(err.Error(), tt.param) {
					t.Errorf("the refusal %q does not name %s", err, tt.param)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Amount != tt.amount || r.Invoice != tt.invoice || r.Split != tt.split || r.Return == nil {
				t.Errorf("Parse(%s) = %+v", tt.query, r)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"amount=1234.50&currency=INR&invoice=INV-1001&return=https://billing.example/paid",
		"amount=10&invoice=7&return=http://192.168.1.20:8080/x&split=1",
		"amount=1%2C0&invoice=%3Cb%3E&return=javascript:x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, query string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		r, err := Parse(q, inr(), shop)
		if err != nil {
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Param == "" {
				t.Fatalf("a refusal names no parameter: %v", err)
			}
			return
		}
		// What is accepted is a positive amount, a clean bill number and
		// a return to an allowed origin, always.
		if r.Amount <= 0 || checkInvoice(r.Invoice) != nil || r.Return == nil || !shop.Allows(r.Return) {
			t.Fatalf("accepted %q as %+v", query, r)
		}
	})
}
