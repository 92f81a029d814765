package pos

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FieldError is one problem in a profile: Path names the field the way the
// profile's JSON spells it (types[2].template.AMOUNT), so the editor can
// point at it.
type FieldError struct {
	Path    string
	Problem string
}

func (e *FieldError) Error() string { return e.Path + ": " + e.Problem }

// FieldErrors flattens an error from Validate (an errors.Join of
// *FieldError) into the list a UI shows; other errors are left out.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		if fe, ok := err.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		walk(errors.Unwrap(err))
	}
	walk(err)
	return out
}

const maxTimeoutSeconds = 3600

// Validate reports every problem at once, as an errors.Join of
// *FieldError, so the operator can fix a profile in one pass.
func (p *Profile) Validate() error {
	var errs []error
	add := func(path, format string, args ...any) {
		errs = append(errs, &FieldError{Path: path, Problem: fmt.Sprintf(format, args...)})
	}

	if strings.TrimSpace(p.Name) == "" {
		add("name", "must not be empty")
	}
	if !currencyCode(p.Currency) {
		add("currency", "must be a 3-letter code like USD")
	}
	if p.Decimals < 0 || p.Decimals > MaxDecimals {
		add("decimals", "must be from 0 to %d", MaxDecimals)
	}
	if p.AmountFormat != AmountMinor && p.AmountFormat != AmountDecimal {
		add("amount_format", "unknown format %q (use %q or %q)", p.AmountFormat, AmountMinor, AmountDecimal)
	}
	if p.ReferenceField != "" && strings.EqualFold(p.ReferenceField, p.OriginalReferenceField) {
		add("original_reference_field", "must differ from reference_field")
	}
	if p.TimeoutSeconds <= 0 || p.TimeoutSeconds > maxTimeoutSeconds {
		add("timeout_seconds", "must be from 1 to %d", maxTimeoutSeconds)
	}

	modeCodes := map[string]int{}
	for i, m := range p.Modes {
		path := "modes[" + strconv.Itoa(i) + "]"
		if strings.TrimSpace(m.Name) == "" {
			add(path+".name", "must not be empty")
		}
		if strings.TrimSpace(m.Code) == "" {
			add(path+".code", "must not be empty")
		} else if j, dup := modeCodes[m.Code]; dup {
			add(path+".code", "duplicate code %q (also modes[%d])", m.Code, j)
		} else {
			modeCodes[m.Code] = i
		}
	}

	if len(p.Types) == 0 {
		add("types", "must have at least one transaction type")
	}
	codes := map[string]int{}
	roles := map[Role]int{}
	for i, t := range p.Types {
		path := "types[" + strconv.Itoa(i) + "]"
		if t.Code != "" {
			if j, dup := codes[t.Code]; dup {
				add(path+".code", "duplicate code %q (also types[%d])", t.Code, j)
			} else {
				codes[t.Code] = i
			}
		}
		if t.Role != RoleCustom && t.Role.Known() {
			if j, dup := roles[t.Role]; dup {
				add(path+".role", "role %q is already the role of types[%d]", t.Role, j)
			} else {
				roles[t.Role] = i
			}
		}
		errs = append(errs, p.typeProblems(path, t)...)
	}

	nonEmptyList(&errs, "outcome.result_fields", p.Outcome.ResultFields, true)
	nonEmptyList(&errs, "outcome.approved_values", p.Outcome.ApprovedValues, true)
	nonEmptyList(&errs, "outcome.message_fields", p.Outcome.MessageFields, false)
	nonEmptyList(&errs, "inquiry.not_found_values", p.Inquiry.NotFoundValues, false)
	nonEmptyList(&errs, "inquiry.in_progress_values", p.Inquiry.InProgressValues, false)
	if _, asks := p.TypeByRole(RoleInquiry); asks && strings.TrimSpace(p.Inquiry.StatusField) == "" {
		// Without it an answer saying "not found" or "in progress" reads
		// as the stored outcome, a decline, and a charge still under way
		// would be recorded as declined.
		add("inquiry.status_field", "must be set when the profile has a status inquiry")
	} else if strings.TrimSpace(p.Inquiry.StatusField) == "" && (len(p.Inquiry.NotFoundValues) > 0 || len(p.Inquiry.InProgressValues) > 0) {
		add("inquiry.status_field", "must be set when not_found_values or in_progress_values are given")
	}
	return errors.Join(errs...)
}

