package pos

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Import is what ImportPostman made of a collection. Profile is nil when
// the import failed; Skipped and Fixed are there for the shop to read
// before the first charge.
type Import struct {
	Profile *Profile
	// Skipped lists the items left out and the warnings about items
	// imported all the same, in the collection's order.
	Skipped []Skipped
	// Fixed lists every template value the import left as the
	// collection's text rather than a placeholder, sorted by type then
	// field: each is sent as it is on every request of its type, so a
	// number copied from the vendor's example would be sent forever.
	Fixed []FixedValue
}

// Skipped is an item of a Postman collection that ImportPostman left out,
// and why. Imported is true for a warning about an item that was imported
// all the same (a variable left empty, a role it could not take).
type Skipped struct {
	Item     string
	Reason   string
	Imported bool
}

// FixedValue is one template field whose value is not made of
// placeholders only. Type is the transaction type's name.
type FixedValue struct {
	Type  string
	Field string
	Value string
}

type postmanCollection struct {
	Info *struct {
		Name   string `json:"name"`
		Schema string `json:"schema"`
	} `json:"info"`
	Item     []postmanItem     `json:"item"`
	Variable []postmanVariable `json:"variable"`
}

type postmanItem struct {
	Name     string            `json:"name"`
	Item     []postmanItem     `json:"item"`
	Request  json.RawMessage   `json:"request"`
	Response json.RawMessage   `json:"response"`
	Variable []postmanVariable `json:"variable"`
}

type postmanVariable struct {
	Key      string          `json:"key"`
	Value    json.RawMessage `json:"value"`
	Disabled bool            `json:"disabled"`
}

type postmanRequest struct {
	Body *struct {
		Mode     string `json:"mode"`
		Raw      string `json:"raw"`
		Disabled bool   `json:"disabled"`
	} `json:"body"`
}

// itemPlace says where a request sits in the collection.
type itemPlace struct {
	name    string   // the item's own name, trimmed
	path    string   // folders and name joined by "/", for messages
	folders []string // the enclosing folders' names, outermost first
}

// ImportPostman turns the vendor's Postman collection (format v2.1) into a
// profile: every request whose raw body is a JSON object with a TRAN_CODE
// becomes a transaction type named after the item. Amount, reference,
// original reference and mode fields become placeholders whether the
// collection has a variable or a sample value there; other Postman
// variables are filled from the collection's variables, or left empty with
// a warning. Everything else (amount format, outcome and inquiry rules)
// comes from base, DefaultProfile when nil. A reference field the
// collection names differently from base replaces base's.
//
// Requests that differ only in the payment mode are one type in several
// modes, and the collection's modes replace base's (postman_modes.go).
// A void, refund, completion or inquiry names its original by the
// original's own identifiers, never by the example's (postman_original.go).
//
// The result is never nil. The profile it holds always passes Validate,
// never claims KeepsReferences (only the shop can say that) and is not an
// Example.
func ImportPostman(data []byte, base *Profile) (*Import, error) {
	if base == nil {
		base = DefaultProfile()
	}
	var c postmanCollection
	if err := json.Unmarshal(data, &c); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return &Import{}, errors.New("this file is not a Postman collection: it is not valid JSON")
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			where := typeErr.Field
			if where == "" {
				where = "the file"
			}
			return &Import{}, fmt.Errorf("this file is not a Postman collection: %s has the wrong type", where)
		}
		return &Import{}, fmt.Errorf("this file is not a Postman collection: %w", err)
	}
	if c.Info == nil || c.Info.Schema == "" {
		return &Import{}, errors.New("this file is not a Postman collection: it has no info.schema")
	}
	if err := checkPostmanSchema(c.Info.Schema); err != nil {
		return &Import{}, err
	}

	im := &postmanImporter{
		base:   base,
		p:      base.Clone(),
		codes:  map[string]string{},
		roles:  map[Role]string{},
		answer: saleAnswerFields(c.Item),
		modes:  newModeSet(),
	}
	im.p.Types = nil
	im.p.Example = false
	im.p.KeepsReferences = false
	if name := strings.TrimSpace(c.Info.Name); name != "" {
		im.p.Name = name
	}
	im.walk(c.Item, "", nil, addVariables(nil, c.Variable))

	if len(im.p.Types) == 0 {
		return &Import{Skipped: im.skipped}, errors.New("no transaction types found in the collection: no request has a raw JSON body with a TRAN_CODE")
	}
	im.finishModes()
	if err := im.p.Validate(); err != nil {
		return &Import{Skipped: im.skipped}, fmt.Errorf("the imported profile is not valid: %w", err)
	}
	return &Import{Profile: im.p, Skipped: im.skipped, Fixed: fixedValues(im.p)}, nil
}

