package terminalsim

import (
	"encoding/json"
	"testing"
	"time"
)

func TestCardFor(t *testing.T) {
	tests := []struct {
		name     string
		mode     string
		seq      int
		wantKind string
	}{
		{"card first", modeCard, 0, "VISA"},
		{"card second", modeCard, 1, "MASTERCARD"},
		{"card wraps", modeCard, 3, "VISA"},
		{"upi", modeUPI, 0, "UPI"},
		{"upi wraps", modeUPI, 5, "UPI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cardFor(tt.mode, tt.seq)
			if c.kind != tt.wantKind {
				t.Errorf("kind = %q, want %q", c.kind, tt.wantKind)
			}
			re := reCard
			if tt.mode == modeUPI {
				re = reVPA
			}
			if !re.MatchString(c.number) {
				t.Errorf("number %q does not match %s", c.number, re)
			}
		})
	}
}

func TestNewRRN(t *testing.T) {
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	tests := []struct {
		name string
		seq  int
		want string
	}{
		{"first", 1, "260304000001"},
		{"sequence", 42, "260304000042"},
		{"wraps at a million", 1_000_001, "260304000001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := newRRN(now, tt.seq); got != tt.want {
				t.Errorf("newRRN(%d) = %q, want %q", tt.seq, got, tt.want)
			}
		})
	}
}

func TestNewAuthCode(t *testing.T) {
	seen := map[string]bool{}
	for range 100 {
		c := newAuthCode()
		if !reAuth.MatchString(c) {
			t.Fatalf("auth code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 90 {
		t.Errorf("only %d distinct codes in 100", len(seen))
	}
}

func TestGreeting(t *testing.T) {
	var m map[string]string
	if err := json.Unmarshal(greeting("T1", "M1", "000003"), &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"EVENT": "CONNECTED", "MESSAGE": WaitingMessage, "TID": "T1", "MID": "M1", "BATCH_NO": "000003"}
	if len(m) != len(want) {
		t.Errorf("greeting = %v, want %v", m, want)
	}
	wantFields(t, m, want)
}

func TestAnswerStamp(t *testing.T) {
	a := answer{}
	a.stamp(time.Date(2026, 12, 31, 23, 59, 58, 0, time.UTC))
	a.setIf("EMPTY", "")
	if a["TXN_DATE"] != "20261231" || a["TXN_TIME"] != "235958" {
		t.Errorf("stamp = %v", a)
	}
	if _, ok := a["EMPTY"]; ok {
		t.Error("setIf set an empty value")
	}
}
