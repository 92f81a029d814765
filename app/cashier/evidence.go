package cashier

import "github.com/lanepay/lanepay/app/till"

// evidenceKey is where the page keeps which terminals have shown that
// they keep lanepay's references (till's Evidence): a reload, or
// tomorrow, should not have to learn it again before a "not found" can
// settle a lost outcome. Where the browser blocks storage it lasts as
// long as the page, which is safe: an unproven terminal's "not found"
// settles nothing.
const evidenceKey = "lanepay.references-kept"

func loadEvidence(store Storage) *till.MemoryEvidence {
	e := &till.MemoryEvidence{}
	var kept map[string]string
	_ = store.Get(evidenceKey, &kept)
	for key, how := range kept {
		e.Keep(key, how)
	}
	e.Save = func(kept map[string]string) { _ = store.Set(evidenceKey, kept) }
	return e
}
