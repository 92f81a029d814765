package terminalsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// profileDoc is the part of a lanepay profile the simulator reads. It is
// its own reading of the document, not the client's type, so that tests
// check the client against the profile's meaning rather than against the
// client's own code (see the package comment).
type profileDoc struct {
	AmountFormat           string `json:"amount_format"`
	Decimals               int    `json:"decimals"`
	ReferenceField         string `json:"reference_field"`
	OriginalReferenceField string `json:"original_reference_field"`
	Modes                  []struct {
		Code string `json:"code"`
	} `json:"modes"`
	Types   []profileType `json:"types"`
	Outcome struct {
		ResultFields   []string `json:"result_fields"`
		ApprovedValues []string `json:"approved_values"`
		MessageFields  []string `json:"message_fields"`
	} `json:"outcome"`
	Inquiry struct {
		StatusField      string   `json:"status_field"`
		NotFoundValues   []string `json:"not_found_values"`
		InProgressValues []string `json:"in_progress_values"`
	} `json:"inquiry"`
}

// profileType is one transaction type of a profile.
type profileType struct {
	Role     string            `json:"role"`
	Code     string            `json:"code"`
	Template map[string]string `json:"template"`
}

// Placeholders of profile templates the dialect is read from.
const (
	placeholderCode   = "{{code}}"
	placeholderMode   = "{{mode}}"
	placeholderAmount = "{{amount}}"
	origPrefix        = "{{orig."
)

// profileRoles maps a profile's role names to the terminal's. Abort and
// custom types are unknown to the terminal: it answers them as unknown
// codes.
var profileRoles = map[string]role{
	"sale": roleSale, "void": roleVoid, "refund": roleRefund, "preauth": rolePreAuth,
	"completion": roleCompletion, "settlement": roleSettlement, "inquiry": roleInquiry,
	"last_transaction": roleLast,
}

// DialectFromProfile reads the dialect of a lanepay profile document. Of
// each type it reads the role, the code and the template: the code, mode
// and amount fields are the template fields whose value is exactly
// {{code}}, {{mode}} or {{amount}}, the sale's first. The reference fields,
// modes, amount format, the first result, message and approved value and
// the inquiry's status field and values are the profile's.
//
// A template value may copy a field of the original transaction's answer
// with {{orig.NAME}}: the terminal then issues a unique value in NAME on
// every decided answer (see Dialect.IDFields), and a void, refund or
// completion field whose value is exactly {{orig.NAME}} names its original
// (see Dialect.OriginalIDs). Names the terminal fills with something that
// identifies nothing, such as CARD_NO or the amount field, are copied by
// the client but not used to find the original. INVOICE_NO and RRN fields
// name the original too, as in the default dialect.
//
// Fields of the document the terminal does not need are ignored; a
// profile the terminal could not speak (no sale, two roles with one code,
// ...) is refused, as is invalid JSON.
func DialectFromProfile(profileJSON []byte) (Dialect, error) {
	var p profileDoc
	if err := json.Unmarshal(profileJSON, &p); err != nil {
		return Dialect{}, fmt.Errorf("failed to read the profile: %w", err)
	}
	d, err := p.dialect()
	if err != nil {
		return Dialect{}, fmt.Errorf("failed to derive a dialect from the profile: %w", err)
	}
	if err := d.Validate(); err != nil {
		return Dialect{}, fmt.Errorf("failed to derive a dialect from the profile: %w", err)
	}
	return d, nil
}

// dialect derives the dialect; Validate checks it after.
func (p *profileDoc) dialect() (Dialect, error) {
	sale := slices.IndexFunc(p.Types, func(t profileType) bool { return t.Role == "sale" })
	if sale < 0 {
		return Dialect{}, errors.New("the profile has no sale type")
	}
	d := Dialect{
		CodeField:              p.field(sale, placeholderCode),
		ModeField:              p.field(sale, placeholderMode),
		AmountField:            p.field(sale, placeholderAmount),
		ReferenceField:         p.ReferenceField,
		OriginalReferenceField: p.OriginalReferenceField,
		AmountFormat:           AmountFormat(p.AmountFormat),
		Decimals:               p.Decimals,
		ResultField:            first(p.Outcome.ResultFields, ""),
		ApprovedValue:          first(p.Outcome.ApprovedValues, ""),
		MessageField:           first(p.Outcome.MessageFields, ""),
		StatusField:            p.Inquiry.StatusField,
		StatusNotFound:         first(p.Inquiry.NotFoundValues, "NOT_FOUND"),
		StatusInProgress:       first(p.Inquiry.InProgressValues, "IN_PROGRESS"),
	}
	switch {
	case d.CodeField == "":
		return Dialect{}, fmt.Errorf("no template field is exactly %s", placeholderCode)
	case d.AmountField == "":
		return Dialect{}, fmt.Errorf("no template field is exactly %s", placeholderAmount)
	}
	if d.AmountFormat == "" {
		d.AmountFormat = AmountMinor
	}
	// The profile lists only what does not mean found: found is anything
	// else.
	for _, s := range []string{"FOUND", "TXN_FOUND", "PRESENT"} {
		if !containsFold(p.Inquiry.NotFoundValues, s) && !containsFold(p.Inquiry.InProgressValues, s) {
			d.StatusFound = s
			break
		}
	}
	for _, m := range p.Modes {
		d.Modes = append(d.Modes, strings.TrimSpace(m.Code))
	}
	codes := map[role]*string{
		roleSale: &d.Codes.Sale, roleVoid: &d.Codes.Void, roleRefund: &d.Codes.Refund,
		rolePreAuth: &d.Codes.PreAuth, roleCompletion: &d.Codes.Completion,
		roleSettlement: &d.Codes.Settlement, roleInquiry: &d.Codes.Inquiry, roleLast: &d.Codes.LastTransaction,
	}
	for _, t := range p.Types {
		if c, ok := codes[profileRoles[t.Role]]; ok && *c == "" {
			*c = strings.TrimSpace(t.Code)
		}
	}
	if err := d.readIdentifiers(p.Types); err != nil {
		return Dialect{}, err
	}
	return d, nil
}

