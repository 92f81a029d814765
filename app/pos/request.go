package pos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// RequestParams are what the cashier and the journal supply for one
// request. Mode is a mode code; empty means the profile's first mode.
// Original is the recorded answer of the transaction OrigRef names, for
// templates that take identifiers from it ({{orig.NAME}}).
type RequestParams struct {
	Amount   Amount
	Mode     string
	Ref      string
	OrigRef  string
	Original map[string]string
}

// Request is a request ready to send. Fields is the filled template, kept to
// recognise the terminal echoing it back. Ref is the reference the request
// actually carries, empty when it sends none, so that a reply can only be
// matched on a reference the terminal was given.
type Request struct {
	Type   TranType
	Params RequestParams
	Body   []byte
	Fields map[string]string
	Ref    string
}

// Errors from BuildRequest that the cashier can act on.
var (
	ErrNoOriginal = errors.New("this transaction needs the reference of the original transaction")
	ErrNoRef      = errors.New("failed to build request: no reference for this request")
)

// MissingOriginalError says the original transaction's recorded answer
// lacks an identifier the request must send: guessing one could void or
// refund another customer's sale.
type MissingOriginalError struct {
	Type  string // the transaction type's name, e.g. "Void"
	Field string // the answer field it needs, e.g. "INVOICE_NO"
}

func (e *MissingOriginalError) Error() string {
	return fmt.Sprintf("the original transaction's answer has no %s, which a %s sends to name it: do it on the terminal itself", e.Field, e.Type)
}

// BuildRequest fills the template of the type with the given code. The body
// is compact JSON with sorted keys and every value a JSON string, as the
// vendor's cJSON parser expects.
//
// Two fields are lanepay's, not the template's, because recovery depends
// on them whatever a profile or an imported collection says:
//   - every financial request carries rp.Ref in the profile's reference
//     field, so that a status inquiry asks about a reference the terminal
//     was given;
//   - a status inquiry carries rp.OrigRef, the reference it asks about, in
//     the original reference field.
func (p *Profile) BuildRequest(code string, rp RequestParams) (Request, error) {
	t, ok := p.Type(code)
	if !ok {
		return Request{}, fmt.Errorf("unknown transaction type %q", code)
	}
	values := map[string]string{PlaceholderCode: t.Code}
	if t.NeedsAmount || t.Uses(PlaceholderAmount) {
		if err := RequirePositive(rp.Amount); err != nil {
			return Request{}, err
		}
		if rp.Amount > MaxAmount {
			return Request{}, &AmountError{Input: rp.Amount.Minor(), Decimals: p.Decimals, Err: ErrAmountTooLarge}
		}
		if p.AmountFormat == AmountDecimal {
			values[PlaceholderAmount] = rp.Amount.Format(p.Decimals)
		} else {
			values[PlaceholderAmount] = rp.Amount.Minor()
		}
	}
	stampOrig := t.Role == RoleInquiry && p.OriginalReferenceField != ""
	if t.NeedsOriginal || t.Uses(PlaceholderOrigRef) || stampOrig {
		if rp.OrigRef == "" {
			return Request{}, ErrNoOriginal
		}
		values[PlaceholderOrigRef] = rp.OrigRef
	}
	for _, name := range t.OriginalFields() {
		v, ok := lookupFold(rp.Original, name)
		if !ok || strings.TrimSpace(v) == "" {
			return Request{}, &MissingOriginalError{Type: t.Name, Field: name}
		}
		values[PlaceholderOrigField(name)] = v
	}
	stampRef := t.Financial() && p.ReferenceField != ""
	usesRef := t.Uses(PlaceholderRef) || stampRef
	if usesRef {
		if rp.Ref == "" {
			return Request{}, ErrNoRef
		}
		values[PlaceholderRef] = rp.Ref
	}
	if t.Uses(PlaceholderMode) {
		mode, err := p.modeCode(rp.Mode)
		if err != nil {
			return Request{}, err
		}
		values[PlaceholderMode] = mode
	}

	fields := make(map[string]string, len(t.Template)+2)
	for k, v := range t.Template {
		fields[k] = expand(v, values)
	}
	if stampRef {
		setFold(fields, p.ReferenceField, rp.Ref)
	}
	if stampOrig {
		setFold(fields, p.OriginalReferenceField, rp.OrigRef)
	}
	body, err := compactJSON(fields)
	if err != nil {
		return Request{}, fmt.Errorf("failed to encode request: %w", err)
	}
	req := Request{Type: t, Params: rp, Body: body, Fields: fields}
	if usesRef {
		req.Ref = rp.Ref
	}
	return req, nil
}

// setFold sets the field name to v under the spelling the map already
// has, if any: the terminal reads names case-insensitively, so a second
// spelling would send the field twice.
func setFold(fields map[string]string, name, v string) {
	for k := range fields {
		if strings.EqualFold(k, name) {
			fields[k] = v
			return
		}
	}
	fields[name] = v
}

func (p *Profile) modeCode(code string) (string, error) {
	if code == "" {
		if len(p.Modes) == 0 {
			return "", errors.New("choose a payment mode: the profile has none")
		}
		return p.Modes[0].Code, nil
	}
	for _, m := range p.Modes {
		if m.Code == code {
			return code, nil
		}
	}
	return "", fmt.Errorf("unknown payment mode %q", code)
}

// compactJSON encodes without HTML escaping, so a "<" or "&" in a value
// reaches the terminal as itself rather than as \u003c; map keys come out
// sorted, which keeps bodies stable for logs and tests.
func compactJSON(fields map[string]string) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fields); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
