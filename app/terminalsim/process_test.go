package terminalsim

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// step is one request and what its answer must say. A want value "=REF:FIELD"
// means "the same as FIELD in the answer to REF".
type step struct {
	req     string
	want    map[string]string
	absent  []string // fields the answer must not have
	textPre string   // for a plain-text answer: its prefix
}

// wantEntry is what the ledger must say about one reference at the end.
type wantEntry struct {
	state, amount, refunded string
}

func TestTransactions(t *testing.T) {
	approved := map[string]string{"RESP_CODE": "00", "RESP_MSG": "APPROVED"}
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
		steps  []step
		ledger map[string]wantEntry // by ref; nil skips the ledger checks
		count  int                  // ledger length, checked when ledger is not nil
	}{
		{
			name: "sale approved",
			steps: []step{{req: sale("S1", "100"), want: with(approved,
				"AMOUNT", "100", "TRAN_CODE", "1", "TRAN_MODE", "1", "CARD_TYPE", "VISA",
				"CARD_NO", "************4242", "TID", DefaultTID, "MID", DefaultMID,
				"BATCH_NO", "000001", "INVOICE_NO", "000001")}},
			ledger: map[string]wantEntry{"S1": {StateApproved, "100", ""}},
			count:  1,
		},
		{
			name:   "sale with decimal amount echoes it",
			steps:  []step{{req: sale("S1", "10.00"), want: with(approved, "AMOUNT", "10.00")}},
			ledger: map[string]wantEntry{"S1": {StateApproved, "1000", ""}},
			count:  1,
		},
		{
			name: "lower-case names and number values",
			steps: []step{{req: `{"tran_code":1,"tran_mode":1,"amount":250,"ref_no":"S1"}`,
				want: with(approved, "AMOUNT", "250", "REF_NO", "S1")}},
			ledger: map[string]wantEntry{"S1": {StateApproved, "250", ""}},
			count:  1,
		},
		{
			name: "sale without REF_NO",
			steps: []step{{req: `{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"100"}`,
				want: approved, absent: []string{"REF_NO"}}},
		},
		{
			name: "insufficient funds",
			steps: []step{{req: sale("S1", "1051"),
				want:   map[string]string{"RESP_CODE": "51", "RESP_MSG": "INSUFFICIENT FUNDS"},
				absent: []string{"AUTH_CODE"}}},
			ledger: map[string]wantEntry{"S1": {StateDeclined, "1051", ""}},
			count:  1,
		},
		{
			name: "do not honour",
			steps: []step{{req: sale("S1", "1205"),
				want: map[string]string{"RESP_CODE": "05", "RESP_MSG": "DO NOT HONOUR"}}},
			ledger: map[string]wantEntry{"S1": {StateDeclined, "1205", ""}},
			count:  1,
		},
		{
			name: "UPI sale",
			steps: []step{{req: `{"TRAN_MODE":"2","TRAN_CODE":"1","AMOUNT":"100","REF_NO":"S1"}`,
				want: with(approved, "TRAN_MODE", "2", "CARD_TYPE", "UPI")}},
		},
		{
			name: "void",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: withOrig("2", "V1", "S1", ""), want: with(approved,
					"AMOUNT", "100", "ORIG_REF_NO", "S1", "TRAN_CODE", "2", "CARD_NO", "=S1:CARD_NO")},
			},
			ledger: map[string]wantEntry{"S1": {StateVoided, "100", ""}, "V1": {StateApproved, "100", ""}},
			count:  2,
		},
		{
			name: "void twice refused",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: withOrig("2", "V1", "S1", "100"), want: approved},
				{req: withOrig("2", "V2", "S1", ""), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "ALREADY VOIDED"}},
			},
			ledger: map[string]wantEntry{"S1": {StateVoided, "100", ""}, "V2": {StateDeclined, "100", ""}},
			count:  3,
		},
		{
			name: "void of unknown refused",
			steps: []step{{req: withOrig("2", "V1", "NOPE", ""),
				want: map[string]string{"RESP_CODE": "25", "RESP_MSG": "ORIGINAL NOT FOUND"}}},
			ledger: map[string]wantEntry{"V1": {StateDeclined, "0", ""}},
			count:  1,
		},
		{
			name: "void of a refund refused",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: withOrig("3", "R1", "S1", "50"), want: approved},
				{req: withOrig("2", "V1", "R1", ""), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "CANNOT VOID A REFUND"}},
				{req: withOrig("2", "V2", "S1", ""), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "ALREADY REFUNDED"}},
			},
		},
		{
			name: "void with another amount refused",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: withOrig("2", "V1", "S1", "99"), want: map[string]string{"RESP_CODE": "13"}},
			},
			ledger: map[string]wantEntry{"S1": {StateApproved, "100", ""}, "V1": {StateDeclined, "99", ""}},
			count:  2,
		},
		{
			name: "refunds up to the original",
			steps: []step{
				{req: sale("S1", "1000"), want: approved},
				{req: withOrig("3", "R1", "S1", "400"), want: with(approved, "AMOUNT", "400", "TRAN_CODE", "3")},
				{req: withOrig("3", "R2", "S1", "601"), want: map[string]string{"RESP_CODE": "13", "RESP_MSG": "AMOUNT EXCEEDS ORIGINAL"}},
				{req: withOrig("3", "R3", "S1", ""), want: with(approved, "AMOUNT", "600")},
				{req: withOrig("3", "R4", "S1", "1"), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "ALREADY REFUNDED"}},
			},
			ledger: map[string]wantEntry{
				"S1": {StateRefunded, "1000", "1000"}, "R1": {StateApproved, "400", ""},
				"R2": {StateDeclined, "601", ""}, "R3": {StateApproved, "600", ""},
			},
			count: 5,
		},
		{
			name: "partial refund leaves the sale approved",
			steps: []step{
				{req: sale("S1", "1000"), want: approved},
				{req: withOrig("3", "R1", "S1", "250"), want: approved},
			},
			ledger: map[string]wantEntry{"S1": {StateApproved, "1000", "250"}},
			count:  2,
		},
		{
			name: "refund of voided or declined refused",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: withOrig("2", "V1", "S1", ""), want: approved},
				{req: withOrig("3", "R1", "S1", "100"), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "ORIGINAL VOIDED"}},
				{req: sale("S2", "1051"), want: map[string]string{"RESP_CODE": "51"}},
				{req: withOrig("3", "R2", "S2", "100"), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "ORIGINAL NOT APPROVED"}},
			},
		},
		{
			name: "pre-auth and one completion",
			steps: []step{
				{req: `{"TRAN_CODE":"4","AMOUNT":"5000","REF_NO":"P1"}`, want: with(approved, "TRAN_CODE", "4")},
				{req: withOrig("5", "C1", "P1", "6000"), want: map[string]string{"RESP_CODE": "13", "RESP_MSG": "AMOUNT EXCEEDS PRE-AUTH"}},
				{req: withOrig("5", "C2", "P1", "4000"), want: with(approved, "AMOUNT", "4000", "CARD_NO", "=P1:CARD_NO")},
				{req: withOrig("5", "C3", "P1", "100"), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "PRE-AUTH ALREADY COMPLETED"}},
			},
			ledger: map[string]wantEntry{"P1": {StateCompleted, "5000", ""}, "C2": {StateApproved, "4000", ""}},
			count:  4,
		},
		{
			name: "completion of a sale refused",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: withOrig("5", "C1", "S1", ""), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "ORIGINAL NOT A PRE-AUTH"}},
			},
		},
		{
			name: "settlement totals the batch",
			steps: []step{
				{req: sale("S1", "1000"), want: approved},
				{req: sale("S2", "2000"), want: approved},
				{req: withOrig("2", "V1", "S2", ""), want: approved},
				{req: withOrig("3", "R1", "S1", "500"), want: approved},
				{req: `{"TRAN_CODE":"4","AMOUNT":"3000","REF_NO":"P1"}`, want: approved},
				{req: withOrig("5", "C1", "P1", "2500"), want: approved},
				{req: `{"TRAN_CODE":"4","AMOUNT":"700","REF_NO":"P2"}`, want: approved},
				{req: sale("S3", "1051"), want: map[string]string{"RESP_CODE": "51"}},
				{req: `{"TRAN_CODE":"6","REF_NO":"B1"}`, want: with(approved,
					"RESP_MSG", "SETTLEMENT SUCCESSFUL", "BATCH_NO", "000001", "NEXT_BATCH_NO", "000002",
					"SALE_COUNT", "1", "SALE_AMOUNT", "1000", "VOID_COUNT", "1", "VOID_AMOUNT", "2000",
					"REFUND_COUNT", "1", "REFUND_AMOUNT", "500", "COMPLETION_COUNT", "1",
					"COMPLETION_AMOUNT", "2500", "NET_AMOUNT", "3000")},
				{req: sale("S4", "100"), want: with(approved, "BATCH_NO", "000002")},
				{req: withOrig("2", "V2", "S1", ""), want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "BATCH ALREADY SETTLED"}},
				{req: withOrig("3", "R2", "S1", "500"), want: with(approved, "BATCH_NO", "000002")},
				{req: withOrig("5", "C2", "P2", ""), want: with(approved, "AMOUNT", "700")},
				{req: `{"TRAN_CODE":"6","REF_NO":"B2"}`, want: with(approved, "RESP_MSG", "SETTLEMENT SUCCESSFUL", "BATCH_NO", "000002",
					"SALE_COUNT", "1", "REFUND_COUNT", "1", "COMPLETION_COUNT", "1", "VOID_COUNT", "0",
					"NET_AMOUNT", "300")},
			},
			ledger: map[string]wantEntry{
				"S1": {StateRefunded, "1000", "1000"}, "S2": {StateVoided, "2000", ""},
				"V1": {StateSettled, "2000", ""}, "R1": {StateSettled, "500", ""},
				"P1": {StateCompleted, "3000", ""}, "C1": {StateSettled, "2500", ""},
				"S3": {StateDeclined, "1051", ""}, "B1": {StateSettled, "3000", ""},
				"S4": {StateSettled, "100", ""}, "P2": {StateCompleted, "700", ""},
				"V2": {StateDeclined, "1000", ""}, "B2": {StateSettled, "300", ""},
			},
			count: 14,
		},
		{
			name: "inquiry finds the stored outcome",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: inquiry("Q1", "S1"), want: with(approved,
					"TXN_STATUS", "FOUND", "TXN_STATE", StateApproved, "REF_NO", "Q1", "ORIG_REF_NO", "S1",
					"TRAN_CODE", "7", "ORIG_TRAN_CODE", "1", "AMOUNT", "100",
					"AUTH_CODE", "=S1:AUTH_CODE", "RRN", "=S1:RRN", "INVOICE_NO", "=S1:INVOICE_NO")},
				{req: withOrig("2", "V1", "S1", ""), want: approved},
				{req: inquiry("Q2", "S1"), want: with(approved, "TXN_STATUS", "FOUND", "TXN_STATE", StateVoided)},
				{req: sale("S2", "1051"), want: map[string]string{"RESP_CODE": "51"}},
				{req: inquiry("Q3", "S2"), want: map[string]string{"RESP_CODE": "51", "TXN_STATUS": "FOUND", "TXN_STATE": StateDeclined}},
			},
			count:  3,
			ledger: map[string]wantEntry{"S1": {StateVoided, "100", ""}},
		},
		{
			name: "inquiry of an unknown reference",
			steps: []step{{req: inquiry("Q1", "NOPE"), want: map[string]string{
				"RESP_CODE": "25", "RESP_MSG": "RECORD NOT FOUND", "TXN_STATUS": "NOT_FOUND",
				"REF_NO": "Q1", "ORIG_REF_NO": "NOPE"}}},
			ledger: map[string]wantEntry{},
			count:  0,
		},
		{
			name: "duplicate reference refused",
			steps: []step{
				{req: sale("S1", "100"), want: approved},
				{req: sale("S1", "200"), want: map[string]string{"RESP_CODE": "94", "REF_NO": "S1"}},
			},
			ledger: map[string]wantEntry{"S1": {StateApproved, "100", ""}},
			count:  1,
		},
		{
			name: "bad requests are answered and not recorded",
			steps: []step{
				{req: `hello`, textPre: "ERROR: not a JSON object"},
				{req: `["TRAN_CODE","1"]`, textPre: "ERROR: not a JSON object"},
				{req: `{"AMOUNT":"100","REF_NO":"B1"}`, want: map[string]string{"RESP_CODE": "30", "RESP_MSG": "FORMAT ERROR: TRAN_CODE MISSING", "REF_NO": "B1"}},
				{req: `{"TRAN_CODE":"42","REF_NO":"B2"}`, want: map[string]string{"RESP_CODE": "12", "REF_NO": "B2"}},
				{req: `{"TRAN_CODE":"1","AMOUNT":"1.001","REF_NO":"B3"}`, want: map[string]string{"RESP_CODE": "13", "RESP_MSG": "INVALID AMOUNT"}},
				{req: `{"TRAN_CODE":"1","AMOUNT":"abc","REF_NO":"B4"}`, want: map[string]string{"RESP_CODE": "13"}},
				{req: `{"TRAN_CODE":"1","REF_NO":"B5"}`, want: map[string]string{"RESP_CODE": "30", "RESP_MSG": "FORMAT ERROR: AMOUNT MISSING"}},
				{req: `{"TRAN_CODE":"2","REF_NO":"B6"}`, want: map[string]string{"RESP_CODE": "30", "RESP_MSG": "FORMAT ERROR: ORIG_REF_NO MISSING"}},
				{req: `{"TRAN_CODE":"1","TRAN_MODE":"7","AMOUNT":"100","REF_NO":"B7"}`, want: map[string]string{"RESP_CODE": "12", "RESP_MSG": "INVALID TRAN_MODE 7"}},
			},
			ledger: map[string]wantEntry{},
			count:  0,
		},
	}
	for _, tr := range transports {
		for _, tt := range tests {
			t.Run(tr.name+"/"+tt.name, func(t *testing.T) {
				s := startSim(t, Config{})
				c := tr.dial(t, s)
				answers := map[string]map[string]string{}
				for i, st := range tt.steps {
					c.send(st.req + "\n")
					if st.textPre != "" {
						if f := c.next(); !strings.HasPrefix(string(f), st.textPre) {
							t.Fatalf("step %d: answer %q, want prefix %q", i, f, st.textPre)
						}
						continue
					}
					m := c.nextObject()
					ref := requestRef(t, st.req)
					if m["REF_NO"] != ref {
						t.Fatalf("step %d: REF_NO = %q, want %q (%v)", i, m["REF_NO"], ref, m)
					}
					for k, v := range st.want {
						if from, ok := strings.CutPrefix(v, "="); ok {
							r, f, _ := strings.Cut(from, ":")
							v = answers[r][f]
						}
						if m[k] != v {
							t.Errorf("step %d: %s = %q, want %q (answer %v)", i, k, m[k], v, m)
						}
					}
					for _, k := range st.absent {
						if _, ok := m[k]; ok {
							t.Errorf("step %d: answer has %s: %v", i, k, m)
						}
					}
					if m["RESP_CODE"] == "00" && m["TRAN_CODE"] != "6" && m["TRAN_CODE"] != "7" {
						checkApprovedShape(t, m)
					}
					answers[ref] = m
				}
				if tt.ledger == nil {
					return
				}
				if got := len(s.Ledger()); got != tt.count {
					t.Errorf("ledger has %d entries, want %d: %+v", got, tt.count, s.Ledger())
				}
				for ref, want := range tt.ledger {
					e, ok := entryFor(t, s, ref)
					if !ok {
						t.Errorf("ledger has no %s", ref)
						continue
					}
					if e.State != want.state || e.Amount != want.amount || e.Refunded != want.refunded {
						t.Errorf("ledger %s = state %q amount %q refunded %q, want %q %q %q",
							ref, e.State, e.Amount, e.Refunded, want.state, want.amount, want.refunded)
					}
				}
			})
		}
	}
}

