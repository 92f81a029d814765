package pos

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Skipped is an item of a Postman collection that ImportPostman left out,
// and why. Imported is true for a warning about an item that was imported
// all the same (a variable left empty, a role it could not take).
type Skipped struct {
	Item     string
	Reason   string
	Imported bool
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

// ImportPostman turns the vendor's Postman collection (format v2.1) into a
// profile: every request whose raw body is a JSON object with a TRAN_CODE
// becomes a transaction type named after the item. Amount, reference,
// original reference and mode fields become placeholders whether the
// collection has a variable or a sample value there; other Postman
// variables are filled from the collection's variables, or left empty with
// a warning. Everything else (modes, amount format, outcome and inquiry
// rules) comes from base, DefaultProfile when nil. A reference field the
// collection names differently from base replaces base's.
//
// Skipped lists the items left out and warnings; the profile returned
// always passes Validate.
func ImportPostman(data []byte, base *Profile) (*Profile, []Skipped, error) {
	if base == nil {
		base = DefaultProfile()
	}
	var c postmanCollection
	if err := json.Unmarshal(data, &c); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return nil, nil, errors.New("this file is not a Postman collection: it is not valid JSON")
		}
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			where := typeErr.Field
			if where == "" {
				where = "the file"
			}
			return nil, nil, fmt.Errorf("this file is not a Postman collection: %s has the wrong type", where)
		}
		return nil, nil, fmt.Errorf("this file is not a Postman collection: %w", err)
	}
	if c.Info == nil || c.Info.Schema == "" {
		return nil, nil, errors.New("this file is not a Postman collection: it has no info.schema")
	}
	if err := checkPostmanSchema(c.Info.Schema); err != nil {
		return nil, nil, err
	}

	im := &postmanImporter{base: base, p: base.Clone(), codes: map[string]string{}, roles: map[Role]string{}}
	im.p.Types = nil
	im.p.Example = false
	if name := strings.TrimSpace(c.Info.Name); name != "" {
		im.p.Name = name
	}
	im.walk(c.Item, "", addVariables(nil, c.Variable))

	if len(im.p.Types) == 0 {
		return nil, im.skipped, errors.New("no transaction types found in the collection: no request has a raw JSON body with a TRAN_CODE")
	}
	if err := im.p.Validate(); err != nil {
		return nil, im.skipped, fmt.Errorf("the imported profile is not valid: %w", err)
	}
	return im.p, im.skipped, nil
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
	refSeen bool              // the collection named the reference field
	origSet bool
	skipped []Skipped
}

func (im *postmanImporter) skip(path, format string, args ...any) {
	im.skipped = append(im.skipped, Skipped{Item: path, Reason: fmt.Sprintf(format, args...)})
}

func (im *postmanImporter) warn(path, format string, args ...any) {
	im.skipped = append(im.skipped, Skipped{Item: path, Reason: fmt.Sprintf(format, args...), Imported: true})
}

