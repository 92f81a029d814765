package till_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
)

// The generator of TestPropertyGeneratedProfiles: profiles a shop could
// configure for a terminal lanepay has never seen, each with a simulator
// that speaks it. Everything the till must not assume is drawn at random:
// field names, transaction and mode codes, the amount format, how a void
// or refund names its original, whether templates carry {{ref}}, whether
// the profile claims keeps_references and whether the terminal echoes,
// keeps or ignores references.

// simOwnFields are the simulator's own answer and notification fields
// (terminalsim's reservedFields, read by Dialect.Validate): a protocol
// field of the same name would be overwritten in every answer, so
// DialectFromProfile refuses it. INVOICE_NO and RRN are among them; a
// void or refund may still send them, as a request field naming the
// original by its identifier.
var simOwnFields = []string{
	"TID", "MID", "BATCH_NO", "NEXT_BATCH_NO", "TXN_DATE", "TXN_TIME",
	"CARD_NO", "CARD_TYPE", "AUTH_CODE", "INVOICE_NO", "RRN",
	"ORIG_TRAN_CODE", "TXN_STATE", "EVENT", "MESSAGE", "PADDING",
	"SALE_COUNT", "SALE_AMOUNT", "REFUND_COUNT", "REFUND_AMOUNT",
	"VOID_COUNT", "VOID_AMOUNT", "COMPLETION_COUNT", "COMPLETION_AMOUNT",
	"NET_AMOUNT",
}

// fieldWords are what terminal vendors build field names of.
var fieldWords = []string{
	"TXN", "TRN", "ECR", "POS", "REQ", "RSP", "HOST", "AMT", "VAL", "REF",
	"ORIG", "CODE", "TYPE", "MODE", "PAY", "RC", "TEXT", "STAT", "KIND",
	"SEQ", "ID", "NUM", "MSG", "RES", "OP", "CMD", "TAG", "SRC", "LINK",
}

// names hands out field names unique among themselves, case ignored, and
// never one of the simulator's own.
type names struct {
	rnd  *rand.Rand
	used map[string]bool
}

func newNames(rnd *rand.Rand) *names {
	n := &names{rnd: rnd, used: map[string]bool{}}
	for _, f := range simOwnFields {
		n.used[f] = true
	}
	return n
}

// next is a fresh name of one to three words: "RC", "ECR_REF", "TXN_AMT_VAL".
func (n *names) next() string {
	for {
		words := make([]string, 1+n.rnd.IntN(3))
		for i := range words {
			words[i] = fieldWords[n.rnd.IntN(len(fieldWords))]
		}
		name := strings.Join(words, "_")
		if !n.used[name] {
			n.used[name] = true
			return name
		}
	}
}

