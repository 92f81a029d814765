package pos

import (
	"encoding/json"
	"fmt"
	"strings"
)

// A void, refund, completion or inquiry is about an earlier transaction,
// and a vendor's example names it by the numbers of the example's own
// sale ("INVOICE_NO": "000012"). Imported as they are, every void would
// void that invoice whichever sale the cashier meant. So a field that
// identifies the original becomes {{orig.NAME}}, filled from the
// original's recorded answer, and BuildRequest refuses when the answer
// lacks it. An inquiry cannot do that: recovery sends it for an outcome
// it never received, so it has no answer to read; it asks by lanepay's
// reference in the original reference field instead.

// aboutOriginal reports whether a request of role r names an earlier
// transaction.
func aboutOriginal(r Role) bool {
	switch r {
	case RoleVoid, RoleRefund, RoleCompletion, RoleInquiry:
		return true
	}
	return false
}

// identifierNames are normalised names (normName) of the fields by which
// terminals find a transaction they processed: invoice, retrieval
// reference, approval code and trace numbers.
var identifierNames = []string{
	"INVOICE", "INVOICENO", "INVOICENUM", "INVOICENUMBER", "INVNO", "INVNUM",
	"RRN", "RRNNO", "RETRIEVALREFNO", "RETRIEVALREFERENCENO", "RETRIEVALREFERENCENUMBER",
	"AUTHCODE", "AUTHNO", "AUTHNUM", "AUTHID", "AUTHIDRESP", "AUTHORIZATIONCODE", "AUTHORISATIONCODE",
	"APPROVALCODE", "APPROVALNO", "APPROVALNUM", "APPRCODE", "APPCODE",
	"TRACENO", "TRACENUM", "TRACENUMBER", "STAN",
}

// originalID is what a field of a request about an original is: another
// placeholder (kind), or an identifier filled from the original's answer
// field name; neither when it keeps its value.
type originalID struct {
	kind string
	name string
}

// originalIdentifier decides a field that fieldKind left alone, in a
// request whose role is aboutOriginal. In order:
//   - a value that is the original-reference variable keeps its meaning;
//   - the profile's reference field is this request's own reference, and
//     its original reference field lanepay's reference of the original;
//   - ORIG_NAME (also ORIGINAL_NAME, Orig-Name, OrigName) is the
//     original's NAME;
//   - an identifierNames field, or one the sale's example answer carries,
//     is the original's field of that name.
//
// NAME is spelt as the sale's answer spells it when that answer has it,
// since the recorded answer is where it is read.
func (im *postmanImporter) originalIdentifier(key, value string) (originalID, error) {
	if exactVariableKind(value) == PlaceholderOrigRef {
		return originalID{kind: PlaceholderOrigRef}, nil
	}
	switch {
	case im.p.ReferenceField != "" && strings.EqualFold(key, im.p.ReferenceField):
		return originalID{kind: PlaceholderRef}, nil
	case im.p.OriginalReferenceField != "" && strings.EqualFold(key, im.p.OriginalReferenceField):
		return originalID{kind: PlaceholderOrigRef}, nil
	}
	name := ""
	if rest, ok := cutOrigPrefix(key); ok {
		name = rest
	} else if n := normName(key); contains(identifierNames, n) || im.answer[n] != "" {
		name = key
	} else {
		return originalID{}, nil
	}
	for _, c := range []string{im.answerSpelling(name), name} {
		if _, ok := origFieldName(PlaceholderOrigField(c)); ok {
			return originalID{name: c}, nil
		}
	}
	return originalID{}, fmt.Errorf("field %s names the original transaction, but %q cannot be the name of a field of its answer (letters, digits, _, - and . only)", key, name)
}

// answerSpelling is the sale's answer's spelling of the field name, or
// name itself when the answer has no such field.
func (im *postmanImporter) answerSpelling(name string) string {
	if k, ok := im.answer[normName(name)]; ok {
		return k
	}
	return name
}

// cutOrigPrefix cuts "ORIG" or "ORIGINAL" off a field name, followed by a
// separator (ORIG_INVOICE_NO, orig-rrn, Original.AuthCode) or, written
// in camel case, by a capital (OrigInvoiceNo). ORIGINVOICE is left alone:
// without a separator the prefix could be part of a word.
func cutOrigPrefix(key string) (string, bool) {
	for _, prefix := range []string{"Original", "Orig"} {
		if len(key) <= len(prefix)+1 || !strings.EqualFold(key[:len(prefix)], prefix) {
			continue
		}
		rest := key[len(prefix):]
		switch c := rest[0]; {
		case c == '_' || c == '-' || c == '.' || c == ' ':
			rest = strings.TrimSpace(rest[1:])
		case c >= 'A' && c <= 'Z' && key[:len(prefix)] == prefix:
		default:
			continue
		}
		if rest != "" {
			return rest, true
		}
	}
	return "", false
}

// askByReference leaves the fields leftOut out of an inquiry's template,
// and makes sure it asks by lanepay's reference in the original reference
// field; it returns the warning that says so.
func (im *postmanImporter) askByReference(tpl map[string]string, leftOut []string) string {
	what := "field " + leftOut[0] + " is"
	if len(leftOut) > 1 {
		what = "fields " + strings.Join(leftOut, ", ") + " are"
	}
	f := im.p.OriginalReferenceField
	if f == "" {
		return fmt.Sprintf("%s left out: a status inquiry asks by lanepay's own reference in the original reference field, and the profile has none", what)
	}
	added := ""
	if !(TranType{Template: tpl}).Uses(PlaceholderOrigRef) {
		setFold(tpl, f, PlaceholderOrigRef)
		added = ", which is added"
	}
	return fmt.Sprintf("%s left out: an example's identifier would ask about the example, so lanepay asks by its own reference in the original reference field %s%s", what, f, added)
}

type postmanResponse struct {
	Body json.RawMessage `json:"body"`
}

// saleAnswerFields reads the fields of the example answers saved with the
// collection's sales (items whose name says sale), keyed by normName. A
// field a sale's answer carries identifies the sale to a void that sends
// it. Anything that cannot be read is passed over: examples are often
// hand-edited, and a missing one only means fewer fields are recognised.
func saleAnswerFields(items []postmanItem) map[string]string {
	fields := map[string]string{}
	var walk func([]postmanItem)
	walk = func(items []postmanItem) {
		for _, it := range items {
			if it.Item != nil {
				walk(it.Item)
				continue
			}
			if roleFromName(strings.TrimSpace(it.Name)) == RoleSale {
				addAnswerFields(fields, it.Response)
			}
		}
	}
	walk(items)
	return fields
}

func addAnswerFields(fields map[string]string, responses json.RawMessage) {
	var list []json.RawMessage
	if json.Unmarshal(responses, &list) != nil {
		return
	}
	for _, raw := range list {
		var r postmanResponse
		if json.Unmarshal(raw, &r) != nil {
			continue
		}
		var obj map[string]json.RawMessage
		if json.Unmarshal([]byte(quoteBareVariables(valueText(r.Body))), &obj) != nil {
			continue
		}
		for k := range obj {
			// Of two spellings of one name, the smaller wins, so the
			// import does not depend on map order.
			if n := normName(k); n != "" && (fields[n] == "" || k < fields[n]) {
				fields[n] = k
			}
		}
	}
}