// typeProblems checks one type on its own, against the profile's settings
// but not against the other types. The Postman import uses it to skip a bad
// item instead of failing the whole collection.
func (p *Profile) typeProblems(path string, t TranType) []error {
	var errs []error
	add := func(path, format string, args ...any) {
		errs = append(errs, &FieldError{Path: path, Problem: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(t.Name) == "" {
		add(path+".name", "must not be empty")
	}
	if strings.TrimSpace(t.Code) == "" {
		add(path+".code", "must not be empty")
	}
	if !t.Role.Known() {
		add(path+".role", "unknown role %q", t.Role)
	} else if problem := roleProblem(t); problem != "" {
		add(path+".role", "%s", problem)
	}
	if len(t.Template) == 0 {
		add(path+".template", "must have at least one field")
	}

	keys := make([]string, 0, len(t.Template))
	for k := range t.Template {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	seen := map[string]string{}
	uses := map[string]bool{}
	for _, k := range keys {
		kpath := templatePath(path, k)
		if strings.TrimSpace(k) == "" {
			add(kpath, "field name must not be empty")
		}
		if other, dup := seen[strings.ToLower(k)]; dup {
			add(kpath, "same field as %q (field names are not case-sensitive)", other)
		} else {
			seen[strings.ToLower(k)] = k
		}
		found, unclosed := placeholdersIn(t.Template[k])
		if unclosed {
			add(kpath, "{{ without a closing }}")
		}
		for _, ph := range found {
			if !knownPlaceholder(ph) {
				add(kpath, "unknown placeholder %s (use one of %s)", ph, strings.Join(Placeholders(), " "))
				continue
			}
			if uses[ph] {
				continue
			}
			uses[ph] = true
			switch {
			case ph == PlaceholderRef && p.ReferenceField == "":
				add(kpath, "%s is used but reference_field is empty", ph)
			case ph == PlaceholderOrigRef && p.OriginalReferenceField == "":
				add(kpath, "%s is used but original_reference_field is empty", ph)
			case ph == PlaceholderMode && len(p.Modes) == 0:
				add(kpath, "%s is used but the profile has no modes", ph)
			}
		}
	}

	switch {
	case t.NeedsAmount && !uses[PlaceholderAmount]:
		add(path+".template", "needs_amount is true but no field has %s", PlaceholderAmount)
	case !t.NeedsAmount && uses[PlaceholderAmount]:
		add(path+".needs_amount", "must be true because the template uses %s", PlaceholderAmount)
	}
	namesOriginal := uses[PlaceholderOrigRef] || len(t.OriginalFields()) > 0
	switch {
	case t.NeedsOriginal && !namesOriginal:
		add(path+".template", "needs_original is true but no field names the original (%s or %s)", PlaceholderOrigRef, PlaceholderOrigField("NAME"))
	case !t.NeedsOriginal && namesOriginal:
		add(path+".needs_original", "must be true because the template names the original transaction")
	}
	return errs
}

// roleProblem is what a role needs from its type: a sale without an amount
// cannot be charged, and recovery's inquiry must name the transaction it
// asks about.
func roleProblem(t TranType) string {
	switch {
	case t.Role == RoleSale && !t.NeedsAmount:
		return "a sale must have needs_amount"
	case t.Role == RolePreauth && !t.NeedsAmount:
		return "a pre-auth must have needs_amount"
	case t.Role == RoleInquiry && !t.NeedsOriginal:
		return "a status inquiry must have needs_original, to name the transaction it asks about"
	case t.Role == RoleInquiry && len(t.OriginalFields()) > 0:
		return "a status inquiry asks by lanepay's reference (" + PlaceholderOrigRef + "): an outcome it settles has no answer to take " + PlaceholderOrigField(t.OriginalFields()[0]) + " from"
	}
	return ""
}

// templatePath spells a template field the short way when it can, and
// quoted when the name has spaces, dots or other characters.
func templatePath(path, key string) string {
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return path + ".template[" + strconv.Quote(key) + "]"
		}
	}
	if key == "" {
		return path + `.template[""]`
	}
	return path + ".template." + key
}

func nonEmptyList(errs *[]error, path string, list []string, required bool) {
	if required && len(list) == 0 {
		*errs = append(*errs, &FieldError{Path: path, Problem: "must not be empty"})
	}
	for i, v := range list {
		if strings.TrimSpace(v) == "" {
			*errs = append(*errs, &FieldError{Path: path + "[" + strconv.Itoa(i) + "]", Problem: "must not be empty"})
		}
	}
}

func currencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
