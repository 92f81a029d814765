package pos

import (
	"encoding/json"
	"maps"
	"reflect"
	"strings"
	"testing"
)

// answeredItem is rawItem with saved example responses, whose bodies are
// given as the text Postman stores.
func answeredItem(name, body string, answers ...string) string {
	b, _ := json.Marshal(body)
	var responses []string
	for _, a := range answers {
		ab, _ := json.Marshal(a)
		responses = append(responses, `{"name":"Example","status":"OK","code":200,"body":`+string(ab)+`}`)
	}
	return `{"name":"` + name + `","request":{"method":"POST","body":{"mode":"raw","raw":` + string(b) + `}},"response":[` + strings.Join(responses, ",") + `]}`
}

func TestImportPostmanOriginal(t *testing.T) {
	sale := answeredItem("Sale", `{"TRAN_CODE":"1","AMOUNT":"{{amount}}"}`,
		`{"RESP_CODE":"00","InvoiceNo":"000012","BATCH_NO":"000003","TID":"T0001","AMOUNT":"100","REF_NO":"R1"}`)
	tests := []struct {
		name     string
		items    []string
		base     func(*Profile)
		code     string // the type to check
		role     Role
		template map[string]string
		skipped  []Skipped
	}{
		{"void by the example's invoice", []string{rawItem("Void", `{"TRAN_CODE":"2","AMOUNT":"100","INVOICE_NO":"000012"}`)}, nil,
			"2", RoleVoid, map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "INVOICE_NO": "{{orig.INVOICE_NO}}"}, nil},
		{"refund by RRN and approval code", []string{rawItem("Refund", `{"TRAN_CODE":"3","AMOUNT":"5","RRN":"512345678901","APPROVAL_CODE":"A1"}`)}, nil,
			"3", RoleRefund, map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "RRN": "{{orig.RRN}}", "APPROVAL_CODE": "{{orig.APPROVAL_CODE}}"}, nil},
		{"ORIG_ names the original's field", []string{rawItem("Void", `{"TRAN_CODE":"2","ORIG_INVOICE_NO":"12","Orig-RRN":"5","OrigAuthCode":"A1","ORIGINAL_STAN":"7"}`)}, nil,
			"2", RoleVoid, map[string]string{"TRAN_CODE": "{{code}}", "ORIG_INVOICE_NO": "{{orig.INVOICE_NO}}", "Orig-RRN": "{{orig.RRN}}", "OrigAuthCode": "{{orig.AuthCode}}", "ORIGINAL_STAN": "{{orig.STAN}}"}, nil},
		{"original reference names stay lanepay's", []string{rawItem("Void", `{"TRAN_CODE":"2","ORIG_REF_NO":"123","ORIG_ECR_REF":"1","REF_NO":"9"}`)}, nil,
			"2", RoleVoid, map[string]string{"TRAN_CODE": "{{code}}", "ORIG_REF_NO": "{{orig_ref}}", "ORIG_ECR_REF": "{{orig_ref}}", "REF_NO": "{{ref}}"}, nil},
		{"the original-reference variable keeps its meaning", []string{rawItem("Void", `{"TRAN_CODE":"2","INVOICE_NO":"{{orig_ref_no}}"}`)}, nil,
			"2", RoleVoid, map[string]string{"TRAN_CODE": "{{code}}", "INVOICE_NO": "{{orig_ref}}"},
			[]Skipped{{"Void", "the original reference field is now INVOICE_NO, as in the collection", true}}},
		{"another variable does not", []string{rawItem("Void", `{"TRAN_CODE":"2","INVOICE_NO":"{{invoice}}","RRN":"{{ref}}"}`)}, nil,
			"2", RoleVoid, map[string]string{"TRAN_CODE": "{{code}}", "INVOICE_NO": "{{orig.INVOICE_NO}}", "RRN": "{{orig.RRN}}"}, nil},
		{"fields of the sale's answer, spelt as it spells them", []string{sale, rawItem("Void", `{"TRAN_CODE":"2","INVOICE_NO":"12","BATCH_NO":"3","TID":"T0001","PRINT":"Y","AMOUNT":"0"}`)}, nil,
			"2", RoleVoid, map[string]string{"TRAN_CODE": "{{code}}", "INVOICE_NO": "{{orig.InvoiceNo}}", "BATCH_NO": "{{orig.BATCH_NO}}", "TID": "{{orig.TID}}", "PRINT": "Y", "AMOUNT": "0"}, nil},
		{"the answer's amount and reference stay the request's", []string{sale, rawItem("Refund", `{"TRAN_CODE":"3","AMOUNT":"100","REF_NO":"R1"}`)}, nil,
			"3", RoleRefund, map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "REF_NO": "{{ref}}"}, nil},
		{"completion by approval code", []string{rawItem("Pre-auth completion", `{"TRAN_CODE":"5","AMOUNT":"1","AUTH_CODE":"A1","ORIG_REF_NO":"1"}`)}, nil,
			"5", RoleCompletion, map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "AUTH_CODE": "{{orig.AUTH_CODE}}", "ORIG_REF_NO": "{{orig_ref}}"}, nil},
		{"a second void is custom but still names its original", []string{rawItem("Void", `{"TRAN_CODE":"2","ORIG_REF_NO":"1"}`), rawItem("Void by invoice", `{"TRAN_CODE":"12","INVOICE_NO":"12"}`)}, nil,
			"12", RoleCustom, map[string]string{"TRAN_CODE": "{{code}}", "INVOICE_NO": "{{orig.INVOICE_NO}}"},
			[]Skipped{{"Void by invoice", `"Void" already has the role void; this one is imported as a custom type`, true}}},
		{"a sale keeps its fields", []string{sale, rawItem("Sale again", `{"TRAN_CODE":"11","AMOUNT":"1","INVOICE_NO":"12","TID":"T0001"}`)}, nil,
			"11", RoleCustom, map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "INVOICE_NO": "12", "TID": "T0001"},
			[]Skipped{{"Sale again", `"Sale" already has the role sale; this one is imported as a custom type`, true}}},
		{"an inquiry by invoice asks by reference", []string{rawItem("Status inquiry", `{"TRAN_CODE":"7","INVOICE_NO":"000012"}`)}, nil,
			"7", RoleInquiry, map[string]string{"TRAN_CODE": "{{code}}", "ORIG_REF_NO": "{{orig_ref}}"},
			[]Skipped{{"Status inquiry", "field INVOICE_NO is left out: an example's identifier would ask about the example, so lanepay asks by its own reference in the original reference field ORIG_REF_NO, which is added", true}}},
		{"an inquiry with its reference drops the rest", []string{sale, rawItem("Txn status", `{"TRAN_CODE":"7","ORIG_REF_NO":"{{orig_ref}}","ORIG_RRN":"1","BATCH_NO":"3"}`)}, nil,
			"7", RoleInquiry, map[string]string{"TRAN_CODE": "{{code}}", "ORIG_REF_NO": "{{orig_ref}}"},
			[]Skipped{{"Txn status", "fields BATCH_NO, ORIG_RRN are left out: an example's identifier would ask about the example, so lanepay asks by its own reference in the original reference field ORIG_REF_NO", true}}},
		{"an inquiry without an original reference field", []string{rawItem("Status inquiry", `{"TRAN_CODE":"7","RRN":"5"}`)}, func(b *Profile) { b.OriginalReferenceField = "" },
			"7", RoleCustom, map[string]string{"TRAN_CODE": "{{code}}"},
			[]Skipped{
				{"Status inquiry", "field RRN is left out: a status inquiry asks by lanepay's own reference in the original reference field, and the profile has none", true},
				{"Status inquiry", "imported as a custom type, not inquiry: a status inquiry must have needs_original, to name the transaction it asks about", true},
			}},
		{"a field name that cannot be a placeholder", []string{rawItem("Sale", `{"TRAN_CODE":"1","AMOUNT":"1"}`), rawItem("Void", `{"TRAN_CODE":"2","ORIG_INVOICE NO":"12"}`)}, nil,
			"1", RoleSale, map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}"},
			[]Skipped{{"Void", `field ORIG_INVOICE NO names the original transaction, but "INVOICE NO" cannot be the name of a field of its answer (letters, digits, _, - and . only)`, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := DefaultProfile()
			if tt.base != nil {
				tt.base(base)
			}
			im, err := ImportPostman(collection(tt.items...), base)
			if err != nil {
				t.Fatalf("ImportPostman: %v (skipped %+v)", err, im.Skipped)
			}
			got, ok := im.Profile.Type(tt.code)
			if !ok {
				t.Fatalf("no type %s in %+v", tt.code, im.Profile.Types)
			}
			if got.Role != tt.role || !maps.Equal(got.Template, tt.template) {
				t.Errorf("got role %q template %v\nwant role %q template %v", got.Role, got.Template, tt.role, tt.template)
			}
			if want := got.Uses(PlaceholderOrigRef) || len(got.OriginalFields()) > 0; got.NeedsOriginal != want {
				t.Errorf("needs_original %v with template %v", got.NeedsOriginal, got.Template)
			}
			if !reflect.DeepEqual(im.Skipped, tt.skipped) {
				t.Errorf("skipped %+v\nwant    %+v", im.Skipped, tt.skipped)
			}
			// No example identifier reaches a request.
			for _, ty := range im.Profile.Types {
				req, err := im.Profile.Preview(ty.Code)
				if err != nil {
					t.Fatalf("Preview %s: %v", ty.Code, err)
				}
				if ty.Role != RoleCustom && ty.Role != RoleSale && strings.Contains(string(req.Body), "0012") {
					t.Errorf("%s sends the example's invoice: %s", ty.Name, req.Body)
				}
			}
		})
	}
}

