package terminalsim

import (
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// defaultProfile is lanepay's default profile as a shop's profile document
// holds it, with a last transaction type (code 8).
const defaultProfile = `{
  "name": "Default",
  "example": true,
  "currency": "USD",
  "decimals": 2,
  "amount_format": "minor",
  "reference_field": "REF_NO",
  "original_reference_field": "ORIG_REF_NO",
  "modes": [{"name": "Card", "code": "1"}, {"name": "UPI/QR", "code": "2"}],
  "types": [
    {"name": "Sale", "code": "1", "role": "sale", "needs_amount": true, "needs_original": false,
     "template": {"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "REF_NO": "{{ref}}"}},
    {"name": "Void", "code": "2", "role": "void", "needs_amount": false, "needs_original": true,
     "template": {"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "REF_NO": "{{ref}}", "ORIG_REF_NO": "{{orig_ref}}"}},
    {"name": "Refund", "code": "3", "role": "refund", "needs_amount": true, "needs_original": true,
     "template": {"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "REF_NO": "{{ref}}", "ORIG_REF_NO": "{{orig_ref}}", "AMOUNT": "{{amount}}"}},
    {"name": "Pre-auth", "code": "4", "role": "preauth", "needs_amount": true, "needs_original": false,
     "template": {"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "REF_NO": "{{ref}}"}},
    {"name": "Pre-auth completion", "code": "5", "role": "completion", "needs_amount": true, "needs_original": true,
     "template": {"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "REF_NO": "{{ref}}", "ORIG_REF_NO": "{{orig_ref}}", "AMOUNT": "{{amount}}"}},
    {"name": "Settlement", "code": "6", "role": "settlement", "needs_amount": false, "needs_original": false,
     "template": {"TRAN_CODE": "{{code}}", "REF_NO": "{{ref}}"}},
    {"name": "Status inquiry", "code": "7", "role": "inquiry", "needs_amount": false, "needs_original": true,
     "template": {"TRAN_CODE": "{{code}}", "REF_NO": "{{ref}}", "ORIG_REF_NO": "{{orig_ref}}"}},
    {"name": "Last transaction", "code": "8", "role": "last_transaction", "needs_amount": false, "needs_original": false,
     "template": {"TRAN_CODE": "{{code}}", "REF_NO": "{{ref}}"}}
  ],
  "outcome": {
    "result_fields": ["RESP_CODE", "RESPONSE_CODE", "STATUS", "RESULT"],
    "approved_values": ["00", "0", "000", "APPROVED", "SUCCESS"],
    "message_fields": ["RESP_MSG", "RESPONSE_MSG", "MESSAGE", "MSG"]
  },
  "inquiry": {"status_field": "TXN_STATUS", "not_found_values": ["NOT_FOUND"], "in_progress_values": ["IN_PROGRESS"]},
  "timeout_seconds": 120
}`

// renamedProfile names every field and code its own way, names originals
// by identifiers, and has types the terminal does not know.
const renamedProfile = `{
  "name": "Renamed",
  "currency": "EUR",
  "decimals": 2,
  "amount_format": "minor",
  "reference_field": "ECR_REF",
  "original_reference_field": "ORIG_ECR_REF",
  "modes": [{"name": "Card", "code": "C"}, {"name": "QR", "code": "Q"}],
  "types": [
    {"name": "Sale", "code": "S", "role": "sale", "needs_amount": true,
     "template": {"TXN_TYPE": "{{code}}", "PAY_MODE": "{{mode}}", "TXN_AMT": "{{amount}}", "ECR_REF": "{{ref}}"}},
    {"name": "Void", "code": "V", "role": "void", "needs_original": true,
     "template": {"TXN_TYPE": "{{code}}", "ECR_REF": "{{ref}}", "ORIG_ECR_REF": "{{orig_ref}}", "INV": "{{orig.INVOICE_NO}}"}},
    {"name": "Refund", "code": "R", "role": "refund", "needs_amount": true, "needs_original": true,
     "template": {"TXN_TYPE": "{{code}}", "TXN_AMT": "{{amount}}", "ECR_REF": "{{ref}}", "ORIG_STAN": "{{orig.STAN}}"}},
    {"name": "Pre-auth", "code": "P", "role": "preauth", "needs_amount": true,
     "template": {"TXN_TYPE": "{{code}}", "PAY_MODE": "{{mode}}", "TXN_AMT": "{{amount}}", "ECR_REF": "{{ref}}"}},
    {"name": "Completion", "code": "K", "role": "completion", "needs_amount": true, "needs_original": true,
     "template": {"TXN_TYPE": "{{code}}", "TXN_AMT": "{{amount}}", "ECR_REF": "{{ref}}", "ORIG_ECR_REF": "{{orig_ref}}"}},
    {"name": "Close batch", "code": "B", "role": "settlement",
     "template": {"TXN_TYPE": "{{code}}", "ECR_REF": "{{ref}}"}},
    {"name": "Status", "code": "I", "role": "inquiry", "needs_original": true,
     "template": {"TXN_TYPE": "{{code}}", "ECR_REF": "{{ref}}", "ORIG_ECR_REF": "{{orig_ref}}"}},
    {"name": "Last", "code": "L", "role": "last_transaction",
     "template": {"TXN_TYPE": "{{code}}", "ECR_REF": "{{ref}}"}},
    {"name": "Abort", "code": "X", "role": "abort", "template": {"TXN_TYPE": "{{code}}"}},
    {"name": "Receipt copy", "code": "COPY", "role": "",
     "template": {"TXN_TYPE": "{{code}}", "NOTE": "copy of {{orig.RECEIPT_NO}}", "CARD": "{{orig.CARD_NO}}"}}
  ],
  "outcome": {"result_fields": ["RC"], "approved_values": ["000"], "message_fields": ["TEXT"]},
  "inquiry": {"status_field": "STATE", "not_found_values": ["NONE"], "in_progress_values": ["BUSY"]},
  "timeout_seconds": 60
}`

// renamedDialect is renamedProfile's dialect.
func renamedDialect() Dialect {
	return Dialect{
		CodeField:              "TXN_TYPE",
		ModeField:              "PAY_MODE",
		AmountField:            "TXN_AMT",
		ReferenceField:         "ECR_REF",
		OriginalReferenceField: "ORIG_ECR_REF",
		Codes: Codes{Sale: "S", Void: "V", Refund: "R", PreAuth: "P", Completion: "K",
			Settlement: "B", Inquiry: "I", LastTransaction: "L"},
		Modes:            []string{"C", "Q"},
		AmountFormat:     AmountMinor,
		Decimals:         2,
		ResultField:      "RC",
		ApprovedValue:    "000",
		MessageField:     "TEXT",
		StatusField:      "STATE",
		StatusFound:      "FOUND",
		StatusNotFound:   "NONE",
		StatusInProgress: "BUSY",
		IDFields:         []string{"RECEIPT_NO", "STAN"},
		OriginalIDs: map[string]string{"INV": "INVOICE_NO", "ORIG_STAN": "STAN",
			"INVOICE_NO": "INVOICE_NO", "RRN": "RRN"},
	}
}

// patchProfile edits a profile document as JSON values, so that each test
// case states only how it differs from its base.
func patchProfile(t testing.TB, base string, edit func(p map[string]any)) string {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal([]byte(base), &p); err != nil {
		t.Fatalf("test profile: %v", err)
	}
	edit(p)
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatalf("test profile: %v", err)
	}
	return string(b)
}

