package pos

import "testing"

func TestStateValid(t *testing.T) {
	tests := []struct {
		state State
		valid bool
	}{
		{StatePending, true},
		{StateSent, true},
		{StateApproved, true},
		{StateDeclined, true},
		{StateUnknown, true},
		{StateNotCharged, true},
		{StateVoided, true},
		{StateRefunded, true},
		{State("lost"), false},
		{State(""), false},
	}
	for _, tt := range tests {
		t.Run(string(tt.state), func(t *testing.T) {
			if got := tt.state.Valid(); got != tt.valid {
				t.Errorf("Valid() = %v", got)
			}
		})
	}
}

func TestCanTransition(t *testing.T) {
	allowed := map[[2]State]bool{
		{StatePending, StateSent}:        true,
		{StatePending, StateNotCharged}:  true,
		{StatePending, StateUnknown}:     true,
		{StateSent, StateApproved}:       true,
		{StateSent, StateDeclined}:       true,
		{StateSent, StateUnknown}:        true,
		{StateUnknown, StateApproved}:    true,
		{StateUnknown, StateDeclined}:    true,
		{StateUnknown, StateNotCharged}:  true,
		{StateApproved, StateVoided}:     true,
		{StateApproved, StateRefunded}:   true,
		{StateDeclined, StateApproved}:   false,
		{StateNotCharged, StateApproved}: false,
	}
	// Every pair is checked, so an accidental extra edge fails too.
	for _, from := range append(States(), "bogus") {
		for _, to := range append(States(), "bogus") {
			want := allowed[[2]State{from, to}]
			t.Run(string(from)+"->"+string(to), func(t *testing.T) {
				if got := CanTransition(from, to); got != want {
					t.Errorf("CanTransition = %v, want %v", got, want)
				}
			})
		}
	}
}