func (im *postmanImporter) walk(items []postmanItem, prefix string, vars map[string]string) {
	for _, it := range items {
		path := strings.TrimSpace(it.Name)
		if prefix != "" {
			path = prefix + "/" + path
		}
		v := addVariables(vars, it.Variable)
		if it.Item != nil {
			im.walk(it.Item, path, v)
			continue
		}
		im.item(it, path, v)
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

func (im *postmanImporter) item(it postmanItem, path string, vars map[string]string) {
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
	im.body(it.Name, path, obj, vars)
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

// body turns one request body into a transaction type, or skips it.
func (im *postmanImporter) body(name, path string, obj map[string]json.RawMessage, vars map[string]string) {
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
	if first, dup := im.codes[code]; dup {
		im.skip(path, "duplicate TRAN_CODE %q: already imported from %q", code, first)
		return
	}

	var warnings []string
	var addedModes []Mode
	tpl := make(map[string]string, len(keys))
	refKey, origKey := "", ""
	for _, k := range keys {
		raw := bytes.Trim(obj[k], jsonSpace)
		v := valueText(raw)
		if k == codeKey {
			tpl[k] = PlaceholderCode
			continue
		}
		kind := fieldKind(k, im.base)
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
			if lit := strings.TrimSpace(v); lit != "" && !strings.Contains(lit, "{{") && !im.hasMode(lit) && !modeIn(addedModes, lit) {
				addedModes = append(addedModes, Mode{Name: "Mode " + lit, Code: lit})
			}
		case PlaceholderRef:
			if refKey == "" {
				refKey = k
			}
		case PlaceholderOrigRef:
			if origKey == "" {
				origKey = k
			}
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

	t := TranType{Name: strings.TrimSpace(name), Code: code, Template: tpl}
	if t.Name == "" {
		t.Name = "TRAN_CODE " + code
	}
	t.NeedsAmount = t.Uses(PlaceholderAmount)
	t.NeedsOriginal = t.Uses(PlaceholderOrigRef)
	if role := roleFromName(t.Name); role != RoleCustom {
		t.Role = role
		if first, taken := im.roles[role]; taken {
			t.Role = RoleCustom
			warnings = append(warnings, fmt.Sprintf("%q already has the role %s; this one is imported as a custom type", first, role))
		} else if problem := roleProblem(t); problem != "" {
			t.Role = RoleCustom
			warnings = append(warnings, fmt.Sprintf("imported as a custom type, not %s: %s", role, problem))
		}
	}

	// Check against the profile as it will be once this item is in, and
	// leave the profile untouched if the item is refused.
	trial := *im.p
	trial.Modes = append(append([]Mode(nil), im.p.Modes...), addedModes...)
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
	for _, m := range addedModes {
		warnings = append(warnings, fmt.Sprintf("payment mode %q was added as %q; rename it in the profile", m.Code, m.Name))
	}
	im.p.Modes = trial.Modes
	im.p.ReferenceField = trial.ReferenceField
	im.p.OriginalReferenceField = trial.OriginalReferenceField
	im.p.Types = append(im.p.Types, t)
	im.codes[code] = path
	if t.Role != RoleCustom {
		im.roles[t.Role] = path
	}
	for _, w := range warnings {
		im.warn(path, "%s", w)
	}
}

func (im *postmanImporter) hasMode(code string) bool { return modeIn(im.p.Modes, code) }

func modeIn(modes []Mode, code string) bool {
	for _, m := range modes {
		if m.Code == code {
			return true
		}
	}
	return false
}

// literalZero keeps a fixed "0" or "" amount as it is: a void that sends
// AMOUNT "0" has no amount to ask the cashier for.
func literalZero(v string) bool {
	return strings.Trim(strings.TrimSpace(v), "0.") == "" && !strings.Contains(v, "{{")
}

// normName folds a field or variable name so REF_NO, RefNo and ref-no
// compare equal.
func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

var (
	amountNames  = []string{"AMOUNT", "AMT", "TXNAMOUNT", "TXNAMT", "TRANAMOUNT", "TRANAMT", "TRANSACTIONAMOUNT", "SALEAMOUNT"}
	origRefNames = []string{"ORIGREFNO", "ORIGREF", "ORIGREFNUM", "ORIGREFERENCE", "ORIGINALREFNO", "ORIGINALREF", "ORIGINALREFERENCE", "ORIGINALREFERENCENO", "ORGREFNO", "ORGREF", "ORIGTXNREF"}
	refNames     = []string{"REFNO", "REF", "REFNUM", "REFERENCE", "REFERENCENO", "REFERENCENUMBER", "TXNREF", "TXNREFNO", "ECRREF", "ECRREFNO", "POSREF", "POSREFNO"}
	modeNames    = []string{"TRANMODE", "TXNMODE", "PAYMODE", "PAYMENTMODE"}
)

// fieldKind says which placeholder a field is by its name; "" for a field
// that keeps its value.
func fieldKind(key string, base *Profile) string {
	n := normName(key)
	switch {
	case n == "":
		return ""
	case contains(amountNames, n):
		return PlaceholderAmount
	case contains(origRefNames, n) || n == normName(base.OriginalReferenceField):
		return PlaceholderOrigRef
	case contains(refNames, n) || n == normName(base.ReferenceField):
		return PlaceholderRef
	case contains(modeNames, n):
		return PlaceholderMode
	}
	return ""
}

// variableKind says which placeholder a Postman variable name stands for.
func variableKind(name string) string {
	n := normName(name)
	switch {
	case n == "":
		return ""
	case contains(amountNames, n):
		return PlaceholderAmount
	case contains(origRefNames, n):
		return PlaceholderOrigRef
	case contains(refNames, n):
		return PlaceholderRef
	case n == "MODE" || contains(modeNames, n):
		return PlaceholderMode
	case n == "CODE" || n == "TRANCODE":
		return PlaceholderCode
	}
	return ""
}

// exactVariableKind is variableKind for a value that is one variable and
// nothing else, e.g. "INVOICE": "{{ref}}".
func exactVariableKind(v string) string {
	v = strings.TrimSpace(v)
	if found, unclosed := placeholdersIn(v); !unclosed && len(found) == 1 && found[0] == v {
		if kind := variableKind(v[2 : len(v)-2]); kind != PlaceholderCode {
			return kind
		}
	}
	return ""
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fillVariables replaces each {{name}} in v: with our placeholder when the
// name means one, else with the collection's value, else with nothing
// (reported in missing), so no unknown placeholder reaches the profile.
func fillVariables(v string, vars map[string]string) (out string, missing []string, unclosed bool) {
	// The callback never refuses: not ok means an unclosed "{{".
	out, ok := substitute(v, func(p string) (string, bool) {
		name := p[2 : len(p)-2]
		if kind := variableKind(name); kind != "" {
			return kind, true
		}
		if val, ok := vars[strings.TrimSpace(name)]; ok && !strings.Contains(val, "{{") {
			return val, true
		}
		missing = append(missing, p)
		return "", true
	})
	if !ok {
		return "", nil, true
	}
	return out, missing, false
}

// resolveVariables fills variables from the collection only; ok is false
// when one has no value.
func resolveVariables(v string, vars map[string]string) (string, bool) {
	return substitute(v, func(p string) (string, bool) {
		val, ok := vars[strings.TrimSpace(p[2:len(p)-2])]
		return val, ok && !strings.Contains(val, "{{")
	})
}

// quoteBareVariables makes {"AMOUNT": {{amount}}} parse by quoting a
// variable that stands where a JSON value would be; Postman substitutes
// before sending, so vendors often write bodies like that. "{{" cannot
// occur outside a string in valid JSON, so nothing valid is changed.
func quoteBareVariables(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var b strings.Builder
	inString, escaped := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			b.WriteByte(c)
			continue
		}
		if c == '"' {
			inString = true
		}
		if c == '{' && strings.HasPrefix(s[i:], "{{") {
			if j := strings.Index(s[i+2:], "}}"); j >= 0 {
				end := i + 2 + j + 2
				b.WriteString(`"`)
				b.WriteString(strings.ReplaceAll(s[i:end], `"`, `\"`))
				b.WriteString(`"`)
				i = end - 1
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// roleFromName guesses the role from an item's name. Inquiry is tried
// first and completion before pre-auth, because "Pre-auth completion" and
// "Sale status" name two roles.
func roleFromName(name string) Role {
	n := strings.ToLower(name)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("inquiry", "enquiry", "status", "lookup"):
		return RoleInquiry
	case has("abort"):
		return RoleAbort
	case has("void"):
		return RoleVoid
	case has("refund", "return"):
		return RoleRefund
	case has("completion", "complete", "capture"):
		return RoleCompletion
	case has("pre-auth", "preauth", "pre auth", "pre_auth", "authoriz", "authoris"):
		return RolePreauth
	case has("settle", "batch close", "close batch", "end of day"):
		return RoleSettlement
	case has("sale", "purchase"):
		return RoleSale
	}
	return RoleCustom
}
