package terminalsim

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Dialect is the wire format a terminal speaks: which fields carry what,
// and which codes mean what. lanepay's client describes a terminal with a
// profile; a dialect is what the simulator needs of one (see
// [DialectFromProfile]), so that the client can be run against a terminal
// speaking any profile a shop might configure.
//
// Field names are matched case-insensitively in requests and written as
// spelt here in answers. An empty field name or code means the terminal has
// no such field or transaction.
type Dialect struct {
	CodeField   string // the transaction code; required
	ModeField   string // the payment mode
	AmountField string // the amount; required, a sale has one
	// ReferenceField carries the client's reference, which the terminal
	// echoes, keeps and finds by status inquiry. Empty: the terminal gets
	// no reference, and an inquiry cannot name one.
	ReferenceField string
	// OriginalReferenceField names, by its reference, the transaction a
	// void, refund, completion or status inquiry is about.
	OriginalReferenceField string

	Codes Codes
	// Modes are the valid mode codes, in order. The first pays with the
	// test cards, the second with the UPI test instruments, any other with
	// cards. A request without a mode pays in the first.
	Modes []string

	// AmountFormat and Decimals say how amounts are written; see
	// [AmountFormat]. Either way the fault trigger amounts (901..907) and
	// the issuer's decline rules are in minor units.
	AmountFormat AmountFormat
	Decimals     int

	ResultField   string // required: an answer without it is not an outcome
	ApprovedValue string // the result of an approval; required
	MessageField  string

	// StatusField tells, in a status inquiry's answer, whether the terminal
	// has the transaction. Empty: answers carry only the result field
	// ("25" for not found, "09" for in progress).
	StatusField      string
	StatusFound      string
	StatusNotFound   string
	StatusInProgress string

	// IDFields are answer fields the terminal fills, on every answer the
	// (simulated) host decided, with a value unique per terminal, so that a
	// later request can name that transaction by it. INVOICE_NO, RRN and
	// AUTH_CODE are always issued and are not listed.
	IDFields []string
	// OriginalIDs maps a request field to the answer field whose value it
	// carries: a void, refund or completion may name its original by it
	// instead of, or as well as, by reference. Each answer field is
	// INVOICE_NO, RRN, AUTH_CODE or one of IDFields.
	OriginalIDs map[string]string
}

// Codes are the transaction codes of a dialect, one per role the terminal
// knows; "" means the terminal does not offer it.
type Codes struct {
	Sale, Void, Refund, PreAuth, Completion, Settlement string
	Inquiry                                             string // status inquiry by reference
	// LastTransaction answers the most recent financial transaction,
	// whatever its reference.
	LastTransaction string
}

// AmountFormat is how amounts are written on the wire.
type AmountFormat string

const (
	// AmountMinor writes digits of minor units ("1234" is 12.34); a decimal
	// with up to Decimals places is accepted too, as terminals do.
	AmountMinor AmountFormat = "minor"
	// AmountDecimal writes the amount with Decimals places ("12.34"); digits
	// alone are whole units ("12" is 12.00).
	AmountDecimal AmountFormat = "decimal"
)

// maxDecimals bounds Dialect.Decimals, as currencies (and lanepay) do, so
// that amounts in minor units fit an int64.
const maxDecimals = 4

// Answer fields the terminal always issues on a decided transaction, and
// which therefore identify it.
const (
	fieldInvoice  = "INVOICE_NO"
	fieldRRN      = "RRN"
	fieldAuthCode = "AUTH_CODE"
)

// builtinIDs are the identifiers every dialect's answers carry.
var builtinIDs = []string{fieldInvoice, fieldRRN, fieldAuthCode}

// reservedFields are the terminal's own answer and notification fields: a
// dialect field of the same name would be overwritten by them, or make a
// notification look like an outcome. MESSAGE may still be the message
// field, which is what it means in a notification too.
var reservedFields = []string{
	"TID", "MID", "BATCH_NO", "NEXT_BATCH_NO", "TXN_DATE", "TXN_TIME",
	"CARD_NO", "CARD_TYPE", fieldAuthCode, fieldInvoice, fieldRRN,
	"ORIG_TRAN_CODE", "TXN_STATE", "EVENT", "MESSAGE", "PADDING",
	"SALE_COUNT", "SALE_AMOUNT", "REFUND_COUNT", "REFUND_AMOUNT",
	"VOID_COUNT", "VOID_AMOUNT", "COMPLETION_COUNT", "COMPLETION_AMOUNT",
	"NET_AMOUNT",
}

// ownCodes are the results the terminal gives besides approvals: an
// approved value among them would make a decline read as an approval.
var ownCodes = []string{
	respDoNotHonour, respInProgress, respInvalidTxn, respInvalidAmount,
	respNotFound, respFormatError, respInsufficient, respDuplicate, respBusy,
}

