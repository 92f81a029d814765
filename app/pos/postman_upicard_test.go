package pos

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// TestImportPostmanUPICard imports a collection shaped like a real
// vendor's: the card sale has no reference field, the UPI sale is the same
// request in another mode, the void and refund carry the example sale's
// invoice and RRN, and only the sale has a saved answer.
func TestImportPostmanUPICard(t *testing.T) {
	data := readTestdata(t, "upi-card.postman_collection.json")
	base := DefaultProfile()
	base.KeepsReferences = true
	im, err := ImportPostman(data, base)
	if err != nil {
		t.Fatalf("ImportPostman: %v (skipped %+v)", err, im.Skipped)
	}
	p := im.Profile
	if err := p.Validate(); err != nil {
		t.Fatalf("the imported profile does not validate: %v", err)
	}
	if p.Name != "ECR Integration - Card and UPI" || p.Example || p.KeepsReferences {
		t.Errorf("name %q example %v keeps references %v", p.Name, p.Example, p.KeepsReferences)
	}
	if want := []Mode{{"Card", "1"}, {"UPI", "2"}}; !reflect.DeepEqual(p.Modes, want) {
		t.Errorf("modes %+v, want %+v", p.Modes, want)
	}
	if p.ReferenceField != "REF_NO" || p.OriginalReferenceField != "ORIG_REF_NO" {
		t.Errorf("reference fields %q %q", p.ReferenceField, p.OriginalReferenceField)
	}

	ref, orig := `"REF_NO":"`+SampleRef+`"`, `"ORIG_REF_NO":"`+SampleOrigRef+`"`
	types := []struct {
		name          string
		code          string
		role          Role
		needsAmount   bool
		needsOriginal bool
		template      string // as JSON, keys sorted
		preview       string
	}{
		{"Sale", "1", RoleSale, true, false,
			`{"AMOUNT":"{{amount}}","TRAN_CODE":"{{code}}","TRAN_MODE":"{{mode}}"}`,
			`{"AMOUNT":"100",` + ref + `,"TRAN_CODE":"1","TRAN_MODE":"1"}`},
		{"Void", "2", RoleVoid, true, true,
			`{"AMOUNT":"{{amount}}","INVOICE_NO":"{{orig.INVOICE_NO}}","TRAN_CODE":"{{code}}","TRAN_MODE":"{{mode}}"}`,
			`{"AMOUNT":"100","INVOICE_NO":"<INVOICE_NO of the original>",` + ref + `,"TRAN_CODE":"2","TRAN_MODE":"1"}`},
		{"Refund", "3", RoleRefund, true, true,
			`{"AMOUNT":"{{amount}}","RRN":"{{orig.RRN}}","TRAN_CODE":"{{code}}","TRAN_MODE":"{{mode}}"}`,
			`{"AMOUNT":"100",` + ref + `,"RRN":"<RRN of the original>","TRAN_CODE":"3","TRAN_MODE":"1"}`},
		{"Settlement", "6", RoleSettlement, false, false,
			`{"TRAN_CODE":"{{code}}"}`,
			`{"TRAN_CODE":"6"}`},
		{"Status Inquiry", "7", RoleInquiry, false, true,
			`{"ORIG_REF_NO":"{{orig_ref}}","TRAN_CODE":"{{code}}"}`,
			`{` + orig + `,"TRAN_CODE":"7"}`},
		{"Last Transaction", "8", RoleLastTransaction, false, false,
			`{"TRAN_CODE":"{{code}}"}`,
			`{"TRAN_CODE":"8"}`},
		{"Reprint", "9", RoleCustom, false, false,
			`{"COPY":"CUSTOMER","TID":"T0001","TRAN_CODE":"{{code}}"}`,
			`{"COPY":"CUSTOMER","TID":"T0001","TRAN_CODE":"9"}`},
	}
	if len(p.Types) != len(types) {
		t.Fatalf("%d types: %+v", len(p.Types), p.Types)
	}
	for i, want := range types {
		t.Run(want.name, func(t *testing.T) {
			got := p.Types[i]
			if got.Name != want.name || got.Code != want.code || got.Role != want.role {
				t.Errorf("got %s code %s role %q", got.Name, got.Code, got.Role)
			}
			if got.NeedsAmount != want.needsAmount || got.NeedsOriginal != want.needsOriginal {
				t.Errorf("needs amount %v original %v", got.NeedsAmount, got.NeedsOriginal)
			}
			if tpl := string(mustJSON(t, got.Template)); tpl != want.template {
				t.Errorf("template %s\nwant     %s", tpl, want.template)
			}
			req, err := p.Preview(got.Code)
			if err != nil {
				t.Fatalf("Preview: %v", err)
			}
			if string(req.Body) != want.preview {
				t.Errorf("preview %s\nwant    %s", req.Body, want.preview)
			}
			for _, example := range []string{"000012", "512345678901", "A1B2C3"} {
				if strings.Contains(string(req.Body), example) {
					t.Errorf("the preview sends the example's identifier %s: %s", example, req.Body)
				}
			}
		})
	}

	wantSkipped := []Skipped{
		{"UPI/UPI Sale (QR)", `the same request as "Card/Sale" in payment mode "2": imported as that mode of Sale`, true},
	}
	if !reflect.DeepEqual(im.Skipped, wantSkipped) {
		t.Errorf("skipped %+v\nwant    %+v", im.Skipped, wantSkipped)
	}
	wantFixed := []FixedValue{{"Reprint", "COPY", "CUSTOMER"}, {"Reprint", "TID", "T0001"}}
	if !reflect.DeepEqual(im.Fixed, wantFixed) {
		t.Errorf("fixed %+v\nwant  %+v", im.Fixed, wantFixed)
	}
	if _, err := LoadProfile(mustJSON(t, p)); err != nil {
		t.Errorf("the imported profile does not load back: %v", err)
	}
}

