package pos

import "strings"

// Classify reads one frame from the terminal against the request in flight
// (nil when none), as README.md beside this file decides: not a JSON
// object is a terminal message; the request itself sent back is an echo;
// no result field is a notification; a result while a request is in
// flight is its outcome unless it names another reference, or, naming
// none, another transaction code or amount (contradicts), which makes it
// stray, as is any result with nothing in flight.
//
// One addition: while a status inquiry is in flight, a frame with the
// inquiry status field (and no result field) is also an answer, since a
// terminal saying "not found" may have no result code to give.
func (p *Profile) Classify(raw []byte, inflight *Request) Frame {
	f := Frame{Kind: KindTerminalMessage, Raw: append([]byte(nil), raw...)}
	fields, ok := parseObject(raw)
	if !ok {
		return f
	}
	f.Fields = fields
	for _, name := range p.Outcome.ResultFields {
		if v, ok := f.Get(name); ok {
			f.HasResult, f.Result = true, v
			break
		}
	}
	for _, name := range p.Outcome.MessageFields {
		if v, ok := f.Get(name); ok {
			f.Message = v
			break
		}
	}
	if p.ReferenceField != "" {
		if v, ok := f.Get(p.ReferenceField); ok {
			f.Ref = strings.TrimSpace(v)
		}
	}
	f.Approved = f.HasResult && containsFold(p.Outcome.ApprovedValues, f.Result)

	answer := f.HasResult
	if inflight != nil && inflight.Type.Role == RoleInquiry && p.Inquiry.StatusField != "" {
		if _, ok := f.Get(p.Inquiry.StatusField); ok {
			answer = true
		}
	}
	switch {
	case inflight != nil && isEcho(f.Fields, inflight.Fields):
		f.Kind = KindEcho
	case !answer:
		f.Kind = KindNotification
	case inflight == nil:
		f.Kind = KindStrayOutcome
	case f.Ref != "" && inflight.Ref != "":
		f.Kind = KindStrayOutcome
		if strings.EqualFold(f.Ref, inflight.Ref) {
			f.Kind = KindOutcome
		}
	case f.Ref != "" && inflight.Type.Role == RoleInquiry:
		// An inquiry that carried no reference of its own gets an answer
		// naming one: the transaction it asks about (its own late answer
		// settles it as well), or another one, whose answer must never
		// settle this transaction.
		f.Kind = KindStrayOutcome
		if strings.EqualFold(f.Ref, inflight.Params.OrigRef) {
			f.Kind = KindOutcome
		}
	case !p.contradicts(f, inflight):
		f.Kind = KindOutcome
	default:
		f.Kind = KindStrayOutcome
	}
	return f
}

// contradicts reports whether a result that no reference ties to the
// request in flight cannot be its answer: it names another transaction
// code, another amount, or (an inquiry's) another original. A terminal
// that keeps no reference may answer a request lanepay stopped waiting for
// while the next is in flight, and taking that answer for the next one
// would record one customer's charge, its card and identifiers, under
// another's sale. What the answer does not carry, or carries in a form
// that cannot be compared, is not held against it.
func (p *Profile) contradicts(f Frame, inflight *Request) bool {
	sent := func(placeholder string) (name, value string, ok bool) {
		for k, v := range inflight.Type.Template {
			if strings.TrimSpace(v) == placeholder {
				value, ok = lookupFold(inflight.Fields, k)
				return k, value, ok
			}
		}
		return "", "", false
	}
	differs := func(placeholder string, same func(a, b string) bool) bool {
		name, want, ok := sent(placeholder)
		if !ok {
			return false
		}
		got, ok := f.Get(name)
		return ok && !same(strings.TrimSpace(got), strings.TrimSpace(want))
	}
	switch inflight.Type.Role {
	case RoleInquiry:
		// Its answer carries the original's code and amount; only the
		// reference it asks about must be the same.
		if p.OriginalReferenceField == "" || inflight.Params.OrigRef == "" {
			return false
		}
		got, ok := f.Get(p.OriginalReferenceField)
		return ok && strings.TrimSpace(got) != "" && !strings.EqualFold(strings.TrimSpace(got), inflight.Params.OrigRef)
	case RoleLastTransaction:
		return false // it answers with another transaction by design
	}
	return differs(PlaceholderCode, strings.EqualFold) || differs(PlaceholderAmount, p.sameAmount)
}

// sameAmount compares two amounts written in the profile's format, as
// numbers ("906" and "000000000906" are the same); false only when both
// read and differ.
func (p *Profile) sameAmount(a, b string) bool {
	parse := func(s string) (Amount, bool) {
		var x Amount
		var err error
		if p.AmountFormat == AmountDecimal {
			x, err = ParseAmount(s, p.Decimals)
		} else {
			x, err = ParseKeypad(strings.TrimLeft(s, "0"))
		}
		return x, err == nil
	}
	x, okA := parse(a)
	y, okB := parse(b)
	return !okA || !okB || x == y
}

// InquiryStatus is what a status inquiry's answer says about the
// transaction it asked about.
type InquiryStatus int

const (
	// InquiryNoAnswer: the frame is not an outcome, or it gives neither a
	// status nor a result, so the transaction stays unknown.
	InquiryNoAnswer InquiryStatus = iota
	// InquiryFound: the terminal has the transaction; Frame.Approved is its
	// stored outcome.
	InquiryFound
	// InquiryNotFound: the terminal never processed it, so it was not
	// charged.
	InquiryNotFound
	// InquiryInProgress: the terminal is still processing it; ask again.
	InquiryInProgress
)

func (s InquiryStatus) String() string {
	switch s {
	case InquiryFound:
		return "found"
	case InquiryNotFound:
		return "not found"
	case InquiryInProgress:
		return "in progress"
	}
	return "no answer"
}

// InquiryAnswer reads an inquiry's outcome frame. Found needs a result
// field: a bare status cannot say whether the card was charged, and
// guessing "declined" could lead to charging twice.
func (p *Profile) InquiryAnswer(f Frame) InquiryStatus {
	if f.Kind != KindOutcome {
		return InquiryNoAnswer
	}
	if p.Inquiry.StatusField != "" {
		if v, ok := f.Get(p.Inquiry.StatusField); ok {
			switch {
			case containsFold(p.Inquiry.NotFoundValues, v):
				return InquiryNotFound
			case containsFold(p.Inquiry.InProgressValues, v):
				return InquiryInProgress
			}
		}
	}
	if !f.HasResult {
		return InquiryNoAnswer
	}
	return InquiryFound
}

// isEcho compares as sets of fields, keys ignoring case and values exact,
// because a peer may re-encode our object in another key order.
func isEcho(got, sent map[string]string) bool {
	if len(sent) == 0 || len(got) != len(sent) {
		return false
	}
	folded := make(map[string]string, len(sent))
	for k, v := range sent {
		folded[strings.ToLower(k)] = v
	}
	seen := make(map[string]bool, len(got))
	for k, v := range got {
		lk := strings.ToLower(k)
		if seen[lk] {
			return false
		}
		seen[lk] = true
		if sv, ok := folded[lk]; !ok || sv != v {
			return false
		}
	}
	return len(seen) == len(folded)
}

// containsFold compares trimmed and case-insensitively: terminals pad and
// capitalise result words inconsistently.
func containsFold(list []string, v string) bool {
	v = strings.TrimSpace(v)
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), v) {
			return true
		}
	}
	return false
}