// profileType is the type with the given role in a decoded profile.
func typeWithRole(p map[string]any, role string) map[string]any {
	for _, t := range p["types"].([]any) {
		if t := t.(map[string]any); t["role"] == role {
			return t
		}
	}
	panic("test profile has no " + role)
}

// template is a decoded type's template.
func template(typ map[string]any) map[string]any { return typ["template"].(map[string]any) }

func TestDialectFromProfile(t *testing.T) {
	tests := []struct {
		name    string
		profile string
		want    func() Dialect
		wantErr string // part of the error; "" when it succeeds
	}{
		{
			name:    "default profile",
			profile: defaultProfile,
			want:    DefaultDialect,
		},
		{
			name:    "renamed fields",
			profile: renamedProfile,
			want:    renamedDialect,
		},
		{
			name: "decimal amounts",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				p["amount_format"], p["decimals"] = "decimal", 3
			}),
			want: func() Dialect {
				d := renamedDialect()
				d.AmountFormat, d.Decimals = AmountDecimal, 3
				return d
			},
		},
		{
			name: "orig identifiers",
			profile: patchProfile(t, defaultProfile, func(p map[string]any) {
				template(typeWithRole(p, "void"))["INVOICE_NO"] = "{{orig.INVOICE_NO}}"
				template(typeWithRole(p, "refund"))["ORIG_RRN"] = "{{orig.RRN}}"
				completion := template(typeWithRole(p, "completion"))
				completion["AUTH"] = "{{orig.AUTH_CODE}}"
				completion["TRACE"] = "{{orig.trace_no}}"
				// Not identifiers: the client copies them, the terminal
				// does not look originals up by them.
				completion["ORIG_CARD"] = "{{orig.CARD_NO}}"
				completion["ORIG_AMOUNT"] = "{{orig.AMOUNT}}"
				completion["NOTE"] = "for {{orig.RECEIPT}} and {{orig.trace_no}}"
				// A sale's identifier fields name nothing.
				template(typeWithRole(p, "sale"))["PREV"] = "{{orig.PREV_NO}}"
			}),
			want: func() Dialect {
				d := DefaultDialect()
				d.IDFields = []string{"PREV_NO", "RECEIPT", "trace_no"}
				d.OriginalIDs = map[string]string{"INVOICE_NO": "INVOICE_NO", "RRN": "RRN",
					"ORIG_RRN": "RRN", "AUTH": "AUTH_CODE", "TRACE": "trace_no"}
				return d
			},
		},
		{
			name: "no reference field",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				p["reference_field"] = ""
				for _, typ := range p["types"].([]any) {
					delete(template(typ.(map[string]any)), "ECR_REF")
				}
			}),
			want: func() Dialect {
				d := renamedDialect()
				d.ReferenceField = ""
				return d
			},
		},
		{
			name: "no modes, message or status field",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				delete(p, "modes")
				delete(template(typeWithRole(p, "sale")), "PAY_MODE")
				delete(template(typeWithRole(p, "preauth")), "PAY_MODE")
				p["outcome"].(map[string]any)["message_fields"] = []any{}
				p["inquiry"] = map[string]any{}
			}),
			want: func() Dialect {
				d := renamedDialect()
				d.ModeField, d.Modes, d.MessageField, d.StatusField = "", nil, "", ""
				d.StatusNotFound, d.StatusInProgress = "NOT_FOUND", "IN_PROGRESS"
				return d
			},
		},
		{
			name: "code field found in another type",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				template(typeWithRole(p, "sale"))["TXN_TYPE"] = "SALE"
			}),
			want: renamedDialect,
		},
		{
			name: "found is what the not found values are not",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				p["inquiry"].(map[string]any)["not_found_values"] = []any{"found"}
			}),
			want: func() Dialect {
				d := renamedDialect()
				d.StatusFound, d.StatusNotFound = "TXN_FOUND", "found"
				return d
			},
		},
		{name: "invalid JSON", profile: `{"types": [`, wantErr: "failed to read the profile"},
		{name: "empty", profile: ``, wantErr: "failed to read the profile"},
		{name: "not an object", profile: `[1, 2]`, wantErr: "failed to read the profile"},
		{name: "wrong type", profile: `{"decimals": "2"}`, wantErr: "failed to read the profile"},
		{name: "trailing data", profile: defaultProfile + `{}`, wantErr: "failed to read the profile"},
		{
			name: "missing sale",
			profile: patchProfile(t, defaultProfile, func(p map[string]any) {
				typeWithRole(p, "sale")["role"] = ""
			}),
			wantErr: "no sale type",
		},
		{
			name: "no code field",
			profile: patchProfile(t, defaultProfile, func(p map[string]any) {
				for _, typ := range p["types"].([]any) {
					delete(template(typ.(map[string]any)), "TRAN_CODE")
				}
			}),
			wantErr: "no template field is exactly {{code}}",
		},
		{
			name: "two roles share a code",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				typeWithRole(p, "void")["code"] = "S"
			}),
			wantErr: `code "S" is both sale and void`,
		},
		{
			name: "one field names two identifiers",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				template(typeWithRole(p, "refund"))["INV"] = "{{orig.RRN}}"
			}),
			wantErr: "names the original by",
		},
		{
			name: "identifier in the original reference field",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				template(typeWithRole(p, "void"))["ORIG_ECR_REF"] = "{{orig.RRN}}"
			}),
			wantErr: "ORIG_ECR_REF is also the original reference field",
		},
		{
			name: "approved value is a decline code",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				p["outcome"].(map[string]any)["approved_values"] = []any{"05"}
			}),
			wantErr: "one of the terminal's decline codes",
		},
		{
			name: "field the terminal answers itself",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				p["outcome"].(map[string]any)["result_fields"] = []any{"tid"}
			}),
			wantErr: "the result field tid is one of the terminal's own answer fields",
		},
		{
			name: "unknown amount format",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				p["amount_format"] = "cents"
			}),
			wantErr: `unknown amount format "cents"`,
		},
		{
			name: "too many decimals",
			profile: patchProfile(t, renamedProfile, func(p map[string]any) {
				p["decimals"] = 5
			}),
			wantErr: "decimals 5 out of range",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := DialectFromProfile([]byte(tt.profile))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("DialectFromProfile: %v", err)
			}
			if want := tt.want(); !reflect.DeepEqual(got, want) {
				t.Errorf("dialect =\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

// FuzzDialectFromProfile checks that no document makes DialectFromProfile
// panic, and that a dialect it returns is one a terminal can speak: a sale
// is approved, found by inquiry and by last transaction inquiry, and can be
// voided by each identifier a void may name it by. Its seeds, in testdata,
// include this file's profiles.
func FuzzDialectFromProfile(f *testing.F) {
	f.Fuzz(func(t *testing.T, profile []byte) {
		d, err := DialectFromProfile(profile)
		if err != nil {
			return
		}
		if err := d.Validate(); err != nil {
			t.Fatalf("DialectFromProfile returned an invalid dialect: %v", err)
		}
		checkUsable(t, d)
	})
}

// checkUsable runs a sale, and what else the dialect offers about it,
// through a terminal speaking d, without a transport.
func checkUsable(t *testing.T, d Dialect) {
	t.Helper()
	term := newTerminal("T", "M")
	term.d = &d
	ask := func(fields map[string]string) answer {
		t.Helper()
		raw, err := json.Marshal(fields)
		if err != nil {
			t.Fatal(err)
		}
		req, err := parseRequestIn(&d, raw)
		if err != nil {
			t.Fatalf("request %s refused: %v", raw, err)
		}
		switch req.role() {
		case roleInquiry:
			return term.inquire(req, time.Now())
		case roleLast:
			return term.lastTransaction(req, time.Now())
		}
		if a, ok := term.begin(req, time.Now()); !ok {
			t.Fatalf("request %s turned away: %v", raw, a)
		}
		return term.finish(req, time.Now())
	}
	sale := map[string]string{d.CodeField: d.Codes.Sale, d.AmountField: d.formatAmount(1234)}
	if d.ReferenceField != "" {
		sale[d.ReferenceField] = "F1"
	}
	if d.ModeField != "" && len(d.Modes) > 0 {
		sale[d.ModeField] = d.Modes[0]
	}
	a := ask(sale)
	if a[d.ResultField] != d.ApprovedValue {
		t.Fatalf("sale %v answered %v", sale, a)
	}
	if _, err := json.Marshal(a); err != nil {
		t.Fatalf("answer does not marshal: %v", err)
	}
	if d.Codes.Inquiry != "" && d.ReferenceField != "" && d.OriginalReferenceField != "" {
		q := ask(map[string]string{d.CodeField: d.Codes.Inquiry, d.OriginalReferenceField: "F1"})
		if q[d.ResultField] != d.ApprovedValue || d.StatusField != "" && q[d.StatusField] != d.StatusFound {
			t.Errorf("inquiry about the sale answered %v", q)
		}
	}
	if d.Codes.LastTransaction != "" {
		l := ask(map[string]string{d.CodeField: d.Codes.LastTransaction})
		if l[d.ResultField] != d.ApprovedValue || d.StatusField != "" && l[d.StatusField] != d.StatusFound {
			t.Errorf("last transaction inquiry answered %v", l)
		}
	}
	if d.Codes.Void == "" {
		return
	}
	// The first void by identifier cancels the sale; the others find it
	// already voided, which still shows that they found it.
	want := d.ApprovedValue
	for _, k := range slices.Sorted(maps.Keys(d.OriginalIDs)) {
		name := d.OriginalIDs[k]
		v := ask(map[string]string{d.CodeField: d.Codes.Void, k: a[name]})
		if v[d.ResultField] != want {
			t.Errorf("void naming the sale by %s=%q answered %v, want %s", k, a[name], v, want)
		}
		want = respInvalidTxn
	}
}