// TestImportPostmanUPICardRequests builds the imported profile's requests
// the way the till does: the void names the sale the cashier chose, by
// that sale's own answer, in the mode it was paid in.
func TestImportPostmanUPICardRequests(t *testing.T) {
	im, err := ImportPostman(readTestdata(t, "upi-card.postman_collection.json"), nil)
	if err != nil {
		t.Fatal(err)
	}
	p := im.Profile
	// Another customer's UPI sale, as the terminal answered it.
	answer := map[string]string{}
	if err := json.Unmarshal([]byte(`{"RESP_CODE":"00","RESP_MSG":"APPROVED","INVOICE_NO":"000057","RRN":"612300000057","AUTH_CODE":"Z9Y8X7","TID":"T0001"}`), &answer); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		code string
		rp   RequestParams
		body string
		err  error
	}{
		{"UPI sale", "1", RequestParams{Amount: 2500, Mode: "2", Ref: "R2"},
			`{"AMOUNT":"2500","REF_NO":"R2","TRAN_CODE":"1","TRAN_MODE":"2"}`, nil},
		{"void of that sale", "2", RequestParams{Amount: 2500, Mode: "2", Ref: "R3", OrigRef: "R2", Original: answer},
			`{"AMOUNT":"2500","INVOICE_NO":"000057","REF_NO":"R3","TRAN_CODE":"2","TRAN_MODE":"2"}`, nil},
		{"partial refund of that sale", "3", RequestParams{Amount: 1000, Mode: "2", Ref: "R4", OrigRef: "R2", Original: answer},
			`{"AMOUNT":"1000","REF_NO":"R4","RRN":"612300000057","TRAN_CODE":"3","TRAN_MODE":"2"}`, nil},
		{"inquiry asks by lanepay's reference", "7", RequestParams{OrigRef: "R2"},
			`{"ORIG_REF_NO":"R2","TRAN_CODE":"7"}`, nil},
		{"void without the sale's invoice is refused", "2", RequestParams{Amount: 2500, Ref: "R5", OrigRef: "R2", Original: map[string]string{"RRN": "1"}},
			"", &MissingOriginalError{Type: "Void", Field: "INVOICE_NO"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := p.BuildRequest(tt.code, tt.rp)
			if tt.err != nil {
				var me *MissingOriginalError
				if !errors.As(err, &me) || *me != *tt.err.(*MissingOriginalError) {
					t.Fatalf("error %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(req.Body) != tt.body {
				t.Errorf("body %s\nwant %s", req.Body, tt.body)
			}
		})
	}
}
