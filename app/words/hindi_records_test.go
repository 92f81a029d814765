package words

import "testing"

// TestHindiRecordsAgree checks that a sentence both Hindi catalogs
// translate reads the same in both, so that a word does not change from
// one screen to the next.
func TestHindiRecordsAgree(t *testing.T) {
	for en, hi := range hindiRecords {
		if hindi[en] != hi {
			t.Errorf("%q is %q in hindi.go and %q in hindi_records.go", en, hindi[en], hi)
		}
	}
}