// field is the template field whose value is exactly placeholder: the
// sale's (type sale), else the first type's that has one. Keys are taken in
// order so that the answer does not depend on map order.
func (p *profileDoc) field(sale int, placeholder string) string {
	find := func(t profileType) string {
		for _, k := range slices.Sorted(maps.Keys(t.Template)) {
			if t.Template[k] == placeholder {
				return k
			}
		}
		return ""
	}
	if k := find(p.Types[sale]); k != "" {
		return k
	}
	for _, t := range p.Types {
		if k := find(t); k != "" {
			return k
		}
	}
	return ""
}

// readIdentifiers sets IDFields and OriginalIDs from the templates'
// {{orig.NAME}} placeholders.
func (d *Dialect) readIdentifiers(types []profileType) error {
	protocol := map[string]bool{}
	for _, f := range []string{d.CodeField, d.ModeField, d.AmountField, d.ReferenceField,
		d.OriginalReferenceField, d.ResultField, d.MessageField, d.StatusField} {
		protocol[strings.ToUpper(f)] = true
	}
	// identifier is NAME as the terminal issues it, "" when the terminal
	// issues nothing unique in it.
	identifier := func(name string) string {
		up := strings.ToUpper(name)
		switch {
		case slices.Contains(builtinIDs, up):
			return up
		case protocol[up] || slices.Contains(reservedFields, up):
			return ""
		}
		for _, f := range d.IDFields {
			if strings.EqualFold(f, name) {
				return f
			}
		}
		d.IDFields = append(d.IDFields, name)
		return name
	}
	byKey := map[string]string{} // upper-case request field to its spelling in OriginalIDs
	for _, t := range types {
		for _, k := range slices.Sorted(maps.Keys(t.Template)) {
			v := t.Template[k]
			for _, name := range origNames(v) {
				id := identifier(name)
				if id == "" || v != origPrefix+name+"}}" || !profileRoles[t.Role].needsOriginal() {
					continue
				}
				up := strings.ToUpper(k)
				if prev, ok := byKey[up]; ok && d.OriginalIDs[prev] != id {
					return fmt.Errorf("request field %s names the original by %s in one type and by %s in another",
						k, d.OriginalIDs[prev], id)
				}
				if d.OriginalIDs == nil {
					d.OriginalIDs = map[string]string{}
				}
				byKey[up] = k
				d.OriginalIDs[k] = id
			}
		}
	}
	for _, f := range []string{fieldInvoice, fieldRRN} {
		if _, ok := byKey[f]; !ok {
			if d.OriginalIDs == nil {
				d.OriginalIDs = map[string]string{}
			}
			d.OriginalIDs[f] = f
		}
	}
	slices.Sort(d.IDFields)
	return nil
}

// origNames lists the NAMEs of the {{orig.NAME}} placeholders in v.
func origNames(v string) []string {
	var names []string
	for {
		i := strings.Index(v, origPrefix)
		if i < 0 {
			return names
		}
		v = v[i+len(origPrefix):]
		j := strings.Index(v, "}}")
		if j < 0 {
			return names
		}
		if name := v[:j]; name != "" && strings.TrimSpace(name) == name && !strings.Contains(name, "{{") {
			names = append(names, name)
		}
		v = v[j+2:]
	}
}

// first is the first of values, or def when there is none.
func first(values []string, def string) string {
	if len(values) == 0 {
		return def
	}
	return values[0]
}

// containsFold reports whether values holds s, case ignored.
func containsFold(values []string, s string) bool {
	return slices.ContainsFunc(values, func(v string) bool { return strings.EqualFold(v, s) })
}