// DefaultDialect is lanepay's default profile, with code 8 for the last
// transaction. Requests may also name their original by the INVOICE_NO or
// RRN its answer carried.
func DefaultDialect() Dialect {
	return Dialect{
		CodeField:              fieldTranCode,
		ModeField:              fieldTranMode,
		AmountField:            fieldAmount,
		ReferenceField:         fieldRef,
		OriginalReferenceField: fieldOrigRef,
		Codes: Codes{
			Sale: codeSale, Void: codeVoid, Refund: codeRefund, PreAuth: codePreAuth,
			Completion: codeCompletion, Settlement: codeSettlement, Inquiry: codeInquiry,
			LastTransaction: codeLastTransaction,
		},
		Modes:            []string{modeCard, modeUPI},
		AmountFormat:     AmountMinor,
		Decimals:         2,
		ResultField:      "RESP_CODE",
		ApprovedValue:    respApproved,
		MessageField:     "RESP_MSG",
		StatusField:      "TXN_STATUS",
		StatusFound:      "FOUND",
		StatusNotFound:   "NOT_FOUND",
		StatusInProgress: "IN_PROGRESS",
		OriginalIDs:      map[string]string{fieldInvoice: fieldInvoice, fieldRRN: fieldRRN},
	}
}

// defaultDialect serves requests and terminals made without one. It is
// never modified.
var defaultDialect = DefaultDialect()

// clone copies d so that no slice or map is shared with the caller's.
func (d Dialect) clone() Dialect {
	d.Modes = slices.Clone(d.Modes)
	d.IDFields = slices.Clone(d.IDFields)
	d.OriginalIDs = maps.Clone(d.OriginalIDs)
	return d
}

// withoutReferences is d as a terminal that ignores the reference fields
// sees it: it neither reads nor writes them.
func (d Dialect) withoutReferences() Dialect {
	d.ReferenceField, d.OriginalReferenceField = "", ""
	return d
}

// role is what a transaction code means to the terminal. The financial
// ones and settlement are named as the ledger's entry types.
type role string

const (
	roleNone       role = ""
	roleSale       role = TypeSale
	roleVoid       role = TypeVoid
	roleRefund     role = TypeRefund
	rolePreAuth    role = TypePreAuth
	roleCompletion role = TypeCompletion
	roleSettlement role = TypeSettlement
	roleInquiry    role = "inquiry"
	roleLast       role = "last_transaction"
)

// roles pairs each role with its code, in a fixed order for messages.
func (c Codes) roles() []struct {
	role role
	code string
} {
	return []struct {
		role role
		code string
	}{
		{roleSale, c.Sale}, {roleVoid, c.Void}, {roleRefund, c.Refund},
		{rolePreAuth, c.PreAuth}, {roleCompletion, c.Completion},
		{roleSettlement, c.Settlement}, {roleInquiry, c.Inquiry}, {roleLast, c.LastTransaction},
	}
}

// roleOf is what code means; roleNone for a code the terminal does not
// know.
func (d *Dialect) roleOf(code string) role {
	if code == "" {
		return roleNone
	}
	for _, rc := range d.Codes.roles() {
		if rc.code == code {
			return rc.role
		}
	}
	return roleNone
}

// financial reports whether the role charges or moves money.
func (r role) financial() bool {
	switch r {
	case roleSale, roleVoid, roleRefund, rolePreAuth, roleCompletion:
		return true
	}
	return false
}

// needsOriginal reports whether the role is about an earlier transaction
// that must be found to process it.
func (r role) needsOriginal() bool {
	return r == roleVoid || r == roleRefund || r == roleCompletion
}

// defaultMode is what a request without a mode pays in: the first mode,
// or none.
func (d *Dialect) defaultMode() string {
	if len(d.Modes) == 0 {
		return ""
	}
	return d.Modes[0]
}

// validMode reports whether mode is one of the dialect's. A dialect that
// lists none accepts any, having nothing to check against.
func (d *Dialect) validMode(mode string) bool {
	return len(d.Modes) == 0 || slices.Contains(d.Modes, mode)
}

// instrument says which test instruments a mode pays with, as the default
// dialect's mode codes: modeUPI for the second mode, modeCard otherwise.
func (d *Dialect) instrument(mode string) string {
	if len(d.Modes) > 1 && mode == d.Modes[1] {
		return modeUPI
	}
	return modeCard
}

// parseAmount reads an amount as the dialect writes it, in minor units.
func (d *Dialect) parseAmount(s string) (int64, error) {
	return readAmount(s, d.AmountFormat == AmountDecimal, d.Decimals)
}

