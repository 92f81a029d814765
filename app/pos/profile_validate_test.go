package pos

import (
	"errors"
	"fmt"
	"slices"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *Profile)
		want   []string // every FieldError, in order
	}{
		{"default is valid", func(p *Profile) {}, nil},
		{"empty name", func(p *Profile) { p.Name = " " }, []string{"name: must not be empty"}},
		{"bad currency", func(p *Profile) { p.Currency = "usd" }, []string{"currency: must be a 3-letter code like USD"}},
		{"decimals too many", func(p *Profile) { p.Decimals = 5 }, []string{"decimals: must be from 0 to 4"}},
		{"decimals negative", func(p *Profile) { p.Decimals = -1 }, []string{"decimals: must be from 0 to 4"}},
		{"amount format", func(p *Profile) { p.AmountFormat = "cents" }, []string{`amount_format: unknown format "cents" (use "minor" or "decimal")`}},
		{"decimal format ok", func(p *Profile) { p.AmountFormat = AmountDecimal }, nil},
		{"timeout zero", func(p *Profile) { p.TimeoutSeconds = 0 }, []string{"timeout_seconds: must be from 1 to 3600"}},
		{"timeout too long", func(p *Profile) { p.TimeoutSeconds = 3601 }, []string{"timeout_seconds: must be from 1 to 3600"}},
		{"same reference fields", func(p *Profile) { p.OriginalReferenceField = "ref_no" }, []string{"original_reference_field: must differ from reference_field"}},
		{"no types", func(p *Profile) { p.Types = nil }, []string{"types: must have at least one transaction type"}},
		{"unknown placeholder", func(p *Profile) { p.Types[2].Template["AMOUNT"] = "{{amt}}" }, []string{
			"types[2].template.AMOUNT: unknown placeholder {{amt}} (use one of {{amount}} {{mode}} {{ref}} {{orig_ref}} {{code}} {{orig.NAME}})",
			"types[2].template: needs_amount is true but no field has {{amount}}",
		}},
		{"unclosed placeholder", func(p *Profile) { p.Types[0].Template["X"] = "{{amount}" }, []string{"types[0].template.X: {{ without a closing }}"}},
		{"duplicate code", func(p *Profile) { p.Types[3].Code = "2" }, []string{`types[3].code: duplicate code "2" (also types[1])`}},
		{"empty type name and code", func(p *Profile) { p.Types[5].Name, p.Types[5].Code = "", "" }, []string{"types[5].name: must not be empty", "types[5].code: must not be empty"}},
		{"unknown role", func(p *Profile) { p.Types[5].Role = "close" }, []string{`types[5].role: unknown role "close"`}},
		{"duplicate role", func(p *Profile) { p.Types[3].Role = RoleSale }, []string{`types[3].role: role "sale" is already the role of types[0]`}},
		{"custom roles may repeat", func(p *Profile) { p.Types[3].Role, p.Types[4].Role = RoleCustom, RoleCustom }, nil},
		{"sale without amount", func(p *Profile) {
			delete(p.Types[0].Template, "AMOUNT")
			p.Types[0].NeedsAmount = false
		}, []string{"types[0].role: a sale must have needs_amount"}},
		{"inquiry without original", func(p *Profile) {
			delete(p.Types[6].Template, "ORIG_REF_NO")
			p.Types[6].NeedsOriginal = false
		}, []string{"types[6].role: a status inquiry must have needs_original, to name the transaction it asks about"}},
		{"needs amount but no placeholder", func(p *Profile) { p.Types[5].NeedsAmount = true }, []string{"types[5].template: needs_amount is true but no field has {{amount}}"}},
		{"amount placeholder but not needed", func(p *Profile) { p.Types[5].Template["AMOUNT"] = "{{amount}}" }, []string{"types[5].needs_amount: must be true because the template uses {{amount}}"}},
		{"needs original but no placeholder", func(p *Profile) { p.Types[0].NeedsOriginal = true }, []string{"types[0].template: needs_original is true but no field names the original ({{orig_ref}} or {{orig.NAME}})"}},
		{"original placeholder but not needed", func(p *Profile) { p.Types[0].Template["O"] = "{{orig_ref}}" }, []string{"types[0].needs_original: must be true because the template names the original transaction"}},
		{"void by the original's invoice", func(p *Profile) {
			p.Types[1].Template = map[string]string{"TRAN_CODE": "{{code}}", "INVOICE_NO": "{{orig.INVOICE_NO}}"}
		}, nil},
		{"original field but not needed", func(p *Profile) { p.Types[0].Template["RRN"] = "{{orig.RRN}}" }, []string{"types[0].needs_original: must be true because the template names the original transaction"}},
		{"inquiry by the original's answer", func(p *Profile) { p.Types[6].Template["RRN"] = "{{orig.RRN}}" }, []string{
			"types[6].role: a status inquiry asks by lanepay's reference ({{orig_ref}}): an outcome it settles has no answer to take {{orig.RRN}} from",
		}},
		{"bad original field name", func(p *Profile) { p.Types[1].Template["X"] = "{{orig.A B}}" }, []string{
			"types[1].template.X: unknown placeholder {{orig.A B}} (use one of {{amount}} {{mode}} {{ref}} {{orig_ref}} {{code}} {{orig.NAME}})",
		}},
		{"ref without reference field", func(p *Profile) {
			p.ReferenceField = ""
			p.Types = p.Types[:1]
		}, []string{"types[0].template.REF_NO: {{ref}} is used but reference_field is empty"}},
		{"reference turned off", func(p *Profile) {
			p.ReferenceField = ""
			for i := range p.Types {
				delete(p.Types[i].Template, "REF_NO")
			}
		}, nil},
		{"orig ref without field", func(p *Profile) {
			p.OriginalReferenceField = ""
			p.Types = p.Types[2:3]
		}, []string{"types[0].template.ORIG_REF_NO: {{orig_ref}} is used but original_reference_field is empty"}},
		{"mode without modes", func(p *Profile) {
			p.Modes = nil
			p.Types = p.Types[:1]
		}, []string{"types[0].template.TRAN_MODE: {{mode}} is used but the profile has no modes"}},
		{"empty template", func(p *Profile) {
			p.Types[5].Template = nil
		}, []string{"types[5].template: must have at least one field"}},
		{"empty and duplicate field names", func(p *Profile) {
			p.Types[5].Template[""] = "x"
			p.Types[5].Template["ref_no"] = "y"
		}, []string{`types[5].template[""]: field name must not be empty`, `types[5].template.ref_no: same field as "REF_NO" (field names are not case-sensitive)`}},
		{"odd field name quoted", func(p *Profile) { p.Types[5].Template["A B"] = "{{x}}" }, []string{
			`types[5].template["A B"]: unknown placeholder {{x}} (use one of {{amount}} {{mode}} {{ref}} {{orig_ref}} {{code}} {{orig.NAME}})`,
		}},
		{"modes", func(p *Profile) {
			p.Modes = append(p.Modes, Mode{Name: "", Code: "1"}, Mode{Name: "X", Code: ""})
		}, []string{"modes[2].name: must not be empty", `modes[2].code: duplicate code "1" (also modes[0])`, "modes[3].code: must not be empty"}},
		{"outcome lists", func(p *Profile) {
			p.Outcome.ResultFields = nil
			p.Outcome.ApprovedValues = []string{}
			p.Outcome.MessageFields = []string{"MSG", ""}
		}, []string{"outcome.result_fields: must not be empty", "outcome.approved_values: must not be empty", "outcome.message_fields[1]: must not be empty"}},
		{"no message fields is fine", func(p *Profile) { p.Outcome.MessageFields = nil }, nil},
		{"inquiry values without status field", func(p *Profile) {
			p.Types = slices.DeleteFunc(p.Types, func(t TranType) bool { return t.Role == RoleInquiry })
			p.Inquiry.StatusField = ""
			p.Inquiry.InProgressValues = []string{" "}
		}, []string{"inquiry.in_progress_values[0]: must not be empty", "inquiry.status_field: must be set when not_found_values or in_progress_values are given"}},
		{"no inquiry, no inquiry rules", func(p *Profile) {
			p.Types = slices.DeleteFunc(p.Types, func(t TranType) bool { return t.Role == RoleInquiry })
			p.Inquiry = InquiryRules{}
		}, nil},
		// "not found" and "in progress" would read as a stored decline.
		{"an inquiry needs its status field", func(p *Profile) { p.Inquiry = InquiryRules{} }, []string{"inquiry.status_field: must be set when the profile has a status inquiry"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultProfile()
			tt.mutate(p)
			err := p.Validate()
			var got []string
			for _, fe := range FieldErrors(err) {
				got = append(got, fe.Error())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems:\n got %q\nwant %q", got, tt.want)
			}
			if (err == nil) != (len(tt.want) == 0) {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestFieldErrors(t *testing.T) {
	a := &FieldError{Path: "a", Problem: "x"}
	b := &FieldError{Path: "b", Problem: "y"}
	tests := []struct {
		name string
		err  error
		want int
	}{
		{"nil", nil, 0},
		{"one", a, 1},
		{"joined", errors.Join(a, b), 2},
		{"wrapped join", fmt.Errorf("ctx: %w", errors.Join(a, b)), 2},
		{"other error", errors.New("z"), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(FieldErrors(tt.err)); got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
}
