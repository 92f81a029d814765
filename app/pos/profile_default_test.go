package pos

import (
	"reflect"
	"testing"
)

func TestDefaultProfileValid(t *testing.T) {
	if err := DefaultProfile().Validate(); err != nil {
		t.Fatalf("default profile: %v", err)
	}
}

func TestDefaultProfileIsFresh(t *testing.T) {
	a, b := DefaultProfile(), DefaultProfile()
	a.Types[0].Template["AMOUNT"] = "x"
	if b.Types[0].Template["AMOUNT"] != PlaceholderAmount {
		t.Error("two default profiles share a template")
	}
}

func TestDefaultProfileTypes(t *testing.T) {
	p := DefaultProfile()
	tests := []struct {
		name     string
		code     string
		role     Role
		amount   bool
		original bool
		fields   []string
	}{
		{"Sale", "1", RoleSale, true, false, []string{"TRAN_MODE", "TRAN_CODE", "AMOUNT", "REF_NO"}},
		{"Void", "2", RoleVoid, false, true, []string{"TRAN_MODE", "TRAN_CODE", "REF_NO", "ORIG_REF_NO"}},
		{"Refund", "3", RoleRefund, true, true, []string{"TRAN_MODE", "TRAN_CODE", "AMOUNT", "REF_NO", "ORIG_REF_NO"}},
		{"Pre-auth", "4", RolePreauth, true, false, []string{"TRAN_MODE", "TRAN_CODE", "AMOUNT", "REF_NO"}},
		{"Pre-auth completion", "5", RoleCompletion, true, true, []string{"TRAN_MODE", "TRAN_CODE", "AMOUNT", "REF_NO", "ORIG_REF_NO"}},
		{"Settlement", "6", RoleSettlement, false, false, []string{"TRAN_CODE", "REF_NO"}},
		{"Status inquiry", "7", RoleInquiry, false, true, []string{"TRAN_CODE", "REF_NO", "ORIG_REF_NO"}},
		{"Last transaction", "8", RoleLastTransaction, false, false, []string{"TRAN_CODE", "REF_NO"}},
	}
	if len(p.Types) != len(tests) {
		t.Fatalf("%d types, want %d", len(p.Types), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := p.Type(tt.code)
			if !ok {
				t.Fatalf("no type %s", tt.code)
			}
			if got.Name != tt.name || got.Role != tt.role || got.NeedsAmount != tt.amount || got.NeedsOriginal != tt.original {
				t.Errorf("got %+v", got)
			}
			if len(got.Template) != len(tt.fields) {
				t.Errorf("template %v, want fields %v", got.Template, tt.fields)
			}
			want := map[string]string{
				"TRAN_MODE": PlaceholderMode, "TRAN_CODE": PlaceholderCode, "AMOUNT": PlaceholderAmount,
				"REF_NO": PlaceholderRef, "ORIG_REF_NO": PlaceholderOrigRef,
			}
			for _, f := range tt.fields {
				if got.Template[f] != want[f] {
					t.Errorf("template[%s] = %q, want %q", f, got.Template[f], want[f])
				}
			}
		})
	}
}

func TestDefaultProfileSettings(t *testing.T) {
	p := DefaultProfile()
	got := []any{p.Example, p.KeepsReferences, p.Currency, p.Decimals, p.AmountFormat, p.ReferenceField, p.OriginalReferenceField, p.TimeoutSeconds, p.Modes, p.Outcome, p.Inquiry}
	want := []any{true, false, "INR", 2, AmountMinor, "REF_NO", "ORIG_REF_NO", 120,
		[]Mode{{"Card", "1"}, {"UPI/QR", "2"}},
		OutcomeRules{
			ResultFields:   []string{"RESP_CODE", "RESPONSE_CODE", "STATUS", "RESULT"},
			ApprovedValues: []string{"00", "0", "000", "APPROVED", "SUCCESS"},
			MessageFields:  []string{"RESP_MSG", "RESPONSE_MSG", "MESSAGE", "MSG"},
		},
		InquiryRules{StatusField: "TXN_STATUS", NotFoundValues: []string{"NOT_FOUND"}, InProgressValues: []string{"IN_PROGRESS"}},
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("setting %d = %#v, want %#v", i, got[i], want[i])
		}
	}
}