// requestRef is the REF_NO a test request carries, "" if none.
func requestRef(t *testing.T, req string) string {
	t.Helper()
	m, err := decodeObject([]byte(req))
	if err != nil {
		t.Fatalf("test request %q: %v", req, err)
	}
	ref, _ := m[fieldRef].(string)
	return ref
}

var (
	reAuth    = regexp.MustCompile(`^[A-Z0-9]{6}$`)
	reRRN     = regexp.MustCompile(`^[0-9]{12}$`)
	reCard    = regexp.MustCompile(`^\*{12}[0-9]{4}$`)
	reVPA     = regexp.MustCompile(`^[a-z]+\*+@[a-z]+$`)
	reDate    = regexp.MustCompile(`^20[0-9]{6}$`)
	reTime    = regexp.MustCompile(`^[0-9]{6}$`)
	reSixDigs = regexp.MustCompile(`^[0-9]{6}$`)
)

// checkApprovedShape checks the fields every approved payment answer has.
func checkApprovedShape(t *testing.T, m map[string]string) {
	t.Helper()
	checks := []struct {
		field string
		re    *regexp.Regexp
	}{
		{"AUTH_CODE", reAuth}, {"RRN", reRRN}, {"TXN_DATE", reDate}, {"TXN_TIME", reTime},
		{"BATCH_NO", reSixDigs}, {"INVOICE_NO", reSixDigs},
	}
	if m["TRAN_MODE"] == modeUPI {
		checks = append(checks, struct {
			field string
			re    *regexp.Regexp
		}{"CARD_NO", reVPA})
	} else {
		checks = append(checks, struct {
			field string
			re    *regexp.Regexp
		}{"CARD_NO", reCard})
	}
	for _, c := range checks {
		if !c.re.MatchString(m[c.field]) {
			t.Errorf("%s = %q does not match %s", c.field, m[c.field], c.re)
		}
	}
	for _, f := range []string{"TID", "MID", "CARD_TYPE", "TRAN_CODE", "TRAN_MODE", "AMOUNT"} {
		if m[f] == "" {
			t.Errorf("approved answer lacks %s: %v", f, m)
		}
	}
}

