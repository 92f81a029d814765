package terminalsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Transaction codes of the default profile (TRAN_CODE).
const (
	codeSale       = "1"
	codeVoid       = "2"
	codeRefund     = "3"
	codePreAuth    = "4"
	codeCompletion = "5"
	codeSettlement = "6"
	codeInquiry    = "7"
)

// Payment modes of the default profile (TRAN_MODE).
const (
	modeCard = "1"
	modeUPI  = "2"
)

// Request field names, upper case: the terminal matches them
// case-insensitively.
const (
	fieldTranCode = "TRAN_CODE"
	fieldTranMode = "TRAN_MODE"
	fieldAmount   = "AMOUNT"
	fieldRef      = "REF_NO"
	fieldOrigRef  = "ORIG_REF_NO"
)

// request is one parsed request. Fields absent from the JSON are "".
type request struct {
	raw        []byte // as received, for the echo fault
	code       string
	mode       string
	amountText string // as sent, echoed back in AMOUNT
	amount     int64  // minor units; 0 when absent
	ref        string
	origRef    string
}

// financial reports whether the request charges or moves money: those take
// the terminal's one busy slot and are subject to faults.
func (r request) financial() bool {
	switch r.code {
	case codeSale, codeVoid, codeRefund, codePreAuth, codeCompletion:
		return true
	}
	return false
}

// cardMode is the request's payment mode, card when absent.
func (r request) cardMode() string {
	if r.mode == "" {
		return modeCard
	}
	return r.mode
}

// errNotObject marks input that is not one JSON object: the terminal cannot
// tie it to a request, so it answers with a plain-text line, never a
// JSON outcome.
var errNotObject = errors.New("not a JSON object")

// refusal is a request answered with a result code without being processed.
type refusal struct {
	code string // RESP_CODE
	msg  string // RESP_MSG
}

func (e *refusal) Error() string { return e.code + " " + e.msg }

// Refusal codes the terminal answers bad requests with.
const (
	respInvalidTxn    = "12"
	respInvalidAmount = "13"
	respNotFound      = "25"
	respFormatError   = "30"
)

// parseRequest reads one request. On error the returned request holds what
// could be read (REF_NO and TRAN_CODE, for the answer) and the error is
// either errNotObject or a *refusal.
func parseRequest(raw []byte) (request, error) {
	req := request{raw: raw}
	fields, err := decodeObject(raw)
	if err != nil {
		return req, err
	}
	var bad *refusal
	get := func(name string) string {
		v, ok := fields[name]
		if !ok || v == nil {
			return ""
		}
		switch v := v.(type) {
		case string:
			return strings.TrimSpace(v)
		case json.Number:
			return v.String()
		}
		if bad == nil {
			bad = &refusal{respFormatError, "FORMAT ERROR: " + name + " MUST BE A STRING"}
		}
		return ""
	}
	req.ref = get(fieldRef)
	req.code = get(fieldTranCode)
	req.mode = get(fieldTranMode)
	req.amountText = get(fieldAmount)
	req.origRef = get(fieldOrigRef)
	if bad != nil {
		return req, bad
	}
	if err := req.validate(); err != nil {
		return req, err
	}
	return req, nil
}

// validate checks what a terminal checks before it starts a transaction.
func (r *request) validate() error {
	switch r.code {
	case "":
		return &refusal{respFormatError, "FORMAT ERROR: TRAN_CODE MISSING"}
	case codeSale, codeVoid, codeRefund, codePreAuth, codeCompletion, codeSettlement, codeInquiry:
	default:
		return &refusal{respInvalidTxn, "INVALID TRANSACTION: UNKNOWN TRAN_CODE " + r.code}
	}
	if r.mode != "" && r.mode != modeCard && r.mode != modeUPI {
		return &refusal{respInvalidTxn, "INVALID TRAN_MODE " + r.mode}
	}
	if !r.financial() {
		// Settlement and inquiry carry no amount of their own: a template
		// may still send one, and it is ignored rather than refused.
		r.amountText = ""
	} else if r.amountText != "" {
		n, err := parseAmount(r.amountText)
		if err != nil {
			return &refusal{respInvalidAmount, "INVALID AMOUNT"}
		}
		r.amount = n
	}
	switch r.code {
	case codeSale, codePreAuth:
		if r.amountText == "" {
			return &refusal{respFormatError, "FORMAT ERROR: AMOUNT MISSING"}
		}
	case codeVoid, codeRefund, codeCompletion, codeInquiry:
		if r.origRef == "" {
			return &refusal{respFormatError, "FORMAT ERROR: ORIG_REF_NO MISSING"}
		}
	}
	return nil
}

// decodeObject reads exactly one JSON object, upper-casing its keys (the
// terminal matches names case-insensitively) and keeping numbers as text.
func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %v", errNotObject, err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%w: got a JSON %s", errNotObject, jsonKind(v))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the object", errNotObject)
	}
	fields := make(map[string]any, len(obj))
	for k, v := range obj {
		fields[strings.ToUpper(k)] = v
	}
	return fields, nil
}

// jsonKind names a decoded JSON value's kind for error messages.
func jsonKind(v any) string {
	switch v.(type) {
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		return "number"
	case bool:
		return "boolean"
	case nil:
		return "null"
	}
	return "value"
}
