package static

import "strings"

// coding is a content coding the server can send, in its order of
// preference on a tie.
type coding int

const (
	brotli coding = iota
	gzip
	identity
	numCodings
)

// codingSet is a set of codings, one bit each.
type codingSet uint8

func (s codingSet) has(c coding) bool { return s&(1<<c) != 0 }

// codingOf maps precompress's Content-Encoding tokens to codings.
func codingOf(name string) coding {
	switch name {
	case "br":
		return brotli
	case "gzip":
		return gzip
	}
	return identity
}

// negotiate picks the coding to send from an Accept-Encoding field value
// (RFC 9110 12.5.3), among the available ones: the highest weight wins,
// and on a tie brotli, then gzip, then identity. A coding with q=0 is
// never sent. Identity is acceptable unless excluded by identity;q=0, or by
// *;q=0 without an identity entry; when it is not named its weight is the
// lowest, so that a client naming a coding gets it. An absent or empty
// field gets identity: the RFC would allow any coding for an absent one,
// but a client that says nothing is more likely one that cannot decode.
// ok is false when nothing acceptable is available (406).
//
// It allocates nothing: it runs on every request.
func negotiate(header string, avail codingSet) (c coding, ok bool) {
	const unset = -1
	qBr, qGzip, qIdentity, qStar := unset, unset, unset, unset
	for elem := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(elem, ";")
		name = strings.TrimSpace(name)
		q, valid := weight(params)
		if !valid {
			continue // an element we cannot read says nothing
		}
		switch {
		case strings.EqualFold(name, "br"):
			qBr = max(qBr, q)
		case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
			qGzip = max(qGzip, q)
		case strings.EqualFold(name, "identity"):
			qIdentity = max(qIdentity, q)
		case name == "*":
			qStar = max(qStar, q)
		}
	}
	// Codings not named take the wildcard's weight, or are refused.
	if qBr == unset {
		qBr = max(qStar, 0)
	}
	if qGzip == unset {
		qGzip = max(qStar, 0)
	}
	if qIdentity == unset {
		qIdentity = 1 // acceptable, least preferred
		if qStar == 0 {
			qIdentity = 0
		}
	}
	best, bestQ := identity, 0
	for _, cand := range [...]struct {
		c coding
		q int
	}{{brotli, qBr}, {gzip, qGzip}, {identity, qIdentity}} {
		if cand.q > bestQ && avail.has(cand.c) {
			best, bestQ = cand.c, cand.q
		}
	}
	return best, bestQ > 0
}

// weight reads the q parameter among an element's parameters, in
// thousandths (RFC 9110 12.4.2: "0" to "1", at most three decimals); no
// q means 1000. valid is false for a malformed weight.
func weight(params string) (q int, valid bool) {
	q = 1000
	for p := range strings.SplitSeq(params, ";") {
		k, v, found := strings.Cut(p, "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		q, valid = parseQ(strings.TrimSpace(v))
		if !valid {
			return 0, false
		}
	}
	return q, true
}

func parseQ(v string) (int, bool) {
	if v == "" || (v[0] != '0' && v[0] != '1') {
		return 0, false
	}
	whole := int(v[0]-'0') * 1000
	if len(v) == 1 {
		return whole, true
	}
	if v[1] != '.' || len(v) > 5 {
		return 0, false
	}
	frac, scale := 0, 100
	for i := 2; i < len(v); i++ {
		d := v[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		frac += int(d-'0') * scale
		scale /= 10
	}
	if whole == 1000 && frac != 0 {
		return 0, false
	}
	return whole + frac, true
}
