package pos

import "strings"

// The placeholders a template value may contain. They, and
// PlaceholderOrigField's, are the only names between {{ and }} that a
// profile accepts, so a typo is caught when the profile is loaded, not
// when a sale is sent.
const (
	PlaceholderAmount  = "{{amount}}"
	PlaceholderMode    = "{{mode}}"
	PlaceholderRef     = "{{ref}}"
	PlaceholderOrigRef = "{{orig_ref}}"
	PlaceholderCode    = "{{code}}"
)

// origFieldPrefix starts a placeholder filled from the original
// transaction's recorded answer: {{orig.INVOICE_NO}}.
const origFieldPrefix = "{{orig."

// PlaceholderOrigField is the placeholder for the field name of the
// original transaction's recorded answer: a void that names its sale by
// the terminal's invoice number sends "INVOICE_NO": "{{orig.INVOICE_NO}}",
// so the number is the voided sale's own, never an example's.
func PlaceholderOrigField(name string) string { return origFieldPrefix + name + "}}" }

// Placeholders lists every known placeholder; {{orig.NAME}} stands for
// any field name.
func Placeholders() []string {
	return []string{PlaceholderAmount, PlaceholderMode, PlaceholderRef, PlaceholderOrigRef, PlaceholderCode, PlaceholderOrigField("NAME")}
}

func knownPlaceholder(s string) bool {
	switch s {
	case PlaceholderAmount, PlaceholderMode, PlaceholderRef, PlaceholderOrigRef, PlaceholderCode:
		return true
	}
	_, ok := origFieldName(s)
	return ok
}

// origFieldName reads NAME out of {{orig.NAME}}. A name is what a
// terminal's JSON field is likely to be called: letters, digits, '_', '-'
// and '.'.
func origFieldName(placeholder string) (string, bool) {
	rest, ok := strings.CutPrefix(placeholder, origFieldPrefix)
	if !ok {
		return "", false
	}
	name, ok := strings.CutSuffix(rest, "}}")
	if !ok || name == "" {
		return "", false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c == '_' || c == '-' || c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return "", false
		}
	}
	return name, true
}

// placeholdersIn returns every {{...}} in v, braces included, and whether
// a {{ is left without its }}.
func placeholdersIn(v string) (found []string, unclosed bool) {
	for {
		i := strings.Index(v, "{{")
		if i < 0 {
			return found, false
		}
		j := strings.Index(v[i+2:], "}}")
		if j < 0 {
			return found, true
		}
		end := i + 2 + j + 2
		found = append(found, v[i:end])
		v = v[end:]
	}
}

func containsPlaceholder(v, placeholder string) bool {
	found, _ := placeholdersIn(v)
	for _, f := range found {
		if f == placeholder {
			return true
		}
	}
	return false
}

// expand replaces placeholders in one pass, so a substituted value (a
// reference, say) is never itself searched for placeholders.
func expand(v string, values map[string]string) string {
	out, _ := substitute(v, func(p string) (string, bool) {
		if r, ok := values[p]; ok {
			return r, true
		}
		return p, true
	})
	return out
}

// substitute replaces each {{…}} in v, in one pass, with what sub returns
// for it (given with its braces). An unclosed "{{" ends the pass: the rest
// is kept as it is, and ok is false; so is it when sub refuses one (out is
// then empty).
func substitute(v string, sub func(placeholder string) (string, bool)) (out string, ok bool) {
	var b strings.Builder
	for {
		i := strings.Index(v, "{{")
		if i < 0 {
			break
		}
		j := strings.Index(v[i+2:], "}}")
		if j < 0 {
			b.WriteString(v)
			return b.String(), false
		}
		end := i + 2 + j + 2
		r, ok := sub(v[i:end])
		if !ok {
			return "", false
		}
		b.WriteString(v[:i])
		b.WriteString(r)
		v = v[end:]
	}
	b.WriteString(v)
	return b.String(), true
}
