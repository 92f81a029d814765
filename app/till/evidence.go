package till

import (
	"strings"
	"sync"
)

// "Not charged" only on proof. A status inquiry that finds nothing proves
// that a transaction was not charged only if the terminal keeps the
// references lanepay sends: a terminal that drops the reference field it
// does not know (many do) finds nothing for every reference, charged or
// not, and trusting it would tell the cashier "Not charged" for a sale
// the customer paid, and invite a second charge. So a not-found answer
// settles a transaction only when
//
//   - the profile says the terminal keeps references (keeps_references), or
//   - the terminal has shown it does: it answered a request with lanepay's
//     reference in the reference field, or a status inquiry found a
//     transaction by lanepay's reference;
//
// and the request in doubt carried the reference on the wire. Otherwise
// the transaction stays Outcome unknown and the cashier reads the
// terminal (its last transaction, where the profile can ask for it) and
// records the outcome by hand. Evidence is kept per terminal and
// reference field, since another terminal, or another field, proves
// nothing about this one.

// Evidence remembers which terminals have shown that they keep lanepay's
// references. Keep may be called from any goroutine.
type Evidence interface {
	// Kept reports whether the terminal under key has shown it.
	Kept(key string) bool
	// Keep records that it has, and how ("echo", "inquiry").
	Keep(key, how string)
}

// evidenceKey names a terminal and the field that carries the reference.
func evidenceKey(terminal, referenceField string) string {
	return terminal + "\x00" + strings.ToUpper(referenceField)
}

// MemoryEvidence is Evidence for the life of the process. Save, if set,
// sees all it holds each time it learns something, for the page to keep
// it across reloads.
type MemoryEvidence struct {
	mu   sync.Mutex
	kept map[string]string
	Save func(kept map[string]string)
}

// Kept implements Evidence.
func (m *MemoryEvidence) Kept(key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	_, ok := m.kept[key]
	return ok
}

// Keep implements Evidence.
func (m *MemoryEvidence) Keep(key, how string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.kept == nil {
		m.kept = map[string]string{}
	}
	if _, ok := m.kept[key]; !ok {
		m.kept[key] = how
		if m.Save != nil {
			m.Save(m.kept)
		}
	}
}

// TrustsNotFound reports whether a status inquiry's "not found" proves a
// transaction with its reference on the wire was not charged (see the
// rule above).
func (t *Till) TrustsNotFound() bool {
	p := t.cfg.Profile
	if p.ReferenceField == "" {
		return false
	}
	return p.KeepsReferences || t.cfg.Evidence.Kept(t.evidenceKey())
}

func (t *Till) evidenceKey() string {
	return evidenceKey(t.Status().Terminal, t.cfg.Profile.ReferenceField)
}

// keptReference records that the terminal has shown it keeps references.
func (t *Till) keptReference(how string) {
	key := t.evidenceKey()
	if !t.cfg.Evidence.Kept(key) {
		t.cfg.Evidence.Keep(key, how)
		t.logf("the terminal keeps lanepay's references (%s): its \"not found\" now settles a lost outcome as not charged", how)
		// Outcomes its "not found" left unknown can be settled now.
		t.TriggerRecovery()
		t.changed()
	}
}
