package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

func TestSamplePayload(t *testing.T) {
	p := pos.DefaultProfile()
	for _, typ := range p.Types {
		t.Run(typ.Name, func(t *testing.T) {
			body, err := samplePayload(p, typ.Code, "REF-1", "")
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]string
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatalf("not a JSON object of strings: %v: %s", err, body)
			}
			if strings.ContainsAny(body, "\n\r") {
				t.Errorf("the payload spans lines, which a TCP terminal reads as several messages: %q", body)
			}
			if got["TRAN_CODE"] != typ.Code || got["REF_NO"] != "REF-1" {
				t.Errorf("payload %v lacks its code %s or the reference", got, typ.Code)
			}
			if a, ok := got["AMOUNT"]; ok != typ.Uses(pos.PlaceholderAmount) || (ok && a != "100") {
				t.Errorf("payload %v: amount %q, want 100 minor units exactly when the template has one", got, a)
			}
			if o, ok := got["ORIG_REF_NO"]; ok && o != placeholderOrigRef {
				t.Errorf("payload %v: original reference %q, want the placeholder", got, o)
			}
		})
	}
	body, err := samplePayload(p, "2", "REF-2", "SALE-9")
	if err != nil || !strings.Contains(body, `"ORIG_REF_NO":"SALE-9"`) {
		t.Errorf("a void's sample names the sale offered: %s %v", body, err)
	}
	dec := pos.DefaultProfile()
	dec.AmountFormat = pos.AmountDecimal
	if body, _ := samplePayload(dec, "1", "R", ""); !strings.Contains(body, `"AMOUNT":"1.00"`) {
		t.Errorf("a decimal profile's sample: %s", body)
	}
	if _, err := samplePayload(p, "42", "R", ""); err == nil {
		t.Error("an unknown code gives a payload")
	}
}

// TestConsoleRefusals checks the words for a payload that is refused, and
// that a refused payload is not journalled.
func TestConsoleRefusals(t *testing.T) {
	sess := testSession(t)
	v := sess.voice()
	_, err := sess.Till().RunRaw(context.Background(), []byte("TRAN_CODE=1"))
	if got := consoleError(v, err); !strings.HasPrefix(got, "Not sent: the payload must be one JSON object") {
		t.Errorf("non-JSON: %q", got)
	}
	if recs, _ := sess.Journal().List(context.Background(), journal.Filter{}); len(recs) != 0 {
		t.Errorf("a refused payload was journalled: %v", recs)
	}
	tests := []struct {
		err  error
		want string
	}{
		{till.ErrNotConnected, "Not connected to the terminal: nothing was sent"},
		{till.ErrBusy, "Not sent: a transaction is already in progress"},
		{fmt.Errorf("%w: %w", till.ErrJournal, &journal.OpError{Op: journal.OpBegin, Ref: "X", Err: journal.ErrExists}), "Not sent: this reference is already in the journal"},
		{errors.New("boom"), "Not sent: boom"},
	}
	for _, tt := range tests {
		if got := consoleError(v, tt.err); !strings.HasPrefix(got, tt.want) {
			t.Errorf("consoleError(%v) = %q, want it to start %q", tt.err, got, tt.want)
		}
	}
}
