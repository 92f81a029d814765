package cashier

import "testing"

// What one page learnt, the next finds.
func TestStoredEvidenceSurvivesAReload(t *testing.T) {
	st := newMemStorage()
	first := loadEvidence(st)
	if first.Kept("Counter (10.0.0.5)\x00REF_NO") {
		t.Fatal("a new page already trusts the terminal")
	}
	first.Keep("Counter (10.0.0.5)\x00REF_NO", "echo")
	next := loadEvidence(st)
	if !next.Kept("Counter (10.0.0.5)\x00REF_NO") {
		t.Error("the next page forgot the evidence")
	}
	if next.Kept("Back (10.0.0.6)\x00REF_NO") {
		t.Error("evidence about one terminal counts for another")
	}
}
