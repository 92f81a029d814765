package main

import (
	"encoding/json"
	"testing"
)

// memStorage is local storage in memory.
type memStorage map[string][]byte

func (m memStorage) Get(key string, v any) error {
	if b, ok := m[key]; ok {
		return json.Unmarshal(b, v)
	}
	return nil
}

func (m memStorage) Set(key string, v any) error {
	b, err := json.Marshal(v)
	m[key] = b
	return err
}

// What one page learnt, the next finds.
func TestStoredEvidenceSurvivesAReload(t *testing.T) {
	st := memStorage{}
	first := loadEvidence(st, st)
	if first.Kept("Counter (10.0.0.5)\x00REF_NO") {
		t.Fatal("a new page already trusts the terminal")
	}
	first.Keep("Counter (10.0.0.5)\x00REF_NO", "echo")
	next := loadEvidence(st, st)
	if !next.Kept("Counter (10.0.0.5)\x00REF_NO") {
		t.Error("the next page forgot the evidence")
	}
	if next.Kept("Back (10.0.0.6)\x00REF_NO") {
		t.Error("evidence about one terminal counts for another")
	}
}