func checkPostmanSchema(schema string) error {
	if strings.Contains(schema, "/v2.1") {
		return nil
	}
	for _, old := range []string{"/v2.0", "/v1"} {
		if strings.Contains(schema, old) {
			return errors.New("this Postman collection is in an older format: export it again from Postman as Collection v2.1")
		}
	}
	return fmt.Errorf("unsupported collection format %q: export it from Postman as Collection v2.1", schema)
}

type postmanImporter struct {
	base    *Profile
	p       *Profile
	codes   map[string]string // TRAN_CODE -> item path that has it
	roles   map[Role]string   // role -> item path that has it
	answer  map[string]string // normName -> a field of the sale's example answer
	modes   *modeSet
	refSeen bool // the collection named the reference field
	origSet bool
	skipped []Skipped
}

func (im *postmanImporter) skip(path, format string, args ...any) {
	im.skipped = append(im.skipped, Skipped{Item: path, Reason: fmt.Sprintf(format, args...)})
}

func (im *postmanImporter) warn(path, format string, args ...any) {
	im.skipped = append(im.skipped, Skipped{Item: path, Reason: fmt.Sprintf(format, args...), Imported: true})
}

func (im *postmanImporter) walk(items []postmanItem, prefix string, folders []string, vars map[string]string) {
	for _, it := range items {
		name := strings.TrimSpace(it.Name)
		path := name
		if prefix != "" {
			path = prefix + "/" + path
		}
		v := addVariables(vars, it.Variable)
		if it.Item != nil {
			im.walk(it.Item, path, append(slices.Clone(folders), name), v)
			continue
		}
		im.item(it, itemPlace{name: name, path: path, folders: folders}, v)
	}
}

func addVariables(parent map[string]string, list []postmanVariable) map[string]string {
	if len(list) == 0 {
		return parent
	}
	m := make(map[string]string, len(parent)+len(list))
	for k, v := range parent {
		m[k] = v
	}
	for _, v := range list {
		if !v.Disabled && v.Key != "" {
			m[v.Key] = valueText(v.Value)
		}
	}
	return m
}

func (im *postmanImporter) item(it postmanItem, at itemPlace, vars map[string]string) {
	path := at.path
	req := bytes.Trim(it.Request, jsonSpace)
	if len(req) == 0 || string(req) == "null" {
		im.skip(path, "not a request")
		return
	}
	if req[0] == '"' {
		im.skip(path, "no request body")
		return
	}
	var r postmanRequest
	if err := json.Unmarshal(req, &r); err != nil {
		im.skip(path, "the request could not be read")
		return
	}
	switch {
	case r.Body == nil || (r.Body.Mode == "" && r.Body.Raw == ""):
		im.skip(path, "no request body")
		return
	case r.Body.Disabled:
		im.skip(path, "the request body is disabled")
		return
	case r.Body.Mode != "raw":
		im.skip(path, "the body is %s, not raw JSON", bodyModeText(r.Body.Mode))
		return
	}
	raw := strings.TrimSpace(r.Body.Raw)
	if raw == "" {
		im.skip(path, "no request body")
		return
	}
	body := quoteBareVariables(raw)
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &obj); err != nil || obj == nil {
		if json.Valid([]byte(body)) {
			im.skip(path, "the body is JSON but not an object")
		} else {
			im.skip(path, "the body is not JSON")
		}
		return
	}
	im.body(at, obj, vars)
}

