package pos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
)

// Role says what a transaction type means to lanepay, whatever code the
// terminal uses for it: recovery needs to find "the status inquiry", the
// sale screen "the sale". A custom type has the empty role.
type Role string

const (
	RoleSale       Role = "sale"
	RoleVoid       Role = "void"
	RoleRefund     Role = "refund"
	RolePreauth    Role = "preauth"
	RoleCompletion Role = "completion"
	RoleSettlement Role = "settlement"
	RoleInquiry    Role = "inquiry"
	RoleAbort      Role = "abort"
	// RoleLastTransaction asks the terminal for the last transaction it
	// processed, whatever its reference: what the cashier compares with an
	// outcome lanepay could not settle by itself.
	RoleLastTransaction Role = "last_transaction"
	RoleCustom          Role = ""
)

// Roles lists every role, custom last, in the order a UI offers them.
func Roles() []Role {
	return []Role{RoleSale, RoleVoid, RoleRefund, RolePreauth, RoleCompletion, RoleSettlement, RoleInquiry, RoleAbort, RoleLastTransaction, RoleCustom}
}

// Known reports whether r is one of Roles.
func (r Role) Known() bool { return slices.Contains(Roles(), r) }

// TranType is one transaction type of the terminal. Template holds the
// request's fields; values may contain the placeholders {{amount}},
// {{mode}}, {{ref}}, {{orig_ref}}, {{code}} and {{orig.NAME}}.
// NeedsOriginal says the type is about an earlier transaction: its
// template names it by {{orig_ref}} or {{orig.NAME}}.
type TranType struct {
	Name          string            `json:"name"`
	Code          string            `json:"code"`
	Role          Role              `json:"role,omitempty"`
	NeedsAmount   bool              `json:"needs_amount"`
	NeedsOriginal bool              `json:"needs_original"`
	Template      map[string]string `json:"template"`
}

// Financial reports whether the request can move money, which is what the
// one-in-flight and never-resend rules protect. A custom type is treated as
// financial when it carries an amount, since we cannot know better.
func (t TranType) Financial() bool {
	switch t.Role {
	case RoleSale, RoleVoid, RoleRefund, RolePreauth, RoleCompletion:
		return true
	case RoleSettlement, RoleInquiry, RoleAbort, RoleLastTransaction:
		return false
	}
	return t.NeedsAmount
}

// Uses reports whether any template value contains the placeholder, given
// with its braces, e.g. PlaceholderAmount.
func (t TranType) Uses(placeholder string) bool {
	for _, v := range t.Template {
		if containsPlaceholder(v, placeholder) {
			return true
		}
	}
	return false
}

