package pos

import (
	"errors"
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
			if req.Ref != tt.ref || req.Type.Code != tt.code || req.Params != tt.rp {
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
