package testkit

import (
	"log/slog"
	"testing"
	"time"
)

func TestUntil(t *testing.T) {
	tests := []struct {
		name  string
		after int // calls until cond is true; -1 never
		want  bool
	}{
		{"true at once", 0, true},
		{"true on the third call", 2, true},
		{"never true", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			got := until(func() bool {
				calls++
				return tt.after >= 0 && calls > tt.after
			}, 100*time.Millisecond)
			if got != tt.want {
				t.Errorf("until = %v after %d calls, want %v", got, calls, tt.want)
			}
			if tt.want && calls != tt.after+1 {
				t.Errorf("cond asked %d times, want %d: it is asked until true, no more", calls, tt.after+1)
			}
		})
	}
}

func TestDiscard(t *testing.T) {
	log := Discard()
	if log.Enabled(t.Context(), slog.LevelError) {
		t.Error("the discard logger is enabled: it would format what it then drops")
	}
	log.Error("dropped")
}
