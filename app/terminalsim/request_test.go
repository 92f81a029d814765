package terminalsim

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseRequest(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     request // raw is not compared
		notObj   bool
		respCode string // refusal code; "" when accepted
	}{
		{
			name: "documented sale",
			in:   `{"TRAN_MODE": "1", "TRAN_CODE": "1", "AMOUNT": "100"}`,
			want: request{code: "1", mode: "1", amountText: "100", amount: 100},
		},
		{
			name: "lower-case names and numbers",
			in:   `{"tran_code": 1, "Amount": 2.5, "ref_no": "R1"}`,
			want: request{code: "1", amountText: "2.5", amount: 250, ref: "R1"},
		},
		{
			name: "void with original",
			in:   `{"TRAN_CODE":"2","REF_NO":"R2","ORIG_REF_NO":"R1"}`,
			want: request{code: "2", ref: "R2", origRef: "R1"},
		},
		{
			name: "unknown fields ignored",
			in:   `{"TRAN_CODE":"7","ORIG_REF_NO":"R1","EXTRA":{"a":[1]}}`,
			want: request{code: "7", origRef: "R1"},
		},
		{
			name: "settlement ignores amount",
			in:   `{"TRAN_CODE":"6","AMOUNT":"0"}`,
			want: request{code: "6"},
		},
		{
			name: "null is absent",
			in:   `{"TRAN_CODE":"6","REF_NO":null}`,
			want: request{code: "6"},
		},
		{name: "not json", in: `hello`, notObj: true},
		{name: "array", in: `[1,2]`, notObj: true},
		{name: "string", in: `"x"`, notObj: true},
		{name: "two objects", in: `{"TRAN_CODE":"6"}{"TRAN_CODE":"6"}`, notObj: true},
		{name: "truncated", in: `{"TRAN_CODE":"1"`, notObj: true},
		{
			name:     "missing tran code keeps ref",
			in:       `{"AMOUNT":"100","REF_NO":"R9"}`,
			want:     request{ref: "R9", amountText: "100"},
			respCode: "30",
		},
		{
			name:     "unknown tran code",
			in:       `{"TRAN_CODE":"99","REF_NO":"R9"}`,
			want:     request{code: "99", ref: "R9"},
			respCode: "12",
		},
		{
			name:     "bad mode",
			in:       `{"TRAN_CODE":"1","TRAN_MODE":"9","AMOUNT":"100"}`,
			want:     request{code: "1", mode: "9", amountText: "100"},
			respCode: "12",
		},
		{
			name:     "bad amount",
			in:       `{"TRAN_CODE":"1","AMOUNT":"1.234"}`,
			want:     request{code: "1", amountText: "1.234"},
			respCode: "13",
		},
		{
			name:     "sale without amount",
			in:       `{"TRAN_CODE":"1"}`,
			want:     request{code: "1"},
			respCode: "30",
		},
		{
			name:     "refund without original",
			in:       `{"TRAN_CODE":"3","AMOUNT":"100"}`,
			want:     request{code: "3", amountText: "100", amount: 100},
			respCode: "30",
		},
		{
			name:     "inquiry without original",
			in:       `{"TRAN_CODE":"7","REF_NO":"Q"}`,
			want:     request{code: "7", ref: "Q"},
			respCode: "30",
		},
		{
			name:     "boolean value",
			in:       `{"TRAN_CODE":"1","AMOUNT":true}`,
			want:     request{code: "1"},
			respCode: "30",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRequest([]byte(tt.in))
			if tt.notObj {
				if !errors.Is(err, errNotObject) {
					t.Fatalf("error = %v, want errNotObject", err)
				}
				return
			}
			var ref *refusal
			switch {
			case tt.respCode == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.respCode != "" && !errors.As(err, &ref):
				t.Fatalf("error = %v, want a refusal %s", err, tt.respCode)
			case ref != nil && ref.code != tt.respCode:
				t.Fatalf("refusal code = %s (%s), want %s", ref.code, ref.msg, tt.respCode)
			}
			got.raw = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("request = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestRequestFinancial(t *testing.T) {
	tests := []struct {
		code string
		want bool
	}{
		{codeSale, true}, {codeVoid, true}, {codeRefund, true}, {codePreAuth, true},
		{codeCompletion, true}, {codeSettlement, false}, {codeInquiry, false},
	}
	for _, tt := range tests {
		t.Run("code "+tt.code, func(t *testing.T) {
			if got := (request{code: tt.code}).financial(); got != tt.want {
				t.Errorf("financial() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseRequestInDialect(t *testing.T) {
	d := renamedDialect()
	ignoring := d.withoutReferences()
	tests := []struct {
		name     string
		d        *Dialect
		in       string
		want     request // raw and d are not compared
		respCode string  // refusal code; "" when accepted
		respMsg  string
	}{
		{
			name: "renamed sale",
			d:    &d,
			in:   `{"txn_type":"S","PAY_MODE":"Q","TXN_AMT":"12.34","ECR_REF":"R1","TRAN_CODE":"1","REF_NO":"X"}`,
			want: request{code: "S", mode: "Q", amountText: "12.34", amount: 1234, ref: "R1"},
		},
		{
			name: "void by identifier",
			d:    &d,
			in:   `{"TXN_TYPE":"V","ECR_REF":"V1","INV":"000001","ORIG_STAN":""}`,
			want: request{code: "V", ref: "V1", origIDs: map[string]string{"INVOICE_NO": "000001"}},
		},
		{
			name: "refund by reference and identifier",
			d:    &d,
			in:   `{"TXN_TYPE":"R","ORIG_ECR_REF":"S1","ORIG_STAN":"10000001","RRN":123}`,
			want: request{code: "R", origRef: "S1", origIDs: map[string]string{"STAN": "10000001", "RRN": "123"}},
		},
		{
			name: "a sale's identifier fields are not read",
			d:    &d,
			in:   `{"TXN_TYPE":"S","TXN_AMT":"100","INV":"000001"}`,
			want: request{code: "S", amountText: "100", amount: 100},
		},
		{
			name:     "identifier must be a string",
			d:        &d,
			in:       `{"TXN_TYPE":"V","INV":{"n":1}}`,
			want:     request{code: "V"},
			respCode: "30", respMsg: "FORMAT ERROR: INV MUST BE A STRING",
		},
		{
			name:     "void without original",
			d:        &d,
			in:       `{"TXN_TYPE":"V","ORIG_REF_NO":"S1"}`,
			want:     request{code: "V"},
			respCode: "30", respMsg: "FORMAT ERROR: ORIG_ECR_REF MISSING",
		},
		{
			name:     "unknown mode",
			d:        &d,
			in:       `{"TXN_TYPE":"S","PAY_MODE":"1","TXN_AMT":"100"}`,
			want:     request{code: "S", mode: "1", amountText: "100"},
			respCode: "12", respMsg: "INVALID PAY_MODE 1",
		},
		{
			name: "references ignored",
			d:    &ignoring,
			in:   `{"TXN_TYPE":"I","ECR_REF":"Q1","ORIG_ECR_REF":"S1"}`,
			want: request{code: "I"},
		},
		{
			name:     "void without an original reference field",
			d:        &ignoring,
			in:       `{"TXN_TYPE":"V","ORIG_ECR_REF":"S1"}`,
			want:     request{code: "V"},
			respCode: "30", respMsg: "FORMAT ERROR: ORIGINAL MISSING",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseRequestIn(tt.d, []byte(tt.in))
			var ref *refusal
			switch {
			case tt.respCode == "" && err != nil:
				t.Fatalf("unexpected error %v", err)
			case tt.respCode != "" && !errors.As(err, &ref):
				t.Fatalf("error = %v, want a refusal %s", err, tt.respCode)
			case ref != nil && (ref.code != tt.respCode || ref.msg != tt.respMsg):
				t.Fatalf("refusal = %s %s, want %s %s", ref.code, ref.msg, tt.respCode, tt.respMsg)
			}
			if got.d != tt.d {
				t.Errorf("request read in %p, want %p", got.d, tt.d)
			}
			got.raw, got.d = nil, nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("request = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// parseRequest reads one request in the default dialect.
func parseRequest(raw []byte) (request, error) { return parseRequestIn(nil, raw) }
