package pos

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func TestNewReference(t *testing.T) {
	at := time.Date(2025, 11, 25, 21, 8, 0, 123e6, time.UTC)
	tests := []struct {
		name   string
		now    time.Time
		random [4]byte
		want   string
	}{
		{"epoch zero random", time.UnixMilli(0), [4]byte{}, "0000000000000000"},
		{"epoch max random", time.UnixMilli(0), [4]byte{255, 255, 255, 255}, "0000000001Z141Z3"},
		{"before epoch clamps", time.UnixMilli(-5), [4]byte{0, 0, 0, 1}, "0000000000000001"},
		{"far future clamps", time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), [4]byte{}, "ZZZZZZZZZ0000000"},
		{"a real time", at, [4]byte{1, 2, 3, 4}, NewReference(at, [4]byte{1, 2, 3, 4})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NewReference(tt.now, tt.random)
			if got != tt.want {
				t.Errorf("NewReference = %q, want %q", got, tt.want)
			}
			if len(got) != ReferenceLen {
				t.Errorf("length %d", len(got))
			}
			for _, c := range got {
				if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
					t.Errorf("character %q is not 0-9A-Z", c)
				}
			}
		})
	}
}

func TestNewReferenceSortsByTime(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var refs []string
	for i, d := range []time.Duration{0, time.Millisecond, time.Second, time.Hour, 24 * 365 * time.Hour} {
		// Decreasing random bytes: the order must come from the time alone.
		refs = append(refs, NewReference(base.Add(d), [4]byte{byte(255 - i), 255, 255, 255}))
	}
	if !sort.StringsAreSorted(refs) {
		t.Errorf("not sorted by time: %q", refs)
	}
	if a, b := NewReference(base, [4]byte{1}), NewReference(base, [4]byte{2}); a == b {
		t.Error("same millisecond, different random bytes, same reference")
	}
}

func TestReferenceTime(t *testing.T) {
	at := time.Date(2025, 11, 25, 21, 8, 0, 123e6, time.UTC)
	tests := []struct {
		name string
		ref  string
		want time.Time
		ok   bool
	}{
		{"round trip", NewReference(at, [4]byte{9, 9, 9, 9}), at, true},
		{"too short", "ABC", time.Time{}, false},
		{"lower case", "0000000000000a00", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := referenceTime(tt.ref)
			if ok != tt.ok || !got.Equal(tt.want) {
				t.Errorf("referenceTime(%q) = %v, %v", tt.ref, got, ok)
			}
		})
	}
}

// referenceTime reads back when a NewReference reference was made: the
// time its first nine characters hold. ok is false for other references.
func referenceTime(ref string) (t time.Time, ok bool) {
	if len(ref) != ReferenceLen {
		return time.Time{}, false
	}
	var ms uint64
	for i := 0; i < ReferenceLen; i++ {
		d := strings.IndexByte(base36, ref[i])
		if d < 0 {
			return time.Time{}, false
		}
		if i < 9 {
			ms = ms*36 + uint64(d)
		}
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}