// TestTerminalSlot checks the busy slot and in-progress inquiries without a
// transport.
func TestTerminalSlot(t *testing.T) {
	now := time.Now()
	term := newTerminal("T", "M")
	s1 := request{code: codeSale, ref: "S1", amountText: "100", amount: 100}
	if _, ok := term.begin(s1, now); !ok {
		t.Fatal("begin on an idle terminal refused")
	}
	tests := []struct {
		name string
		do   func() answer
		want map[string]string
	}{
		{"second sale busy", func() answer {
			a, _ := term.begin(request{code: codeSale, ref: "S2", amountText: "5", amount: 5}, now)
			return a
		}, map[string]string{"RESP_CODE": "BY", "RESP_MSG": "TERMINAL BUSY", "REF_NO": "S2", "AMOUNT": "5"}},
		{"settlement busy", func() answer {
			a, _ := term.begin(request{code: codeSettlement, ref: "B1"}, now)
			return a
		}, map[string]string{"RESP_CODE": "BY", "REF_NO": "B1"}},
		{"inquiry in progress", func() answer {
			return term.inquire(request{code: codeInquiry, ref: "Q1", origRef: "S1"}, now)
		}, map[string]string{"RESP_CODE": "09", "TXN_STATUS": "IN_PROGRESS", "REF_NO": "Q1", "ORIG_REF_NO": "S1"}},
		{"inquiry of another ref", func() answer {
			return term.inquire(request{code: codeInquiry, ref: "Q2", origRef: "S9"}, now)
		}, map[string]string{"RESP_CODE": "25", "TXN_STATUS": "NOT_FOUND"}},
		{"finish records and frees", func() answer {
			return term.finish(s1, now)
		}, map[string]string{"RESP_CODE": "00", "REF_NO": "S1"}},
		{"inquiry found", func() answer {
			return term.inquire(request{code: codeInquiry, ref: "Q3", origRef: "S1"}, now)
		}, map[string]string{"RESP_CODE": "00", "TXN_STATUS": "FOUND"}},
		{"duplicate refused", func() answer {
			a, _ := term.begin(s1, now)
			return a
		}, map[string]string{"RESP_CODE": "94"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := tt.do()
			for k, v := range tt.want {
				if a[k] != v {
					t.Errorf("%s = %q, want %q (%v)", k, a[k], v, a)
				}
			}
		})
	}
	if _, ok := term.begin(request{code: codeSale, ref: "S3", amount: 1}, now); !ok {
		t.Fatal("slot not free after finish")
	}
	term.abandon()
	if _, ok := term.begin(request{code: codeSale, ref: "S4", amount: 1}, now); !ok {
		t.Fatal("slot not free after abandon")
	}
}
