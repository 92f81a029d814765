package pos

import "time"

// Sample values Preview fills a request with. The references are real
// ones (of 2026-01-01 12:00 UTC), so the preview has their true length.
var (
	SampleRef     = NewReference(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC), [4]byte{0, 0, 0, 2})
	SampleOrigRef = NewReference(time.Date(2026, 1, 1, 11, 0, 0, 0, time.UTC), [4]byte{0, 0, 0, 1})
)

// SampleOriginalValue stands in a preview for a field of the original's
// recorded answer: there is no original to take it from, and an invented
// number could pass for the real thing.
func SampleOriginalValue(name string) string { return "<" + name + " of the original>" }

// Preview is the request the type with this code sends for a sample order
// (one unit of the currency, the first payment mode, SampleRef, about the
// sale SampleOrigRef), built as a real one is: with lanepay's reference
// stamped on, whatever the template says. A shop checks it against its
// vendor's document before the first charge.
func (p *Profile) Preview(code string) (Request, error) {
	t, ok := p.Type(code)
	if !ok {
		return p.BuildRequest(code, RequestParams{}) // says so
	}
	unit := Amount(1)
	for range p.Decimals {
		unit *= 10
	}
	rp := RequestParams{Ref: SampleRef, OrigRef: SampleOrigRef}
	if t.NeedsAmount || t.Uses(PlaceholderAmount) {
		rp.Amount = unit
	}
	if names := t.OriginalFields(); len(names) > 0 {
		rp.Original = make(map[string]string, len(names))
		for _, n := range names {
			rp.Original[n] = SampleOriginalValue(n)
		}
	}
	return p.BuildRequest(code, rp)
}
