package journal

import (
	"testing"

	"github.com/lanepay/lanepay/app/pos"
)

func TestMustFlush(t *testing.T) {
	tests := []struct {
		name string
		e    Event
		want bool
	}{
		{"sent narrows pending", Event{State: pos.StateSent}, false},
		{"approved", Event{State: pos.StateApproved}, true},
		{"declined", Event{State: pos.StateDeclined}, true},
		{"unknown", Event{State: pos.StateUnknown}, true},
		{"not charged", Event{State: pos.StateNotCharged}, true},
		{"a note alone", Event{Note: "the terminal is still processing it"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := mustFlush(tt.e); got != tt.want {
				t.Errorf("mustFlush(%+v) = %v, want %v", tt.e, got, tt.want)
			}
		})
	}
}
