package pos

import (
	"strings"
	"testing"
)

func TestPreview(t *testing.T) {
	imported := DefaultProfile()
	imported.Decimals, imported.AmountFormat = 2, AmountDecimal
	imported.Types[0].Template = map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}"}
	imported.Types[1].Template = map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "INVOICE_NO": "{{orig.INVOICE_NO}}"}
	imported.Types[1].NeedsAmount = true
	yen := DefaultProfile()
	yen.Decimals = 0

	tests := []struct {
		name string
		p    *Profile
		code string
		body string
	}{
		{"default sale", DefaultProfile(), "1", `{"AMOUNT":"100","REF_NO":"` + SampleRef + `","TRAN_CODE":"1","TRAN_MODE":"1"}`},
		{"zero-decimal currency", yen, "1", `{"AMOUNT":"1","REF_NO":"` + SampleRef + `","TRAN_CODE":"1","TRAN_MODE":"1"}`},
		{"imported sale shows the stamped reference", imported, "1", `{"AMOUNT":"1.00","REF_NO":"` + SampleRef + `","TRAN_CODE":"1"}`},
		{"void by the original's invoice", imported, "2", `{"AMOUNT":"1.00","INVOICE_NO":"<INVOICE_NO of the original>","REF_NO":"` + SampleRef + `","TRAN_CODE":"2"}`},
		{"inquiry", DefaultProfile(), "7", `{"ORIG_REF_NO":"` + SampleOrigRef + `","REF_NO":"` + SampleRef + `","TRAN_CODE":"7"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := tt.p.Preview(tt.code)
			if err != nil {
				t.Fatal(err)
			}
			if string(req.Body) != tt.body {
				t.Errorf("preview = %s\nwant      %s", req.Body, tt.body)
			}
		})
	}
	if _, err := DefaultProfile().Preview("42"); err == nil || !strings.Contains(err.Error(), "unknown transaction type") {
		t.Errorf("preview of an unknown type: %v", err)
	}
}
