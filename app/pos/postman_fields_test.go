package pos

import "testing"

func TestFieldKind(t *testing.T) {
	base := DefaultProfile()
	tests := []struct {
		key  string
		want string
	}{
		{"AMOUNT", PlaceholderAmount},
		{"txn_amt", PlaceholderAmount},
		{"REF_NO", PlaceholderRef},
		{"EcrRef", PlaceholderRef},
		{"ORIG_REF_NO", PlaceholderOrigRef},
		{"Original-Ref", PlaceholderOrigRef},
		{"ORIG_ECR_REF", PlaceholderOrigRef},
		{"ORIGINAL_REFERENCE_NUMBER", PlaceholderOrigRef},
		{"TRAN_MODE", PlaceholderMode},
		{"ORIG_INVOICE_NO", ""},
		{"INVOICE_NO", ""},
		{"ORIG", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			if got := fieldKind(tt.key, base); got != tt.want {
				t.Errorf("fieldKind(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}

func TestQuoteBareVariables(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"bare", `{"A": {{amount}}}`, `{"A": "{{amount}}"}`},
		{"in string untouched", `{"A": "{{amount}}"}`, `{"A": "{{amount}}"}`},
		{"brace in string", `{"A": "}{{", "B": {{x}}}`, `{"A": "}{{", "B": "{{x}}"}`},
		{"no variables", `{"A":{"B":1}}`, `{"A":{"B":1}}`},
		{"unclosed", `{"A": {{x}`, `{"A": {{x}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := quoteBareVariables(tt.in); got != tt.want {
				t.Errorf("got %s", got)
			}
		})
	}
}

func TestRoleFromName(t *testing.T) {
	tests := []struct {
		name string
		want Role
	}{
		{"Sale", RoleSale},
		{"Purchase", RoleSale},
		{"Void Sale", RoleVoid},
		{"Refund", RoleRefund},
		{"Pre-Auth", RolePreauth},
		{"Preauth Completion", RoleCompletion},
		{"Settlement", RoleSettlement},
		{"Sale status inquiry", RoleInquiry},
		{"Txn Status", RoleInquiry},
		{"Abort", RoleAbort},
		{"Last Transaction", RoleLastTransaction},
		{"Get last txn", RoleLastTransaction},
		{"Last transaction status", RoleLastTransaction},
		{"Balance", RoleCustom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := roleFromName(tt.name); got != tt.want {
				t.Errorf("roleFromName(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}