// formatAmount writes minor units as the dialect does.
func (d *Dialect) formatAmount(minor int64) string {
	if d.AmountFormat != AmountDecimal {
		return formatMinor(minor)
	}
	return formatDecimal(minor, d.Decimals)
}

// Validate reports what would keep a terminal from speaking d: a missing
// required field or code, two meanings for one field name or code, a field
// the terminal's own answers use, an approved value that is one of the
// terminal's decline codes, an identifier it could not issue.
// [Simulator.Start] refuses an invalid dialect.
func (d Dialect) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	for _, req := range []struct{ what, v string }{
		{"code field", d.CodeField}, {"amount field", d.AmountField},
		{"result field", d.ResultField}, {"approved value", d.ApprovedValue}, {"sale code", d.Codes.Sale},
	} {
		if strings.TrimSpace(req.v) == "" {
			add("the %s is missing", req.what)
		}
	}
	switch d.AmountFormat {
	case AmountMinor, AmountDecimal:
	default:
		add("unknown amount format %q (want %q or %q)", d.AmountFormat, AmountMinor, AmountDecimal)
	}
	if d.Decimals < 0 || d.Decimals > maxDecimals {
		add("decimals %d out of range 0 to %d", d.Decimals, maxDecimals)
	}

	// Every field the terminal reads or writes for the dialect, by
	// upper-case name: none may mean two things.
	fields := map[string]string{}
	claim := func(what, name string) {
		if name == "" {
			return
		}
		up := strings.ToUpper(name)
		if other, ok := fields[up]; ok {
			add("%s is both the %s and the %s", name, other, what)
			return
		}
		fields[up] = what
		if slices.Contains(reservedFields, up) && !(up == "MESSAGE" && what == "message field") {
			add("the %s %s is one of the terminal's own answer fields", what, name)
		}
	}
	claim("code field", d.CodeField)
	claim("mode field", d.ModeField)
	claim("amount field", d.AmountField)
	claim("reference field", d.ReferenceField)
	claim("original reference field", d.OriginalReferenceField)
	claim("result field", d.ResultField)
	claim("message field", d.MessageField)
	claim("status field", d.StatusField)

	codes := map[string]role{}
	for _, rc := range d.Codes.roles() {
		if rc.code == "" {
			continue
		}
		if strings.TrimSpace(rc.code) != rc.code {
			add("the %s code %q has surrounding spaces", rc.role, rc.code)
		}
		if other, ok := codes[rc.code]; ok {
			add("code %q is both %s and %s", rc.code, other, rc.role)
		}
		codes[rc.code] = rc.role
	}
	for i, m := range d.Modes {
		if m == "" || strings.TrimSpace(m) != m {
			add("mode %d (%q) is empty or has surrounding spaces", i+1, m)
		}
		if slices.Index(d.Modes, m) != i {
			add("mode %q is listed twice", m)
		}
	}
	if slices.Contains(ownCodes, d.ApprovedValue) {
		add("the approved value %q is one of the terminal's decline codes", d.ApprovedValue)
	}
	if d.StatusField != "" {
		statuses := []string{d.StatusFound, d.StatusNotFound, d.StatusInProgress}
		for i, s := range statuses {
			if s == "" || slices.Index(statuses, s) != i {
				add("inquiry statuses found %q, not found %q, in progress %q must be set and differ",
					d.StatusFound, d.StatusNotFound, d.StatusInProgress)
				break
			}
		}
	}

	for i, name := range d.IDFields {
		up := strings.ToUpper(name)
		switch {
		case name == "":
			add("an empty identifier field")
		case slices.Contains(builtinIDs, up):
			add("identifier %s is always issued; do not list it", name)
		case slices.IndexFunc(d.IDFields[:i], func(f string) bool { return strings.EqualFold(f, name) }) >= 0:
			add("identifier %s is listed twice", name)
		default:
			claim("identifier", name)
		}
	}
	keys := map[string]bool{}
	for _, k := range slices.Sorted(maps.Keys(d.OriginalIDs)) {
		name := d.OriginalIDs[k]
		up := strings.ToUpper(k)
		switch {
		case k == "":
			add("an empty original identifier request field")
		case keys[up]:
			add("original identifier field %s is listed twice", k)
		case !slices.Contains(builtinIDs, name) && !slices.Contains(d.IDFields, name):
			add("original identifier field %s names %s, which the terminal does not issue", k, name)
		}
		keys[up] = true
		if what, ok := fields[up]; ok && what != "identifier" && !slices.Contains(builtinIDs, up) {
			add("original identifier field %s is also the %s", k, what)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("invalid dialect: %w", errors.Join(errs...))
	}
	return nil
}
