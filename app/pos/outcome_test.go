package pos

import (
	"bytes"
	"testing"
)

func TestClassify(t *testing.T) {
	p := DefaultProfile()
	sale, err := p.BuildRequest("1", RequestParams{Amount: 100, Ref: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	inquiry, err := p.BuildRequest("7", RequestParams{Ref: "R2", OrigRef: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	noRefProfile := DefaultProfile()
	noRefProfile.ReferenceField = ""
	for i := range noRefProfile.Types {
		delete(noRefProfile.Types[i].Template, "REF_NO")
	}
	saleNoRef, err := noRefProfile.BuildRequest("1", RequestParams{Amount: 100, Ref: "R1"})
	if err != nil {
		t.Fatal(err)
	}

	decimal := DefaultProfile()
	decimal.AmountFormat = AmountDecimal
	saleDecimal, err := decimal.BuildRequest("1", RequestParams{Amount: 100, Ref: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	// An imported inquiry may carry no reference of its own.
	noOwnRef := DefaultProfile()
	for i := range noOwnRef.Types {
		if noOwnRef.Types[i].Role == RoleInquiry {
			delete(noOwnRef.Types[i].Template, "REF_NO")
		}
	}
	inquiryNoRef, err := noOwnRef.BuildRequest("7", RequestParams{Ref: "R2", OrigRef: "R1"})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		p        *Profile
		raw      string
		inflight *Request
		kind     Kind
		result   string
		message  string
		ref      string
		approved bool
	}{
		{"plain text ack", p, `Message received: {"TRAN_CODE":"1"}`, &sale, KindTerminalMessage, "", "", "", false},
		{"array", p, `[{"RESP_CODE":"00"}]`, &sale, KindTerminalMessage, "", "", "", false},
		{"invalid JSON", p, `{"RESP_CODE":"00"`, &sale, KindTerminalMessage, "", "", "", false},
		{"empty", p, ``, &sale, KindTerminalMessage, "", "", "", false},
		{"echo verbatim", p, string(sale.Body), &sale, KindEcho, "", "", "R1", false},
		{"echo reordered other case", p, `{"tran_mode":"1","REF_NO":"R1","Amount":"100","TRAN_CODE":"1"}`, &sale, KindEcho, "", "", "R1", false},
		{"echo with numbers", p, `{"TRAN_MODE":1,"REF_NO":"R1","AMOUNT":100,"TRAN_CODE":1}`, &sale, KindEcho, "", "", "R1", false},
		{"not an echo: one field more", p, `{"TRAN_MODE":"1","REF_NO":"R1","AMOUNT":"100","TRAN_CODE":"1","X":"1"}`, &sale, KindNotification, "", "", "R1", false},
		{"not an echo: duplicate keys by case", p, `{"TRAN_MODE":"1","tran_mode":"1","AMOUNT":"100","TRAN_CODE":"1"}`, &sale, KindNotification, "", "", "", false},
		{"greeting", p, `{"MSG":"Server is Waiting for Transaction"}`, &sale, KindNotification, "", "Server is Waiting for Transaction", "", false},
		{"greeting with nothing in flight", p, `{"MSG":"hi"}`, nil, KindNotification, "", "hi", "", false},
		{"approved", p, `{"RESP_CODE":"00","RESP_MSG":"APPROVED","REF_NO":"R1"}`, &sale, KindOutcome, "00", "APPROVED", "R1", true},
		{"approved number zero", p, `{"RESP_CODE":0,"REF_NO":"R1"}`, &sale, KindOutcome, "0", "", "R1", true},
		{"approved word padded lower case", p, `{"status":" success "}`, &sale, KindOutcome, " success ", "", "", true},
		{"declined", p, `{"RESPONSE_CODE":"05","MESSAGE":"DECLINED","REF_NO":"R1"}`, &sale, KindOutcome, "05", "DECLINED", "R1", false},
		{"first result field wins", p, `{"RESULT":"00","RESP_CODE":"51"}`, &sale, KindOutcome, "51", "", "", false},
		{"number is not rounded", p, `{"RESP_CODE":0.0}`, &sale, KindOutcome, "0.0", "", "", false},
		{"no reference in reply", p, `{"RESP_CODE":"00"}`, &sale, KindOutcome, "00", "", "", true},
		{"empty reference in reply", p, `{"RESP_CODE":"00","REF_NO":""}`, &sale, KindOutcome, "00", "", "", true},
		{"reference case-insensitive", p, `{"RESP_CODE":"00","ref_no":"r1"}`, &sale, KindOutcome, "00", "", "r1", true},
		{"other reference is stray", p, `{"RESP_CODE":"00","REF_NO":"R0"}`, &sale, KindStrayOutcome, "00", "", "R0", true},
		{"nothing in flight is stray", p, `{"RESP_CODE":"00","REF_NO":"R1"}`, nil, KindStrayOutcome, "00", "", "R1", true},
		{"reference off: any reply is the outcome", noRefProfile, `{"RESP_CODE":"00","REF_NO":"R0"}`, &saleNoRef, KindOutcome, "00", "", "", true},
		{"request sent no reference", p, `{"RESP_CODE":"00","REF_NO":"T77"}`, &Request{Fields: map[string]string{"A": "1"}}, KindOutcome, "00", "", "T77", true},
		{"inquiry status without result", p, `{"TXN_STATUS":"NOT_FOUND","REF_NO":"R2"}`, &inquiry, KindOutcome, "", "", "R2", false},
		{"inquiry status for another inquiry", p, `{"TXN_STATUS":"NOT_FOUND","REF_NO":"R9"}`, &inquiry, KindStrayOutcome, "", "", "R9", false},
		{"status field alone outside an inquiry", p, `{"TXN_STATUS":"NOT_FOUND"}`, &sale, KindNotification, "", "", "", false},
		// A terminal that keeps no reference: a late answer to a sale
		// lanepay stopped waiting for arrives while the next is in flight.
		{"no reference, another amount is stray", p, `{"RESP_CODE":"00","AMOUNT":"906","RRN":"RRN-OF-A"}`, &sale, KindStrayOutcome, "00", "", "", true},
		{"no reference, the amount padded", p, `{"RESP_CODE":"00","AMOUNT":"000000000100"}`, &sale, KindOutcome, "00", "", "", true},
		{"no reference, another code is stray", p, `{"RESP_CODE":"00","TRAN_CODE":"2"}`, &sale, KindStrayOutcome, "00", "", "", true},
		{"no reference, same code and amount", p, `{"RESP_CODE":"05","TRAN_CODE":"1","AMOUNT":"100"}`, &sale, KindOutcome, "05", "", "", false},
		{"no reference, an amount that does not read", p, `{"RESP_CODE":"00","AMOUNT":"ONE"}`, &sale, KindOutcome, "00", "", "", true},
		{"decimal amounts compare as numbers", decimal, `{"RESP_CODE":"00","AMOUNT":"1.0"}`, &saleDecimal, KindOutcome, "00", "", "", true},
		{"decimal amounts that differ", decimal, `{"RESP_CODE":"00","AMOUNT":"9.06"}`, &saleDecimal, KindStrayOutcome, "00", "", "", true},
		{"inquiry without its own reference, about another", p, `{"RESP_CODE":"00","REF_NO":"R9"}`, &inquiryNoRef, KindStrayOutcome, "00", "", "R9", true},
		{"inquiry without its own reference, the asked one's answer", p, `{"RESP_CODE":"00","REF_NO":"R1"}`, &inquiryNoRef, KindOutcome, "00", "", "R1", true},
		{"inquiry answer naming another original", p, `{"TXN_STATUS":"FOUND","RESP_CODE":"00","ORIG_REF_NO":"R9"}`, &inquiryNoRef, KindStrayOutcome, "00", "", "", true},
		{"inquiry answer carrying the original's code", p, `{"TXN_STATUS":"FOUND","RESP_CODE":"00","TRAN_CODE":"1","ORIG_REF_NO":"R1"}`, &inquiryNoRef, KindOutcome, "00", "", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.p.Classify([]byte(tt.raw), tt.inflight)
			if f.Kind != tt.kind || f.Result != tt.result || f.Message != tt.message || f.Ref != tt.ref || f.Approved != tt.approved {
				t.Errorf("got kind %v result %q message %q ref %q approved %v", f.Kind, f.Result, f.Message, f.Ref, f.Approved)
			}
			if !bytes.Equal(f.Raw, []byte(tt.raw)) {
				t.Errorf("Raw = %q", f.Raw)
			}
		})
	}
}

func TestClassifyCopiesRaw(t *testing.T) {
	raw := []byte(`{"MSG":"hi"}`)
	f := DefaultProfile().Classify(raw, nil)
	raw[2] = 'X'
	if f.Raw[2] != 'M' {
		t.Error("Raw aliases the caller's buffer")
	}
}

func TestInquiryAnswer(t *testing.T) {
	p := DefaultProfile()
	inquiry, err := p.BuildRequest("7", RequestParams{Ref: "R2", OrigRef: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	noStatus := DefaultProfile()
	noStatus.Inquiry = InquiryRules{}
	tests := []struct {
		name     string
		p        *Profile
		raw      string
		want     InquiryStatus
		approved bool
	}{
		{"found approved", p, `{"RESP_CODE":"00","TXN_STATUS":"FOUND","REF_NO":"R2"}`, InquiryFound, true},
		{"found declined", p, `{"RESP_CODE":"05","REF_NO":"R2"}`, InquiryFound, false},
		{"not found with result", p, `{"RESP_CODE":"25","TXN_STATUS":"NOT_FOUND"}`, InquiryNotFound, false},
		{"not found without result", p, `{"TXN_STATUS":"not_found"}`, InquiryNotFound, false},
		{"in progress", p, `{"TXN_STATUS":" IN_PROGRESS ","RESP_CODE":"09"}`, InquiryInProgress, false},
		{"status but no result", p, `{"TXN_STATUS":"DONE"}`, InquiryNoAnswer, false},
		{"stray", p, `{"RESP_CODE":"00","REF_NO":"R9"}`, InquiryNoAnswer, true},
		{"notification", p, `{"MSG":"busy"}`, InquiryNoAnswer, false},
		{"text", p, `BUSY`, InquiryNoAnswer, false},
		{"no status rules", noStatus, `{"RESP_CODE":"00","TXN_STATUS":"NOT_FOUND"}`, InquiryFound, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.p.Classify([]byte(tt.raw), &inquiry)
			got := tt.p.InquiryAnswer(f)
			if got != tt.want || f.Approved != tt.approved {
				t.Errorf("InquiryAnswer = %v (approved %v), want %v (approved %v); frame kind %v", got, f.Approved, tt.want, tt.approved, f.Kind)
			}
		})
	}
}

func TestInquiryStatusString(t *testing.T) {
	tests := []struct {
		s    InquiryStatus
		want string
	}{
		{InquiryNoAnswer, "no answer"},
		{InquiryFound, "found"},
		{InquiryNotFound, "not found"},
		{InquiryInProgress, "in progress"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Errorf("String() = %q", got)
			}
		})
	}
}

func FuzzClassify(f *testing.F) {
	f.Add([]byte(`{"RESP_CODE":"00","REF_NO":"R1"}`), true)
	f.Add([]byte(`{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"100","REF_NO":"R1"}`), true)
	f.Add([]byte(`{"MSG":"Server is Waiting for Transaction"}`), false)
	f.Add([]byte(`Message received`), true)
	f.Add([]byte(`{"RESP_CODE":0,"X":{"a":[1]},"N":null}`), false)
	p := DefaultProfile()
	sale, err := p.BuildRequest("1", RequestParams{Amount: 100, Ref: "R1"})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, raw []byte, inflight bool) {
		var req *Request
		if inflight {
			req = &sale
		}
		fr := p.Classify(raw, req)
		if !bytes.Equal(fr.Raw, raw) {
			t.Fatal("Raw changed")
		}
		switch fr.Kind {
		case KindTerminalMessage:
			if fr.Fields != nil || fr.Approved {
				t.Fatal("terminal message with fields")
			}
		case KindEcho:
			if req == nil {
				t.Fatal("echo with nothing in flight")
			}
		case KindNotification:
			if fr.HasResult || fr.Approved {
				t.Fatal("notification with a result")
			}
		case KindOutcome:
			if req == nil || !fr.HasResult {
				t.Fatal("outcome with nothing in flight or no result")
			}
			if fr.Ref != "" && fr.Ref != "R1" && !bytes.EqualFold([]byte(fr.Ref), []byte("R1")) {
				t.Fatalf("outcome for another reference %q", fr.Ref)
			}
		case KindStrayOutcome:
		default:
			t.Fatalf("kind %v", fr.Kind)
		}
		if fr.Approved && !fr.HasResult {
			t.Fatal("approved without a result")
		}
		_ = p.InquiryAnswer(fr)
	})
}
