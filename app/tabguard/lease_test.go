package tabguard

import (
	"testing"
	"time"
)

// The rules of the lease, at given times: who may take it, and when a
// lease stops counting.
func TestClaim(t *testing.T) {
	const ttl = 15 * time.Second
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) int64 { return now.Add(d).UnixMilli() }
	tests := []struct {
		name string
		cur  *Lease
		ok   bool
	}{
		{"none: taken", nil, true},
		{"its own, live: renewed", &Lease{Owner: "me", Until: at(5 * time.Second)}, true},
		{"its own, expired: taken again", &Lease{Owner: "me", Until: at(-time.Minute)}, true},
		{"another tab's, live: refused", &Lease{Owner: "other", Until: at(time.Millisecond)}, false},
		{"another tab's, a full term ahead: refused", &Lease{Owner: "other", Until: at(ttl)}, false},
		{"another tab's, ending now: taken", &Lease{Owner: "other", Until: at(0)}, true},
		{"another tab's, expired: taken", &Lease{Owner: "other", Until: at(-time.Second)}, true},
		{"another tab's, within two terms (a clock set back a little): refused", &Lease{Owner: "other", Until: at(2 * ttl)}, false},
		{"another tab's, beyond two terms (a clock set back further): taken", &Lease{Owner: "other", Until: at(2*ttl + time.Millisecond)}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			next, ok := Claim(tt.cur, "me", now, ttl)
			if ok != tt.ok {
				t.Fatalf("Claim = %v, want %v", ok, tt.ok)
			}
			if !ok {
				if next != nil {
					t.Errorf("a refused claim writes %+v, want nothing", next)
				}
				return
			}
			if want := (Lease{Owner: "me", Until: at(ttl)}); next == nil || *next != want {
				t.Errorf("Claim writes %+v, want %+v", next, want)
			}
		})
	}
}

func TestGiveBack(t *testing.T) {
	for _, tt := range []struct {
		name string
		cur  *Lease
		want bool
	}{
		{"its own: removed", &Lease{Owner: "me", Until: 1}, true},
		{"another tab's: left", &Lease{Owner: "other", Until: 1}, false},
		{"none: nothing to do", nil, false},
	} {
		if got := GiveBack(tt.cur, "me"); got != tt.want {
			t.Errorf("%s: GiveBack = %v, want %v", tt.name, got, tt.want)
		}
	}
}
