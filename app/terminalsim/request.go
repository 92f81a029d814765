package terminalsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Transaction codes of the default dialect (TRAN_CODE).
const (
	codeSale            = "1"
	codeVoid            = "2"
	codeRefund          = "3"
	codePreAuth         = "4"
	codeCompletion      = "5"
	codeSettlement      = "6"
	codeInquiry         = "7"
	codeLastTransaction = "8"
)

// Payment modes of the default dialect (TRAN_MODE). They also name the two
// kinds of test instruments whatever the dialect (see Dialect.Modes).
const (
	modeCard = "1"
	modeUPI  = "2"
)

// Request field names of the default dialect.
const (
	fieldTranCode = "TRAN_CODE"
	fieldTranMode = "TRAN_MODE"
	fieldAmount   = "AMOUNT"
	fieldRef      = "REF_NO"
	fieldOrigRef  = "ORIG_REF_NO"
)

// request is one parsed request. Fields absent from the JSON are "".
type request struct {
	raw []byte // as received, for the echo fault
	// d is the dialect the request was read in; nil means the default, as
	// in Config.
	d          *Dialect
	code       string
	mode       string
	amountText string // as sent, echoed back in the amount field
	amount     int64  // minor units; 0 when absent
	ref        string
	origRef    string
	// origIDs names the original by identifiers its answer carried: answer
	// field to value. Nil when the request carries none.
	origIDs map[string]string
}

// dialect is the dialect the request was read in.
func (r request) dialect() *Dialect {
	if r.d == nil {
		return &defaultDialect
	}
	return r.d
}

// role is what the request's code means.
func (r request) role() role { return r.dialect().roleOf(r.code) }

// financial reports whether the request charges or moves money: those take
// the terminal's one busy slot and are subject to faults.
func (r request) financial() bool { return r.role().financial() }

// payMode is the request's payment mode, the dialect's first when absent.
func (r request) payMode() string {
	if r.mode == "" {
		return r.dialect().defaultMode()
	}
	return r.mode
}

// namesOriginal reports whether the request says which transaction it is
// about, by reference or by identifier.
func (r request) namesOriginal() bool { return r.origRef != "" || len(r.origIDs) > 0 }

// errNotObject marks input that is not one JSON object: the terminal cannot
// tie it to a request, so it answers with a plain-text line, never a
// JSON outcome.
var errNotObject = errors.New("not a JSON object")

// refusal is a request answered with a result code without being processed.
type refusal struct {
	code string // the result
	msg  string // the message
}

func (e *refusal) Error() string { return e.code + " " + e.msg }

// Refusal codes the terminal answers bad requests with.
const (
	respInvalidTxn    = "12"
	respInvalidAmount = "13"
	respNotFound      = "25"
	respFormatError   = "30"
)

// parseRequestIn reads one request in dialect d (nil: the default). On
// error the returned request holds what could be read (the reference and
// the code, for the answer) and the error is either errNotObject or a
// *refusal.
func parseRequestIn(d *Dialect, raw []byte) (request, error) {
	req := request{raw: raw, d: d}
	fields, err := decodeObject(raw)
	if err != nil {
		return req, err
	}
	var bad *refusal
	get := func(name string) string {
		if name == "" {
			return ""
		}
		name = strings.ToUpper(name)
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
	dl := req.dialect()
	req.ref = get(dl.ReferenceField)
	req.code = get(dl.CodeField)
	req.mode = get(dl.ModeField)
	req.amountText = get(dl.AmountField)
	req.origRef = get(dl.OriginalReferenceField)
	if req.role().needsOriginal() {
		for _, k := range slices.Sorted(maps.Keys(dl.OriginalIDs)) {
			if v := get(k); v != "" {
				if req.origIDs == nil {
					req.origIDs = map[string]string{}
				}
				req.origIDs[dl.OriginalIDs[k]] = v
			}
		}
	}
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
	d := r.dialect()
	kind := r.role()
	switch {
	case r.code == "":
		return &refusal{respFormatError, "FORMAT ERROR: " + upper(d.CodeField) + " MISSING"}
	case kind == roleNone:
		return &refusal{respInvalidTxn, "INVALID TRANSACTION: UNKNOWN " + upper(d.CodeField) + " " + r.code}
	}
	if r.mode != "" && !d.validMode(r.mode) {
		return &refusal{respInvalidTxn, "INVALID " + upper(d.ModeField) + " " + r.mode}
	}
	if !kind.financial() {
		// Settlement and inquiries carry no amount of their own: a template
		// may still send one, and it is ignored rather than refused.
		r.amountText = ""
	} else if r.amountText != "" {
		n, err := d.parseAmount(r.amountText)
		if err != nil {
			return &refusal{respInvalidAmount, "INVALID AMOUNT"}
		}
		r.amount = n
	}
	switch {
	case (kind == roleSale || kind == rolePreAuth) && r.amountText == "":
		return &refusal{respFormatError, "FORMAT ERROR: " + upper(d.AmountField) + " MISSING"}
	case kind.needsOriginal() && !r.namesOriginal(),
		// Without an original reference field an inquiry cannot name
		// anything: it is answered not found rather than refused.
		kind == roleInquiry && r.origRef == "" && d.OriginalReferenceField != "":
		what := "ORIGINAL"
		if d.OriginalReferenceField != "" {
			what = upper(d.OriginalReferenceField)
		}
		return &refusal{respFormatError, "FORMAT ERROR: " + what + " MISSING"}
	}
	return nil
}

// upper is a field name as refusal messages spell it.
func upper(name string) string { return strings.ToUpper(name) }

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
