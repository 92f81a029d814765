package till

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	tests := []struct {
		name     string
		attempt  int
		r        float64
		min, max time.Duration
	}{
		{name: "first retry is quick", attempt: 0, r: 0.999, min: 250 * time.Millisecond, max: time.Second},
		{name: "first retry lowest", attempt: 0, r: 0, min: 250 * time.Millisecond, max: 250 * time.Millisecond},
		{name: "second doubles", attempt: 1, r: 0, min: 500 * time.Millisecond, max: 500 * time.Millisecond},
		{name: "grows", attempt: 4, r: 0.5, min: 4 * time.Second, max: 8 * time.Second},
		{name: "capped", attempt: 10, r: 0.999, min: 15 * time.Second, max: 30 * time.Second},
		{name: "capped for huge attempts", attempt: 1 << 20, r: 0.999, min: 15 * time.Second, max: 30 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Backoff(tt.attempt, tt.r)
			if got < tt.min || got > tt.max {
				t.Errorf("Backoff(%d, %v) = %v, want within [%v, %v]", tt.attempt, tt.r, got, tt.min, tt.max)
			}
		})
	}
}