// OriginalFields lists, sorted and once each, the NAMEs of the template's
// {{orig.NAME}} placeholders: the fields of the original's recorded answer
// a request of this type needs.
func (t TranType) OriginalFields() []string {
	var names []string
	for _, v := range t.Template {
		found, _ := placeholdersIn(v)
		for _, ph := range found {
			if name, ok := origFieldName(ph); ok && !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	slices.Sort(names)
	return names
}

// Mode is a payment mode, sent as the {{mode}} placeholder (TRAN_MODE).
type Mode struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

// AmountFormat is how {{amount}} is written in a request.
type AmountFormat string

const (
	// AmountMinor writes digits of minor units: "100" is 1.00.
	AmountMinor AmountFormat = "minor"
	// AmountDecimal writes the amount with the currency's decimals: "1.00".
	AmountDecimal AmountFormat = "decimal"
)

// OutcomeRules say how to read a result. Field names compare
// case-insensitively; the first present field of each list is used.
type OutcomeRules struct {
	ResultFields   []string `json:"result_fields"`
	ApprovedValues []string `json:"approved_values"`
	MessageFields  []string `json:"message_fields"`
}

// InquiryRules say how to read a status inquiry's answer: StatusField tells
// not found or in progress; otherwise the answer carries the stored outcome
// in the usual result field.
type InquiryRules struct {
	StatusField      string   `json:"status_field"`
	NotFoundValues   []string `json:"not_found_values"`
	InProgressValues []string `json:"in_progress_values"`
}

// Profile is everything lanepay knows about one terminal's protocol. It is
// data, not code, because only the sale is documented by the vendor and a
// terminal in the field may differ from our example.
type Profile struct {
	Name string `json:"name"`
	// Example is true when the numbering is our example, not the vendor's,
	// so the UI can say so.
	Example      bool         `json:"example"`
	Currency     string       `json:"currency"`
	Decimals     int          `json:"decimals"`
	AmountFormat AmountFormat `json:"amount_format"`
	// ReferenceField carries lanepay's reference on every financial
	// request, whatever its template holds (BuildRequest). Empty means the
	// terminal gets none, for terminals that reject unknown fields: a lost
	// outcome can then only be read off the terminal by the cashier.
	ReferenceField         string `json:"reference_field"`
	OriginalReferenceField string `json:"original_reference_field"`
	// KeepsReferences is the shop's word that the terminal stores the
	// reference field's value and finds it by status inquiry, so that its
	// "not found" proves a transaction was not charged. Without it, only
	// the terminal's own answers can show that (see till's evidence).
	KeepsReferences bool         `json:"keeps_references"`
	Modes           []Mode       `json:"modes"`
	Types           []TranType   `json:"types"`
	Outcome         OutcomeRules `json:"outcome"`
	Inquiry         InquiryRules `json:"inquiry"`
	TimeoutSeconds  int          `json:"timeout_seconds"`
}

// jsonSpace is the whitespace JSON allows between tokens.
const jsonSpace = " \t\r\n"

// LoadProfile reads a profile strictly: unknown fields are refused, since a
// misspelt field silently ignored would leave a default in force.
func LoadProfile(data []byte) (*Profile, error) {
	if len(bytes.Trim(data, jsonSpace)) == 0 {
		return nil, errors.New("the profile is empty")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Profile
	if err := dec.Decode(&p); err != nil {
		return nil, profileJSONError(err)
	}
	if len(bytes.Trim(data[dec.InputOffset():], jsonSpace)) != 0 {
		return nil, errors.New("the profile is not valid JSON: extra data after the profile")
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// Type finds a transaction type by its terminal code.
func (p *Profile) Type(code string) (TranType, bool) {
	for _, t := range p.Types {
		if t.Code == code {
			return t, true
		}
	}
	return TranType{}, false
}

// TypeByRole finds the type with role r. Custom types have no single role,
// so asking for RoleCustom finds nothing.
func (p *Profile) TypeByRole(r Role) (TranType, bool) {
	if r == RoleCustom {
		return TranType{}, false
	}
	for _, t := range p.Types {
		if t.Role == r {
			return t, true
		}
	}
	return TranType{}, false
}

// FieldOf is the name of the field whose template value is exactly the
// placeholder: in the sale's template if it has one, else in the first
// type's that does; "" when none does. It is how a payload typed by hand
// is read: where this profile carries the code or the amount.
func (p *Profile) FieldOf(placeholder string) string {
	types := p.Types
	if sale, ok := p.TypeByRole(RoleSale); ok {
		types = append([]TranType{sale}, types...)
	}
	for _, t := range types {
		for _, k := range slices.Sorted(maps.Keys(t.Template)) {
			if strings.TrimSpace(t.Template[k]) == placeholder {
				return k
			}
		}
	}
	return ""
}

// Clone returns a deep copy, so an edited profile never shares maps or
// slices with the one in use.
func (p *Profile) Clone() *Profile {
	if p == nil {
		return nil
	}
	c := *p
	c.Modes = slices.Clone(p.Modes)
	c.Types = slices.Clone(p.Types)
	for i := range c.Types {
		c.Types[i].Template = maps.Clone(c.Types[i].Template)
	}
	c.Outcome.ResultFields = slices.Clone(p.Outcome.ResultFields)
	c.Outcome.ApprovedValues = slices.Clone(p.Outcome.ApprovedValues)
	c.Outcome.MessageFields = slices.Clone(p.Outcome.MessageFields)
	c.Inquiry.NotFoundValues = slices.Clone(p.Inquiry.NotFoundValues)
	c.Inquiry.InProgressValues = slices.Clone(p.Inquiry.InProgressValues)
	return &c
}

// profileJSONError words a decoding error for the person editing the
// profile: a wrong type or unknown field is said plainly, and only a
// syntax error keeps the decoder's detail, which says where it is.
func profileJSONError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Errorf("the profile's field %s has the wrong type (want %s)", typeErr.Field, jsonKind(typeErr.Type.Kind()))
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fmt.Errorf("the profile has an unknown field %s", field)
	}
	return fmt.Errorf("the profile is not valid JSON: %w", err)
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return k.String()
}
