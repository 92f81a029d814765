package pos

import "strings"

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
	case contains(origRefNames, n) || n == normName(base.OriginalReferenceField) || origPrefixedRef(n, base):
		return PlaceholderOrigRef
	case contains(refNames, n) || n == normName(base.ReferenceField):
		return PlaceholderRef
	case contains(modeNames, n):
		return PlaceholderMode
	}
	return ""
}

// origPrefixedRef reports whether a normalised name is a reference name
// behind an "original" prefix (ORIG_ECR_REF): the original's reference is
// lanepay's, not an identifier to read from its answer.
func origPrefixedRef(n string, base *Profile) bool {
	for _, prefix := range []string{"ORIGINAL", "ORIG"} {
		if rest, ok := strings.CutPrefix(n, prefix); ok && rest != "" && (contains(refNames, rest) || rest == normName(base.ReferenceField)) {
			return true
		}
	}
	return false
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

// roleFromName guesses the role from an item's name. The last
// transaction is tried first, then inquiry, and completion before
// pre-auth, because "Last transaction status", "Pre-auth completion" and
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
	case has("last transaction", "last txn", "get last"):
		return RoleLastTransaction
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
