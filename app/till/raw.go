package till

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
)

// RoleConsole marks journal entries sent by hand from the Console.
const RoleConsole = "console"

// RunRaw sends a payload typed in the Console. It goes through the same
// guard and the same journal as a charge: a hand-typed sale is still a
// sale, so it is written down before it is sent and its outcome is
// recorded. The payload must be one JSON object. A financial one (its
// code a financial type's, or an unknown code with an amount) without a
// reference gets lanepay's, as every financial request does, so that a
// lost outcome can be asked about; the Console shows the payload as sent.
func (t *Till) RunRaw(ctx context.Context, body []byte) (journal.Record, error) {
	body = bytes.TrimSpace(body)
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil || dec.More() {
		return journal.Record{}, errors.New("the payload must be one JSON object")
	}
	fields := make(map[string]string, len(obj))
	for k, v := range obj {
		switch x := v.(type) {
		case string:
			fields[k] = x
		case nil:
			fields[k] = ""
		default:
			b, _ := json.Marshal(x)
			fields[k] = string(b)
		}
	}
	p := t.cfg.Profile
	get := func(name string) string {
		for k, v := range fields {
			if name != "" && strings.EqualFold(k, name) {
				return v
			}
		}
		return ""
	}
	client, release, err := t.takeTerminal(ctx)
	if err != nil {
		return journal.Record{}, err
	}
	defer release()
	code := get(p.FieldOf(pos.PlaceholderCode))
	name := "Console"
	typ, known := p.Type(code)
	if known {
		name = "Console: " + typ.Name
	}
	amountText := get(p.FieldOf(pos.PlaceholderAmount))
	wireRef := get(p.ReferenceField)
	ref := wireRef
	if ref == "" {
		ref = NewReference()
		if p.ReferenceField != "" && (typ.Financial() || !known && amountText != "") {
			body = withField(body, p.ReferenceField, ref)
			fields[p.ReferenceField] = ref
			wireRef = ref
		}
	}
	var amount pos.Amount
	if a := amountText; a != "" {
		if p.AmountFormat == pos.AmountDecimal {
			amount, _ = pos.ParseAmount(a, p.Decimals)
		} else {
			amount, _ = pos.ParseKeypad(a)
		}
	}
	rec := journal.Record{Ref: ref, Terminal: t.Status().Terminal, TypeCode: code, TypeName: name,
		Role: RoleConsole, Amount: amount, OrigRef: get(p.OriginalReferenceField), RefSent: wireRef != ""}
	out, _, err := t.transact(ctx, client, rec, pos.Request{Body: body, Fields: fields, Ref: wireRef}, "console")
	return out, err
}

// withField adds "name":"value" at the start of the JSON object obj,
// leaving the rest as the cashier typed it (numbers stay numbers).
func withField(obj []byte, name, value string) []byte {
	kv, _ := json.Marshal(map[string]string{name: value}) // {"name":"value"}
	rest := bytes.TrimSpace(obj[1:])                      // after the "{"
	out := append([]byte(nil), kv[:len(kv)-1]...)
	if len(rest) > 0 && rest[0] != '}' {
		out = append(out, ',')
	}
	return append(out, rest...)
}
