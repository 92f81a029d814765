package terminalsim

import (
	"encoding/json"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// malformedFrame is the default dialect's, as the fault tests expect it.
var malformedFrame = defaultDialect.malformedFrame()

func TestDefaultDialect(t *testing.T) {
	d := DefaultDialect()
	if err := d.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if got := string(d.malformedFrame()); got != `{"RESP_CODE": "00", "RESP_MSG"` {
		t.Errorf("malformedFrame = %q", got)
	}
	d.Modes[0] = "X"
	if DefaultDialect().Modes[0] != modeCard {
		t.Error("DefaultDialect shares its modes")
	}
}

func TestDialectValidate(t *testing.T) {
	tests := []struct {
		name    string
		edit    func(d *Dialect)
		wantErr string // part of the error; "" when valid
	}{
		{name: "default", edit: func(*Dialect) {}},
		{name: "renamed", edit: func(d *Dialect) { *d = renamedDialect() }},
		{name: "bare minimum", edit: func(d *Dialect) {
			*d = Dialect{CodeField: "C", AmountField: "A", ResultField: "R", ApprovedValue: "Y",
				Codes: Codes{Sale: "1"}, AmountFormat: AmountDecimal}
		}},
		{name: "MESSAGE as the message field", edit: func(d *Dialect) { d.MessageField = "Message" }},
		{name: "no code field", edit: func(d *Dialect) { d.CodeField = "" }, wantErr: "the code field is missing"},
		{name: "no sale", edit: func(d *Dialect) { d.Codes.Sale = "" }, wantErr: "the sale code is missing"},
		{name: "no approved value", edit: func(d *Dialect) { d.ApprovedValue = " " }, wantErr: "the approved value is missing"},
		{name: "no amount format", edit: func(d *Dialect) { d.AmountFormat = "" }, wantErr: "unknown amount format"},
		{name: "negative decimals", edit: func(d *Dialect) { d.Decimals = -1 }, wantErr: "decimals -1 out of range"},
		{name: "one field, two meanings", edit: func(d *Dialect) { d.ModeField = "tran_code" },
			wantErr: "tran_code is both the code field and the mode field"},
		{name: "reserved field", edit: func(d *Dialect) { d.AmountField = "NET_AMOUNT" },
			wantErr: "the amount field NET_AMOUNT is one of the terminal's own answer fields"},
		{name: "MESSAGE as the result field", edit: func(d *Dialect) { d.ResultField = "MESSAGE" },
			wantErr: "the result field MESSAGE is one of the terminal's own answer fields"},
		{name: "shared code", edit: func(d *Dialect) { d.Codes.LastTransaction = codeInquiry },
			wantErr: `code "7" is both inquiry and last_transaction`},
		{name: "code with spaces", edit: func(d *Dialect) { d.Codes.Void = " 2" }, wantErr: "surrounding spaces"},
		{name: "mode twice", edit: func(d *Dialect) { d.Modes = []string{"1", "1"} }, wantErr: `mode "1" is listed twice`},
		{name: "empty mode", edit: func(d *Dialect) { d.Modes = []string{""} }, wantErr: "mode 1"},
		{name: "approved is a decline", edit: func(d *Dialect) { d.ApprovedValue = respBusy },
			wantErr: "decline codes"},
		{name: "statuses alike", edit: func(d *Dialect) { d.StatusInProgress = d.StatusFound },
			wantErr: "must be set and differ"},
		{name: "statuses unset without a status field", edit: func(d *Dialect) {
			d.StatusField, d.StatusFound, d.StatusNotFound, d.StatusInProgress = "", "", "", ""
		}},
		{name: "built-in identifier listed", edit: func(d *Dialect) { d.IDFields = []string{"rrn"} },
			wantErr: "identifier rrn is always issued"},
		{name: "identifier is a protocol field", edit: func(d *Dialect) { d.IDFields = []string{"AMOUNT"} },
			wantErr: "AMOUNT is both the amount field and the identifier"},
		{name: "identifier twice", edit: func(d *Dialect) { d.IDFields = []string{"STAN", "stan"} },
			wantErr: "identifier stan is listed twice"},
		{name: "original by an identifier not issued", edit: func(d *Dialect) { d.OriginalIDs["X"] = "STAN" },
			wantErr: "names STAN, which the terminal does not issue"},
		{name: "original by a protocol field", edit: func(d *Dialect) { d.OriginalIDs["Ref_No"] = fieldRRN },
			wantErr: "Ref_No is also the reference field"},
		{name: "original field twice", edit: func(d *Dialect) { d.OriginalIDs["rrn"] = fieldRRN },
			wantErr: "listed twice"},
		{name: "original by an identifier", edit: func(d *Dialect) {
			d.IDFields = []string{"STAN"}
			d.OriginalIDs["STAN"] = "STAN"
			d.OriginalIDs["ORIG_AUTH"] = fieldAuthCode
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DefaultDialect()
			tt.edit(&d)
			err := d.Validate()
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("Validate = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestDialectRoles(t *testing.T) {
	d := renamedDialect()
	tests := []struct {
		code      string
		want      role
		financial bool
	}{
		{"S", roleSale, true}, {"V", roleVoid, true}, {"R", roleRefund, true},
		{"P", rolePreAuth, true}, {"K", roleCompletion, true}, {"B", roleSettlement, false},
		{"I", roleInquiry, false}, {"L", roleLast, false}, {"X", roleNone, false},
		{"s", roleNone, false}, {"", roleNone, false},
	}
	for _, tt := range tests {
		t.Run("code "+tt.code, func(t *testing.T) {
			r := d.roleOf(tt.code)
			if r != tt.want || r.financial() != tt.financial {
				t.Errorf("roleOf(%q) = %q, financial %v; want %q, %v", tt.code, r, r.financial(), tt.want, tt.financial)
			}
		})
	}
}

func TestDialectInstrument(t *testing.T) {
	tests := []struct {
		name  string
		modes []string
		mode  string
		want  string
	}{
		{"first mode pays by card", []string{"C", "Q"}, "C", modeCard},
		{"second mode pays by UPI", []string{"C", "Q"}, "Q", modeUPI},
		{"third mode pays by card", []string{"C", "Q", "W"}, "W", modeCard},
		{"default's second is UPI", []string{modeCard, modeUPI}, modeUPI, modeUPI},
		{"no modes pays by card", nil, "", modeCard},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Dialect{Modes: tt.modes}
			if got := d.instrument(tt.mode); got != tt.want {
				t.Errorf("instrument(%q) = %q, want %q", tt.mode, got, tt.want)
			}
		})
	}
}

// mustDialect reads a test profile's dialect.
func mustDialect(t *testing.T, profile string) *Dialect {
	t.Helper()
	d, err := DialectFromProfile([]byte(profile))
	if err != nil {
		t.Fatalf("test profile: %v", err)
	}
	return &d
}

// wireStep is one request in a dialect and what its answer must say. A
// value "=STEP:FIELD", in the request or in want, is FIELD of the answer to
// the earlier step STEP.
type wireStep struct {
	name   string
	req    map[string]string
	before []string // frames that must come before the answer, verbatim
	want   map[string]string
	absent []string
	match  map[string]*regexp.Regexp
}

// rsale is a sale in renamedProfile's dialect, by card.
func rsale(ref, amount string) map[string]string {
	return map[string]string{"TXN_TYPE": "S", "PAY_MODE": "C", "TXN_AMT": amount, "ECR_REF": ref}
}

var reID = regexp.MustCompile(`^[0-9]{8}$`)

// TestDialectOnTheWire runs requests in renamedProfile's dialect, and the
// default dialect's additions, over both transports: renamed fields, the
// reference behaviours, originals named by identifiers, the last
// transaction, decimal amounts.
func TestDialectOnTheWire(t *testing.T) {
	renamed := mustDialect(t, renamedProfile)
	decimal := mustDialect(t, patchProfile(t, renamedProfile, func(p map[string]any) {
		p["amount_format"] = "decimal"
	}))
	approved := map[string]string{"RC": "000", "TEXT": "APPROVED"}
	with := func(base map[string]string, kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name   string
		cfg    Config
		steps  []wireStep
		ledger []wantEntry // the whole ledger, in order
		check  func(t *testing.T, s *Simulator, answers map[string]map[string]string)
	}{
		{
			name: "sale approved in renamed fields",
			cfg:  Config{Dialect: renamed},
			steps: []wireStep{
				{name: "s1", req: rsale("S1", "100"),
					want: with(approved, "ECR_REF", "S1", "TXN_TYPE", "S", "PAY_MODE", "C", "TXN_AMT", "100",
						"CARD_TYPE", "VISA", "TID", DefaultTID),
					absent: []string{"RESP_CODE", "RESP_MSG", "REF_NO", "TRAN_CODE", "TRAN_MODE", "AMOUNT", "ORIG_ECR_REF"},
					match: map[string]*regexp.Regexp{"STAN": reID, "RECEIPT_NO": reID, "INVOICE_NO": reSixDigs,
						"RRN": reRRN, "AUTH_CODE": reAuth, "CARD_NO": reCard}},
				{name: "s2", req: map[string]string{"TXN_TYPE": "S", "PAY_MODE": "Q", "TXN_AMT": "200", "ECR_REF": "S2"},
					want: with(approved, "PAY_MODE", "Q", "CARD_TYPE", "UPI"), match: map[string]*regexp.Regexp{"CARD_NO": reVPA}},
				{name: "s3", req: map[string]string{"TXN_TYPE": "S", "TXN_AMT": "300", "ECR_REF": "S3"},
					want: with(approved, "PAY_MODE", "C")},
				{name: "s4", req: rsale("S4", "1051"),
					want: map[string]string{"RC": "51", "TEXT": "INSUFFICIENT FUNDS"}, absent: []string{"AUTH_CODE"}},
				{name: "default mode", req: map[string]string{"TXN_TYPE": "S", "PAY_MODE": "1", "TXN_AMT": "100", "ECR_REF": "B1"},
					want: map[string]string{"RC": "12", "TEXT": "INVALID PAY_MODE 1", "ECR_REF": "B1"}},
				{name: "default code", req: map[string]string{"TXN_TYPE": codeSale, "TXN_AMT": "100", "ECR_REF": "B2"},
					want: map[string]string{"RC": "12", "TEXT": "INVALID TRANSACTION: UNKNOWN TXN_TYPE 1"}},
				{name: "abort", req: map[string]string{"TXN_TYPE": "X", "ECR_REF": "B3"}, want: map[string]string{"RC": "12"}},
				{name: "no amount", req: map[string]string{"TXN_TYPE": "S", "ECR_REF": "B4", "AMOUNT": "100"},
					want: map[string]string{"RC": "30", "TEXT": "FORMAT ERROR: TXN_AMT MISSING"}},
			},
			ledger: []wantEntry{{StateApproved, "100", ""}, {StateApproved, "200", ""}, {StateApproved, "300", ""},
				{StateDeclined, "1051", ""}},
			check: func(t *testing.T, _ *Simulator, answers map[string]map[string]string) {
				s1, s2 := answers["s1"], answers["s2"]
				if s1["STAN"] == s1["RECEIPT_NO"] || s1["STAN"] == s2["STAN"] || s1["RECEIPT_NO"] == s2["RECEIPT_NO"] {
					t.Errorf("identifiers not unique: s1 %v, s2 %v", s1, s2)
				}
			},
		},
		{
			name: "no reference echo",
			cfg:  Config{Dialect: renamed, NoRefEcho: true},
			steps: []wireStep{
				{name: "s1", req: rsale("S1", "100"), want: approved, absent: []string{"ECR_REF"}},
				{name: "q1", req: map[string]string{"TXN_TYPE": "I", "ECR_REF": "Q1", "ORIG_ECR_REF": "S1"},
					want: with(approved, "STATE", "FOUND", "TXN_STATE", StateApproved, "TXN_TYPE", "I", "ORIG_TRAN_CODE", "S",
						"ORIG_ECR_REF", "S1", "TXN_AMT", "100", "INVOICE_NO", "=s1:INVOICE_NO", "STAN", "=s1:STAN"),
					absent: []string{"ECR_REF"}},
				{name: "duplicate", req: rsale("S1", "200"),
					want: map[string]string{"RC": "94", "TEXT": "DUPLICATE ECR_REF"}, absent: []string{"ECR_REF"}},
				{name: "q2", req: map[string]string{"TXN_TYPE": "I", "ECR_REF": "Q2", "ORIG_ECR_REF": "S9"},
					want: map[string]string{"RC": "25", "STATE": "NONE", "ORIG_ECR_REF": "S9"}, absent: []string{"ECR_REF"}},
			},
			ledger: []wantEntry{{StateApproved, "100", ""}},
		},
		{
			name: "ignores references",
			cfg:  Config{Dialect: renamed, IgnoresRefs: true},
			steps: []wireStep{
				{name: "s1", req: rsale("S1", "100"), want: approved, absent: []string{"ECR_REF"}},
				{name: "q1", req: map[string]string{"TXN_TYPE": "I", "ECR_REF": "Q1", "ORIG_ECR_REF": "S1"},
					want:   map[string]string{"RC": "25", "TEXT": "RECORD NOT FOUND", "STATE": "NONE", "TXN_TYPE": "I"},
					absent: []string{"ECR_REF", "ORIG_ECR_REF"}},
				{name: "same reference", req: rsale("S1", "200"), want: approved},
				{name: "void by reference", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V1", "ORIG_ECR_REF": "S1"},
					want: map[string]string{"RC": "30", "TEXT": "FORMAT ERROR: ORIGINAL MISSING"}},
				{name: "void by identifier", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V2", "INV": "=s1:INVOICE_NO"},
					want: with(approved, "TXN_AMT", "100"), absent: []string{"ECR_REF", "ORIG_ECR_REF"}},
			},
			ledger: []wantEntry{{StateVoided, "100", ""}, {StateApproved, "200", ""}, {StateApproved, "100", ""}},
			check: func(t *testing.T, s *Simulator, _ map[string]map[string]string) {
				for _, e := range s.Ledger() {
					if e.Ref != "" || e.OrigRef != "" {
						t.Errorf("ledger kept a reference: %+v", e)
					}
				}
			},
		},
		{
			name: "void by identifier",
			cfg:  Config{Dialect: renamed},
			steps: []wireStep{
				{name: "s1", req: rsale("S1", "100"), want: approved},
				{name: "s2", req: rsale("S2", "200"), want: approved},
				{name: "v1", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V1", "INV": "=s1:INVOICE_NO"},
					want:   with(approved, "TXN_AMT", "100", "CARD_NO", "=s1:CARD_NO", "TXN_TYPE", "V"),
					absent: []string{"ORIG_ECR_REF", "INV"}},
				{name: "v2", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V2", "INV": "=s1:INVOICE_NO"},
					want: map[string]string{"RC": "12", "TEXT": "ALREADY VOIDED"}},
			},
			ledger: []wantEntry{{StateVoided, "100", ""}, {StateApproved, "200", ""}, {StateApproved, "100", ""},
				{StateDeclined, "100", ""}},
		},
		{
			name: "original named two ways",
			cfg:  Config{Dialect: renamed},
			steps: []wireStep{
				{name: "s1", req: rsale("S1", "100"), want: approved},
				{name: "s2", req: rsale("S2", "200"), want: approved},
				{name: "mismatch", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V1", "ORIG_ECR_REF": "S1", "INV": "=s2:INVOICE_NO"},
					want: map[string]string{"RC": "25", "TEXT": "ORIGINAL MISMATCH"}},
				{name: "unknown", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V2", "INV": "99000001"},
					want: map[string]string{"RC": "25", "TEXT": "ORIGINAL NOT FOUND"}},
				{name: "agree", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V3", "ORIG_ECR_REF": "S2", "INV": "=s2:INVOICE_NO"},
					want: with(approved, "TXN_AMT", "200", "ORIG_ECR_REF", "S2")},
				{name: "by RRN", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V4", "RRN": "=s1:RRN"},
					want: with(approved, "TXN_AMT", "100")},
			},
			ledger: []wantEntry{{StateVoided, "100", ""}, {StateVoided, "200", ""}, {StateDeclined, "0", ""},
				{StateDeclined, "0", ""}, {StateApproved, "200", ""}, {StateApproved, "100", ""}},
		},
		{
			name: "refund by identifier",
			cfg:  Config{Dialect: renamed},
			steps: []wireStep{
				{name: "s1", req: rsale("S1", "1000"), want: approved},
				{name: "r1", req: map[string]string{"TXN_TYPE": "R", "TXN_AMT": "400", "ECR_REF": "R1", "ORIG_STAN": "=s1:STAN"},
					want: with(approved, "TXN_AMT", "400", "CARD_NO", "=s1:CARD_NO")},
				{name: "another field's identifier", req: map[string]string{"TXN_TYPE": "R", "TXN_AMT": "100", "ECR_REF": "R2",
					"ORIG_STAN": "=s1:RECEIPT_NO"},
					want: map[string]string{"RC": "25", "TEXT": "ORIGINAL NOT FOUND"}},
				{name: "r3", req: map[string]string{"TXN_TYPE": "R", "ECR_REF": "R3", "ORIG_STAN": "=s1:STAN"},
					want: with(approved, "TXN_AMT", "600")},
			},
			ledger: []wantEntry{{StateRefunded, "1000", "1000"}, {StateApproved, "400", ""}, {StateDeclined, "100", ""},
				{StateApproved, "600", ""}},
		},
		{
			name: "last transaction",
			cfg:  Config{Dialect: renamed},
			steps: []wireStep{
				{name: "l0", req: map[string]string{"TXN_TYPE": "L", "ECR_REF": "L0"},
					want: map[string]string{"RC": "25", "TEXT": "RECORD NOT FOUND", "STATE": "NONE", "ECR_REF": "L0", "TXN_TYPE": "L"}},
				{name: "s1", req: rsale("S1", "100"), want: approved},
				{name: "s2", req: rsale("S2", "1051"), want: map[string]string{"RC": "51"}},
				{name: "l1", req: map[string]string{"TXN_TYPE": "L", "ECR_REF": "L1"},
					want: map[string]string{"RC": "51", "STATE": "FOUND", "ECR_REF": "L1", "ORIG_ECR_REF": "S2", "TXN_TYPE": "L",
						"ORIG_TRAN_CODE": "S", "TXN_AMT": "1051", "TXN_STATE": StateDeclined, "INVOICE_NO": "=s2:INVOICE_NO"}},
				{name: "b1", req: map[string]string{"TXN_TYPE": "B", "ECR_REF": "B1"},
					want: with(approved, "TEXT", "SETTLEMENT SUCCESSFUL", "SALE_COUNT", "1", "SALE_AMOUNT", "100")},
				{name: "l2", req: map[string]string{"TXN_TYPE": "L", "ECR_REF": "L2"},
					want: map[string]string{"STATE": "FOUND", "ORIG_ECR_REF": "S2", "ECR_REF": "L2"}},
				{name: "v1", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V1", "ORIG_ECR_REF": "S1"},
					want: map[string]string{"RC": "12", "TEXT": "BATCH ALREADY SETTLED"}},
				{name: "l3", req: map[string]string{"TXN_TYPE": "L", "ECR_REF": "L3"},
					want: map[string]string{"STATE": "FOUND", "RC": "12", "ORIG_ECR_REF": "V1", "TXN_STATE": StateDeclined}},
			},
			ledger: []wantEntry{{StateSettled, "100", ""}, {StateDeclined, "1051", ""}, {StateSettled, "100", ""},
				{StateDeclined, "100", ""}},
		},
		{
			name: "default dialect's last transaction and identifiers",
			cfg:  Config{},
			steps: []wireStep{
				{name: "l0", req: map[string]string{"TRAN_CODE": codeLastTransaction, "REF_NO": "L0"},
					want: map[string]string{"RESP_CODE": "25", "TXN_STATUS": "NOT_FOUND", "REF_NO": "L0", "TRAN_CODE": "8"}},
				{name: "s1", req: map[string]string{"TRAN_CODE": "1", "TRAN_MODE": "1", "AMOUNT": "100", "REF_NO": "S1"},
					want: map[string]string{"RESP_CODE": "00"}},
				{name: "s2", req: map[string]string{"TRAN_CODE": "1", "TRAN_MODE": "1", "AMOUNT": "200", "REF_NO": "S2"},
					want: map[string]string{"RESP_CODE": "00"}},
				{name: "void by invoice", req: map[string]string{"TRAN_CODE": "2", "REF_NO": "V1", "INVOICE_NO": "=s1:INVOICE_NO"},
					want: map[string]string{"RESP_CODE": "00", "AMOUNT": "100"}},
				{name: "refund by RRN", req: map[string]string{"TRAN_CODE": "3", "REF_NO": "R1", "RRN": "=s2:RRN", "AMOUNT": "50"},
					want: map[string]string{"RESP_CODE": "00", "AMOUNT": "50"}},
				{name: "mismatch", req: map[string]string{"TRAN_CODE": "3", "REF_NO": "R2", "ORIG_REF_NO": "S2",
					"RRN": "=s1:RRN", "AMOUNT": "10"},
					want: map[string]string{"RESP_CODE": "25", "RESP_MSG": "ORIGINAL MISMATCH"}},
				{name: "l1", req: map[string]string{"TRAN_CODE": codeLastTransaction, "REF_NO": "L1"},
					want: map[string]string{"RESP_CODE": "25", "TXN_STATUS": "FOUND", "TXN_STATE": StateDeclined,
						"REF_NO": "L1", "ORIG_REF_NO": "R2", "TRAN_CODE": "8", "ORIG_TRAN_CODE": "3", "AMOUNT": "10"}},
			},
			ledger: []wantEntry{{StateVoided, "100", ""}, {StateApproved, "200", "50"}, {StateApproved, "100", ""},
				{StateApproved, "50", ""}, {StateDeclined, "10", ""}},
		},
		{
			name: "decimal amounts",
			cfg:  Config{Dialect: decimal},
			steps: []wireStep{
				{name: "s1", req: rsale("S1", "12.34"), want: with(approved, "TXN_AMT", "12.34")},
				{name: "v1", req: map[string]string{"TXN_TYPE": "V", "ECR_REF": "V1", "ORIG_ECR_REF": "S1"},
					want: with(approved, "TXN_AMT", "12.34")},
				{name: "whole units", req: rsale("S2", "12"), want: with(approved, "TXN_AMT", "12")},
				{name: "decline in minor units", req: rsale("S3", "10.51"), want: map[string]string{"RC": "51"}},
				{name: "fault in minor units", req: rsale("S4", "9.05"), before: []string{`{"RC": "000", "TEXT"`},
					want: approved},
				{name: "too many decimals", req: rsale("S5", "12.345"),
					want: map[string]string{"RC": "13", "TEXT": "INVALID AMOUNT"}},
				{name: "b1", req: map[string]string{"TXN_TYPE": "B", "ECR_REF": "B1"},
					want: with(approved, "TEXT", "SETTLEMENT SUCCESSFUL", "SALE_COUNT", "2", "SALE_AMOUNT", "21.05", "VOID_COUNT", "1", "VOID_AMOUNT", "12.34",
						"REFUND_AMOUNT", "0.00", "NET_AMOUNT", "21.05")},
			},
			ledger: []wantEntry{{StateVoided, "1234", ""}, {StateSettled, "1234", ""}, {StateSettled, "1200", ""},
				{StateDeclined, "1051", ""}, {StateSettled, "905", ""}, {StateSettled, "2105", ""}},
		},
	}
	for _, tr := range transports {
		for _, tt := range tests {
			t.Run(tr.name+"/"+tt.name, func(t *testing.T) {
				s := startSim(t, tt.cfg)
				c := tr.dial(t, s)
				answers := map[string]map[string]string{}
				resolve := func(v string) string {
					if from, ok := strings.CutPrefix(v, "="); ok {
						step, field, _ := strings.Cut(from, ":")
						return answers[step][field]
					}
					return v
				}
				for _, st := range tt.steps {
					req := map[string]string{}
					for k, v := range st.req {
						req[k] = resolve(v)
					}
					raw, err := json.Marshal(req)
					if err != nil {
						t.Fatal(err)
					}
					c.send(string(raw) + "\n")
					for _, want := range st.before {
						if f := c.next(); string(f) != want {
							t.Fatalf("%s: frame %q, want %q", st.name, f, want)
						}
					}
					m := c.nextObject()
					for k, v := range st.want {
						if v = resolve(v); m[k] != v {
							t.Errorf("%s: %s = %q, want %q (answer %v)", st.name, k, m[k], v, m)
						}
					}
					for _, k := range st.absent {
						if _, ok := m[k]; ok {
							t.Errorf("%s: answer has %s: %v", st.name, k, m)
						}
					}
					for k, re := range st.match {
						if !re.MatchString(m[k]) {
							t.Errorf("%s: %s = %q does not match %s", st.name, k, m[k], re)
						}
					}
					answers[st.name] = m
				}
				entries := s.Ledger()
				if len(entries) != len(tt.ledger) {
					t.Fatalf("ledger has %d entries, want %d: %+v", len(entries), len(tt.ledger), entries)
				}
				for i, want := range tt.ledger {
					e := entries[i]
					if e.State != want.state || e.Amount != want.amount || e.Refunded != want.refunded {
						t.Errorf("ledger %d (%s %s) = state %q amount %q refunded %q, want %q %q %q",
							i, e.Type, e.Ref, e.State, e.Amount, e.Refunded, want.state, want.amount, want.refunded)
					}
				}
				if tt.check != nil {
					tt.check(t, s, answers)
				}
			})
		}
	}
}

func TestSimulatorDialect(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		want Dialect
	}{
		{"default", Config{}, DefaultDialect()},
		{"configured", Config{Dialect: new(renamedDialect())}, renamedDialect()},
		// The terminal drops the references, but the dialect is the one
		// the client speaks.
		{"ignoring references", Config{Dialect: new(renamedDialect()), IgnoresRefs: true}, renamedDialect()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.cfg.WSAddr, tt.cfg.TCPAddr = Off, Off
			s := New(tt.cfg)
			defer s.Close()
			got := s.Dialect()
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Dialect() = %+v, want %+v", got, tt.want)
			}
			got.Modes[0] = "changed"
			if tt.cfg.Dialect != nil {
				tt.cfg.Dialect.Modes[1] = "changed"
			}
			if !reflect.DeepEqual(s.Dialect(), tt.want) {
				t.Errorf("the simulator's dialect changed with its caller's copies: %+v", s.Dialect())
			}
		})
	}
}

func TestStartRefusesAnInvalidDialect(t *testing.T) {
	d := renamedDialect()
	d.Codes.Void = d.Codes.Sale
	s := New(Config{WSAddr: "127.0.0.1:0", TCPAddr: Off, Dialect: &d, Logger: testLogger(t)})
	defer s.Close()
	err := s.Start(t.Context())
	if err == nil || !strings.Contains(err.Error(), "is both sale and void") {
		t.Fatalf("Start = %v, want the dialect refused", err)
	}
	if s.WSAddr() != "" {
		t.Errorf("listening on %s with an invalid dialect", s.WSAddr())
	}
}

// TestLastTransactionNeverWaits checks that a last transaction inquiry is
// answered at once while the terminal is busy, with what is recorded.
func TestLastTransactionNeverWaits(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			s := startSim(t, Config{Fault: FaultSlow, SlowDelay: time.Hour})
			c := tr.dial(t, s)
			c.send(sale("S1", "100")) // processing for an hour
			c.send(`{"TRAN_CODE":"8","REF_NO":"L1"}`)
			wantFields(t, c.nextFor("L1"), map[string]string{
				"TXN_STATUS": "NOT_FOUND", "RESP_CODE": "25", "TRAN_CODE": "8"})
		})
	}
}