func bodyModeText(mode string) string {
	switch mode {
	case "urlencoded":
		return "form fields (urlencoded)"
	case "formdata":
		return "form data"
	case "file":
		return "a file"
	case "graphql":
		return "GraphQL"
	case "":
		return "of no stated type"
	}
	return fmt.Sprintf("%q", mode)
}

// body turns one request body into a transaction type, adds it as a
// payment mode of a type already imported, or skips it.
func (im *postmanImporter) body(at itemPlace, obj map[string]json.RawMessage, vars map[string]string) {
	path := at.path
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)

	codeKey := ""
	for _, k := range keys {
		if strings.EqualFold(k, "TRAN_CODE") {
			codeKey = k
			break
		}
	}
	if codeKey == "" {
		im.skip(path, "the body has no TRAN_CODE field")
		return
	}
	for _, k := range keys {
		v := bytes.Trim(obj[k], jsonSpace)
		if len(v) > 0 && (v[0] == '{' || v[0] == '[') {
			im.skip(path, "field %s has a nested object or list, which lanepay cannot send", k)
			return
		}
	}

	code := strings.TrimSpace(valueText(obj[codeKey]))
	if found, _ := placeholdersIn(code); len(found) > 0 {
		resolved, ok := resolveVariables(code, vars)
		if !ok {
			im.skip(path, "TRAN_CODE is the Postman variable %s, which has no value in the collection", found[0])
			return
		}
		code = strings.TrimSpace(resolved)
	}
	if code == "" {
		im.skip(path, "TRAN_CODE is empty")
		return
	}

	// The role the name suggests decides how the original is named even
	// when the type ends up custom: a second "Void" is still a void, and
	// must not void the example's invoice either.
	guessed := roleFromName(at.name)
	var warnings []string
	var leftOut []string
	tpl := make(map[string]string, len(keys))
	refKey, origKey, mode := "", "", ""
	for _, k := range keys {
		raw := bytes.Trim(obj[k], jsonSpace)
		v := valueText(raw)
		if k == codeKey {
			tpl[k] = PlaceholderCode
			continue
		}
		kind := fieldKind(k, im.base)
		if kind == "" && aboutOriginal(guessed) {
			id, err := im.originalIdentifier(k, v)
			if err != nil {
				im.skip(path, "%v", err)
				return
			}
			switch {
			case id.kind != "":
				kind = id.kind
			case id.name != "" && guessed == RoleInquiry:
				leftOut = append(leftOut, k)
				continue
			case id.name != "":
				tpl[k] = PlaceholderOrigField(id.name)
				continue
			}
		}
		if kind == "" {
			kind = exactVariableKind(v)
		}
		switch kind {
		case PlaceholderAmount:
			if literalZero(v) {
				tpl[k] = v
				continue
			}
		case PlaceholderMode:
			if lit := strings.TrimSpace(v); mode == "" && !strings.Contains(lit, "{{") {
				mode = lit
			}
		case PlaceholderRef:
			refKey = preferField(refKey, k, im.p.ReferenceField)
		case PlaceholderOrigRef:
			origKey = preferField(origKey, k, im.p.OriginalReferenceField)
		}
		if kind != "" {
			tpl[k] = kind
			continue
		}
		if len(raw) > 0 && raw[0] != '"' {
			if string(raw) == "null" {
				warnings = append(warnings, fmt.Sprintf("field %s was null; it is sent empty", k))
			} else {
				warnings = append(warnings, fmt.Sprintf("field %s was not a string; it is sent as the string %q", k, v))
			}
		}
		filled, missing, unclosed := fillVariables(v, vars)
		if unclosed {
			im.skip(path, "field %s has {{ without a closing }}", k)
			return
		}
		for _, m := range missing {
			warnings = append(warnings, fmt.Sprintf("field %s: the Postman variable %s has no value in the collection; it is left empty, so fill it in", k, m))
		}
		tpl[k] = filled
	}
	if len(leftOut) > 0 {
		warnings = append(warnings, im.askByReference(tpl, leftOut))
	}

	if first, dup := im.codes[code]; dup {
		im.sameCode(at, code, first, tpl, mode)
		return
	}

	t := TranType{Name: at.name, Code: code, Template: tpl}
	if t.Name == "" {
		t.Name = "TRAN_CODE " + code
	}
	t.NeedsAmount = t.Uses(PlaceholderAmount)
	t.NeedsOriginal = t.Uses(PlaceholderOrigRef) || len(t.OriginalFields()) > 0
	if guessed != RoleCustom {
		t.Role = guessed
		if first, taken := im.roles[guessed]; taken {
			t.Role = RoleCustom
			warnings = append(warnings, fmt.Sprintf("%q already has the role %s; this one is imported as a custom type", first, guessed))
		} else if problem := roleProblem(t); problem != "" {
			t.Role = RoleCustom
			warnings = append(warnings, fmt.Sprintf("imported as a custom type, not %s: %s", guessed, problem))
		}
	}

	// Check against the profile as it will be once this item is in, and
	// leave the profile untouched if the item is refused.
	trial := *im.p
	trial.Modes = im.modes.trial(im.p.Modes, mode)
	if refKey != "" && !im.refSeen {
		trial.ReferenceField = refKey
	}
	if origKey != "" && !im.origSet {
		trial.OriginalReferenceField = origKey
	}
	if problems := trial.typeProblems("type", t); len(problems) > 0 {
		reasons := make([]string, len(problems))
		for i, e := range problems {
			reasons[i] = e.Error()
		}
		im.skip(path, "%s", strings.Join(reasons, "; "))
		return
	}
	if trial.ReferenceField != "" && strings.EqualFold(trial.ReferenceField, trial.OriginalReferenceField) {
		im.skip(path, "field %s cannot be both the reference and the original reference", trial.ReferenceField)
		return
	}

	if refKey != "" && !im.refSeen {
		im.refSeen = true
		if trial.ReferenceField != im.p.ReferenceField {
			warnings = append(warnings, fmt.Sprintf("the reference field is now %s, as in the collection", refKey))
		}
	}
	if origKey != "" && !im.origSet {
		im.origSet = true
		if trial.OriginalReferenceField != im.p.OriginalReferenceField {
			warnings = append(warnings, fmt.Sprintf("the original reference field is now %s, as in the collection", origKey))
		}
	}
	im.p.ReferenceField = trial.ReferenceField
	im.p.OriginalReferenceField = trial.OriginalReferenceField
	im.p.Types = append(im.p.Types, t)
	im.codes[code] = path
	im.modes.add(code, mode, at)
	if t.Role != RoleCustom {
		im.roles[t.Role] = path
	}
	for _, w := range warnings {
		im.warn(path, "%s", w)
	}
}

// preferField picks which of a request's fields holding one placeholder
// names the profile's field for it: the one already named so, else the
// first.
func preferField(chosen, k, current string) string {
	if chosen == "" || strings.EqualFold(k, current) && !strings.EqualFold(chosen, current) {
		return k
	}
	return chosen
}

// fixedValues lists the template values that are not made of placeholders
// only.
func fixedValues(p *Profile) []FixedValue {
	var out []FixedValue
	for _, t := range p.Types {
		for k, v := range t.Template {
			literal, _ := substitute(v, func(string) (string, bool) { return "", true })
			if v == "" || literal != "" {
				out = append(out, FixedValue{Type: t.Name, Field: k, Value: v})
			}
		}
	}
	slices.SortFunc(out, func(a, b FixedValue) int {
		return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Field, b.Field), cmp.Compare(a.Value, b.Value))
	})
	return out
}
