package pos

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestBuildRequest(t *testing.T) {
	decimal := DefaultProfile()
	decimal.AmountFormat = AmountDecimal
	noRef := DefaultProfile()
	noRef.ReferenceField = ""
	for i := range noRef.Types {
		delete(noRef.Types[i].Template, "REF_NO")
	}
	html := DefaultProfile()
	html.Types[5].Template["NOTE"] = "<a&b>"
	noModes := DefaultProfile()
	noModes.Modes = nil

	tests := []struct {
		name    string
		p       *Profile
		code    string
		rp      RequestParams
		body    string
		ref     string
		wantErr error
		errText string
	}{
		{"sale", DefaultProfile(), "1", RequestParams{Amount: 100, Mode: "1", Ref: "R1"},
			`{"AMOUNT":"100","REF_NO":"R1","TRAN_CODE":"1","TRAN_MODE":"1"}`, "R1", nil, ""},
		{"sale default mode", DefaultProfile(), "1", RequestParams{Amount: 1, Ref: "R1"},
			`{"AMOUNT":"1","REF_NO":"R1","TRAN_CODE":"1","TRAN_MODE":"1"}`, "R1", nil, ""},
		{"sale upi", DefaultProfile(), "1", RequestParams{Amount: 1, Mode: "2", Ref: "R1"},
			`{"AMOUNT":"1","REF_NO":"R1","TRAN_CODE":"1","TRAN_MODE":"2"}`, "R1", nil, ""},
		{"decimal amount", decimal, "1", RequestParams{Amount: 1234, Ref: "R1"},
			`{"AMOUNT":"12.34","REF_NO":"R1","TRAN_CODE":"1","TRAN_MODE":"1"}`, "R1", nil, ""},
		{"void needs no amount", DefaultProfile(), "2", RequestParams{Ref: "R2", OrigRef: "R1"},
			`{"ORIG_REF_NO":"R1","REF_NO":"R2","TRAN_CODE":"2","TRAN_MODE":"1"}`, "R2", nil, ""},
		{"refund", DefaultProfile(), "3", RequestParams{Amount: 50, Ref: "R3", OrigRef: "R1"},
			`{"AMOUNT":"50","ORIG_REF_NO":"R1","REF_NO":"R3","TRAN_CODE":"3","TRAN_MODE":"1"}`, "R3", nil, ""},
		{"settlement ignores amount", DefaultProfile(), "6", RequestParams{Amount: 99, Ref: "R6"},
			`{"REF_NO":"R6","TRAN_CODE":"6"}`, "R6", nil, ""},
		{"inquiry", DefaultProfile(), "7", RequestParams{Ref: "R7", OrigRef: "R1"},
			`{"ORIG_REF_NO":"R1","REF_NO":"R7","TRAN_CODE":"7"}`, "R7", nil, ""},
		{"no reference sent, none kept", noRef, "1", RequestParams{Amount: 100, Ref: "R1"},
			`{"AMOUNT":"100","TRAN_CODE":"1","TRAN_MODE":"1"}`, "", nil, ""},
		{"no html escaping", html, "6", RequestParams{Ref: "R"},
			`{"NOTE":"<a&b>","REF_NO":"R","TRAN_CODE":"6"}`, "R", nil, ""},
		{"quotes escaped", DefaultProfile(), "6", RequestParams{Ref: `a"b`},
			`{"REF_NO":"a\"b","TRAN_CODE":"6"}`, `a"b`, nil, ""},
		{"unknown code", DefaultProfile(), "42", RequestParams{}, "", "", nil, `unknown transaction type "42"`},
		{"zero amount", DefaultProfile(), "1", RequestParams{Ref: "R"}, "", "", ErrAmountNotPositive, ""},
		{"negative amount", DefaultProfile(), "3", RequestParams{Amount: -5, Ref: "R", OrigRef: "O"}, "", "", ErrAmountNotPositive, ""},
		{"amount too large", DefaultProfile(), "1", RequestParams{Amount: MaxAmount + 1, Ref: "R"}, "", "", ErrAmountTooLarge, ""},
		{"no original", DefaultProfile(), "2", RequestParams{Ref: "R"}, "", "", ErrNoOriginal, ""},
		{"no reference", DefaultProfile(), "1", RequestParams{Amount: 1}, "", "", ErrNoRef, ""},
		{"unknown mode", DefaultProfile(), "1", RequestParams{Amount: 1, Mode: "9", Ref: "R"}, "", "", nil, `unknown payment mode "9"`},
		{"no modes", noModes, "1", RequestParams{Amount: 1, Ref: "R"}, "", "", nil, "choose a payment mode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := tt.p.BuildRequest(tt.code, tt.rp)
			if tt.wantErr != nil || tt.errText != "" {
				if err == nil {
					t.Fatalf("want error, got body %s", req.Body)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Errorf("error = %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.errText) {
					t.Errorf("error = %v, want %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(req.Body) != tt.body {
				t.Errorf("body = %s\nwant   %s", req.Body, tt.body)
			}
			if req.Ref != tt.ref || req.Type.Code != tt.code || !reflect.DeepEqual(req.Params, tt.rp) {
				t.Errorf("ref %q type %q params %+v", req.Ref, req.Type.Code, req.Params)
			}
			parsed, ok := parseObject(req.Body)
			if !ok || !isEcho(parsed, req.Fields) {
				t.Errorf("Fields %v do not match body", req.Fields)
			}
		})
	}
}

func TestBuildRequestDoesNotTouchProfile(t *testing.T) {
	p := DefaultProfile()
	if _, err := p.BuildRequest("1", RequestParams{Amount: 1, Ref: "R"}); err != nil {
		t.Fatal(err)
	}
	if p.Types[0].Template["AMOUNT"] != PlaceholderAmount {
		t.Error("template was filled in place")
	}
}

// The reference is lanepay's, not the template's: a template that drops
// it, or holds an example value in its place, still sends lanepay's on
// every financial request, and an inquiry always names what it asks about.
func TestBuildRequestStampsReferences(t *testing.T) {
	with := func(code string, tpl map[string]string) *Profile {
		p := DefaultProfile()
		for i := range p.Types {
			if p.Types[i].Code == code {
				p.Types[i].Template = tpl
			}
		}
		return p
	}
	tests := []struct {
		name string
		p    *Profile
		code string
		rp   RequestParams
		body string
		ref  string
	}{
		{"sale without a reference field", with("1", map[string]string{"TRAN_MODE": "1", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}"}),
			"1", RequestParams{Amount: 902, Ref: "R1"}, `{"AMOUNT":"902","REF_NO":"R1","TRAN_CODE":"1","TRAN_MODE":"1"}`, "R1"},
		{"sale with an example reference", with("1", map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "REF_NO": "000123"}),
			"1", RequestParams{Amount: 100, Ref: "R1"}, `{"AMOUNT":"100","REF_NO":"R1","TRAN_CODE":"1"}`, "R1"},
		{"reference field in another case", with("1", map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "ref_no": "x"}),
			"1", RequestParams{Amount: 100, Ref: "R1"}, `{"AMOUNT":"100","TRAN_CODE":"1","ref_no":"R1"}`, "R1"},
		{"void by invoice gets a reference", with("2", map[string]string{"TRAN_CODE": "{{code}}", "INVOICE_NO": "{{orig.INVOICE_NO}}"}),
			"2", RequestParams{Ref: "R2", OrigRef: "R1", Original: map[string]string{"invoice_no": "000042"}},
			`{"INVOICE_NO":"000042","REF_NO":"R2","TRAN_CODE":"2"}`, "R2"},
		{"inquiry names what it asks about", with("7", map[string]string{"TRAN_CODE": "{{code}}", "ORIG_REF_NO": "{{orig_ref}}"}),
			"7", RequestParams{Ref: "R7", OrigRef: "R1"}, `{"ORIG_REF_NO":"R1","TRAN_CODE":"7"}`, ""},
		{"settlement is not financial", with("6", map[string]string{"TRAN_CODE": "{{code}}"}),
			"6", RequestParams{Ref: "R6"}, `{"TRAN_CODE":"6"}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := tt.p.BuildRequest(tt.code, tt.rp)
			if err != nil {
				t.Fatal(err)
			}
			if string(req.Body) != tt.body {
				t.Errorf("body = %s\nwant   %s", req.Body, tt.body)
			}
			if req.Ref != tt.ref {
				t.Errorf("Ref = %q, want %q", req.Ref, tt.ref)
			}
		})
	}
}

func TestBuildRequestOriginalFields(t *testing.T) {
	p := DefaultProfile()
	for i := range p.Types {
		if p.Types[i].Role == RoleRefund {
			p.Types[i].Template = map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "RRN": "{{orig.RRN}}", "NOTE": "of {{orig.INVOICE_NO}}"}
		}
	}
	tests := []struct {
		name     string
		original map[string]string
		body     string
		missing  string
	}{
		{"both found", map[string]string{"RRN": "512345678901", "INVOICE_NO": "000007"},
			`{"AMOUNT":"500","NOTE":"of 000007","REF_NO":"R3","RRN":"512345678901","TRAN_CODE":"3"}`, ""},
		{"case folded", map[string]string{"rrn": "1", "Invoice_No": "2"},
			`{"AMOUNT":"500","NOTE":"of 2","REF_NO":"R3","RRN":"1","TRAN_CODE":"3"}`, ""},
		{"one missing", map[string]string{"RRN": "1"}, "", "INVOICE_NO"},
		{"one empty", map[string]string{"RRN": " ", "INVOICE_NO": "2"}, "", "RRN"},
		{"no answer at all", nil, "", "INVOICE_NO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := p.BuildRequest("3", RequestParams{Amount: 500, Ref: "R3", OrigRef: "R1", Original: tt.original})
			if tt.missing != "" {
				var me *MissingOriginalError
				if !errors.As(err, &me) || me.Field != tt.missing || me.Type != "Refund" {
					t.Fatalf("error %v, want the original's %s missing", err, tt.missing)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(req.Body) != tt.body {
				t.Errorf("body = %s\nwant   %s", req.Body, tt.body)
			}
		})
	}
}
