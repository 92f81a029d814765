package main

import (
	"sync"

	"github.com/lanepay/lanepay/app/till"
)

// evidenceKey is where the page keeps which terminals have shown that
// they keep lanepay's references (till's Evidence): a reload, or
// tomorrow, should not have to learn it again before a "not found" can
// settle a lost outcome.
const evidenceKey = "lanepay.references-kept"

// storedEvidence is till.Evidence in the page's local storage. Where the
// browser blocks storage it lasts as long as the page, which is safe: an
// unproven terminal's "not found" settles nothing.
type storedEvidence struct {
	mu    sync.Mutex
	kept  map[string]string
	store storedWriter
}

// storedWriter writes a JSON value the app keeps under key.
type storedWriter interface {
	Set(key string, v any) error
}

func loadEvidence(r storedReader, w storedWriter) *storedEvidence {
	e := &storedEvidence{kept: map[string]string{}, store: w}
	_ = r.Get(evidenceKey, &e.kept)
	if e.kept == nil {
		e.kept = map[string]string{}
	}
	return e
}

// Kept implements till.Evidence.
func (e *storedEvidence) Kept(key string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.kept[key]
	return ok
}

// Keep implements till.Evidence.
func (e *storedEvidence) Keep(key, how string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.kept[key]; ok {
		return
	}
	e.kept[key] = how
	_ = e.store.Set(evidenceKey, e.kept)
}

var _ till.Evidence = (*storedEvidence)(nil)