func TestCutOrigPrefix(t *testing.T) {
	tests := []struct {
		key  string
		want string
		ok   bool
	}{
		{"ORIG_INVOICE_NO", "INVOICE_NO", true},
		{"orig-rrn", "rrn", true},
		{"Original.AuthCode", "AuthCode", true},
		{"ORIGINAL_RRN", "RRN", true},
		{"OrigInvoiceNo", "InvoiceNo", true},
		{"OriginalInvoice", "Invoice", true},
		{"ORIGINVOICE", "", false}, // no separator: could be a word
		{"Origin", "", false},
		{"ORIG_", "", false},
		{"ORIG_ ", "", false},
		{"INVOICE_NO", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			got, ok := cutOrigPrefix(tt.key)
			if got != tt.want || ok != tt.ok {
				t.Errorf("cutOrigPrefix(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSaleAnswerFields(t *testing.T) {
	tests := []struct {
		name  string
		items string // the collection's item list
		want  map[string]string
	}{
		{"bodies of every sale", `[` + answeredItem("Card Sale", `{}`, `{"INVOICE_NO":"1","RRN":"2"}`) + `,` +
			folder("UPI", answeredItem("UPI Sale", `{}`, `{"VPA_REF":"3"}`)) + `]`,
			map[string]string{"INVOICENO": "INVOICE_NO", "RRN": "RRN", "VPAREF": "VPA_REF"}},
		{"not a sale's", `[` + answeredItem("Void", `{}`, `{"INVOICE_NO":"1"}`) + `]`, map[string]string{}},
		{"unreadable answers are passed over", `[` + answeredItem("Sale", `{}`, `Timeout`, `[1]`, `{"A":1,`, `{"B":{{x}}}`) + `,` +
			`{"name":"Sale 2","response":{"body":"{}"}},{"name":"Sale 3","response":[1,{"body":5},{"body":{"C":"1"}}]}]`,
			map[string]string{"B": "B", "C": "C"}},
		{"the smaller spelling", `[` + answeredItem("Sale", `{}`, `{"rrn":"1"}`, `{"RRN":"1","R_R_N":"2"}`) + `]`,
			map[string]string{"RRN": "RRN"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var items []postmanItem
			if err := json.Unmarshal([]byte(tt.items), &items); err != nil {
				t.Fatal(err)
			}
			if got := saleAnswerFields(items); !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