// codes draws k distinct codes in one style, as one terminal writes them:
// "7", "07" or "SL".
func codes(rnd *rand.Rand, k int) []string {
	style := rnd.IntN(3)
	var out []string
	for len(out) < k {
		var c string
		switch style {
		case 0:
			c = fmt.Sprint(1 + rnd.IntN(40))
		case 1:
			c = fmt.Sprintf("%02d", 1+rnd.IntN(40))
		default:
			c = string(rune('A'+rnd.IntN(26))) + string(rune('A'+rnd.IntN(26)))
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// oneOf picks one of list.
func oneOf[T any](rnd *rand.Rand, list ...T) T { return list[rnd.IntN(len(list))] }

// generateCase draws a profile and a terminal speaking it. The profile
// passes Validate and the simulator accepts its dialect; the
// simulator's reference switches never contradict the profile's
// keeps_references, which is the shop's word that the terminal keeps
// them (a shop that lies about it is beyond what the till can check).
func generateCase(rnd *rand.Rand, name string) propertyCase {
	n := newNames(rnd)
	codeF, modeF, amountF := n.next(), n.next(), n.next()
	refF, origRefF := n.next(), n.next()
	resultF, messageF, statusF := n.next(), n.next(), n.next()

	decimals := oneOf(rnd, 0, 2, 3)
	p := &pos.Profile{
		Name:                   name,
		Currency:               map[int]string{0: "JPY", 2: "INR", 3: "KWD"}[decimals],
		Decimals:               decimals,
		AmountFormat:           oneOf(rnd, pos.AmountMinor, pos.AmountDecimal),
		ReferenceField:         refF,
		OriginalReferenceField: origRefF,
		KeepsReferences:        rnd.IntN(3) == 0,
		Outcome: pos.OutcomeRules{
			ResultFields: []string{resultF},
			// None of the simulator's own result codes (05, 09, 12, 13,
			// 25, 30, 51, 94, BY), which would read its declines as
			// approvals: it refuses such a dialect.
			ApprovedValues: []string{oneOf(rnd, "00", "0", "000", "APPROVED", "SUCCESS", "OK", "Y")},
		},
		Inquiry: pos.InquiryRules{
			StatusField:      statusF,
			NotFoundValues:   []string{oneOf(rnd, "NOT_FOUND", "NF", "NONE", "NO_RECORD")},
			InProgressValues: []string{oneOf(rnd, "IN_PROGRESS", "IP", "PENDING", "PROCESSING")},
		},
		TimeoutSeconds: 1, // 9.01 never answers: the till waits this long for it
	}
	if rnd.IntN(5) != 0 {
		p.Outcome.MessageFields = []string{messageF}
	}
	for i, c := range codes(rnd, 1+rnd.IntN(3)) {
		p.Modes = append(p.Modes, pos.Mode{Name: fmt.Sprintf("Mode %d", i+1), Code: c})
	}

	// How a void and a refund name their original: by lanepay's
	// reference, by an identifier of the original's answer (the
	// simulator issues INVOICE_NO and RRN on every online answer, and a
	// value in any field a template copies with {{orig.NAME}}), or both
	// ways at once. An identifier keeps its request field in both types:
	// one request field naming two identifiers is a profile the terminal
	// could not read.
	invoiceKey := oneOf(rnd, "INVOICE_NO", n.next())
	rrnKey := oneOf(rnd, "RRN", n.next())
	hostID := n.next()
	hostIDKey := oneOf(rnd, hostID, n.next())
	namesOriginal := func() map[string]string {
		switch rnd.IntN(6) {
		case 0:
			return map[string]string{origRefF: pos.PlaceholderOrigRef}
		case 1:
			return map[string]string{invoiceKey: pos.PlaceholderOrigField("INVOICE_NO")}
		case 2:
			return map[string]string{rrnKey: pos.PlaceholderOrigField("RRN")}
		case 3:
			return map[string]string{hostIDKey: pos.PlaceholderOrigField(hostID)}
		case 4:
			return map[string]string{origRefF: pos.PlaceholderOrigRef, invoiceKey: pos.PlaceholderOrigField("INVOICE_NO")}
		default:
			return map[string]string{rrnKey: pos.PlaceholderOrigField("RRN"), hostIDKey: pos.PlaceholderOrigField(hostID)}
		}
	}
	// A template without {{ref}} still sends the reference on every
	// financial request: BuildRequest stamps it into reference_field.
	template := func(fields map[string]string) map[string]string {
		m := map[string]string{codeF: pos.PlaceholderCode}
		if rnd.IntN(3) != 0 {
			m[refF] = pos.PlaceholderRef
		}
		for k, v := range fields {
			m[k] = v
		}
		return m
	}
	withMode := func(m map[string]string) map[string]string {
		if rnd.IntN(2) == 0 {
			m[modeF] = pos.PlaceholderMode
		}
		return m
	}

	tc := codes(rnd, 5)
	sale := template(map[string]string{amountF: pos.PlaceholderAmount, modeF: pos.PlaceholderMode})
	if rnd.IntN(3) == 0 {
		sale[n.next()] = oneOf(rnd, "POS01", "LANE 2", "1") // a fixed value the terminal ignores
	}
	void := withMode(template(namesOriginal()))
	voidAmount := rnd.IntN(2) == 0 // then the terminal refuses any but the original's
	if voidAmount {
		void[amountF] = pos.PlaceholderAmount
	}
	refund := withMode(template(namesOriginal()))
	refund[amountF] = pos.PlaceholderAmount
	inquiry := template(map[string]string{origRefF: pos.PlaceholderOrigRef})
	p.Types = []pos.TranType{
		{Name: "Sale", Code: tc[0], Role: pos.RoleSale, NeedsAmount: true, Template: sale},
		{Name: "Void", Code: tc[1], Role: pos.RoleVoid, NeedsAmount: voidAmount, NeedsOriginal: true, Template: void},
		{Name: "Refund", Code: tc[2], Role: pos.RoleRefund, NeedsAmount: true, NeedsOriginal: true, Template: refund},
		{Name: "Status inquiry", Code: tc[3], Role: pos.RoleInquiry, NeedsOriginal: true, Template: inquiry},
		{Name: "Settlement", Code: tc[4], Role: pos.RoleSettlement, Template: template(nil)},
	}
	rnd.Shuffle(len(p.Types), func(i, j int) { p.Types[i], p.Types[j] = p.Types[j], p.Types[i] })

	sim := terminalsim.Config{NoRefEcho: rnd.IntN(2) == 0}
	if !p.KeepsReferences {
		sim.IgnoresRefs = rnd.IntN(4) == 0
	}
	return propertyCase{name: name, profile: p, sim: sim}
}
