package pos

// State is where a transaction stands in the journal. The journal writes
// StatePending before anything is sent, so a crash can never lose a
// transaction the terminal may have charged.
type State string

const (
	StatePending    State = "pending"     // in the journal, not yet sent
	StateSent       State = "sent"        // sent, no outcome yet
	StateApproved   State = "approved"    // the terminal approved it
	StateDeclined   State = "declined"    // the terminal declined it
	StateUnknown    State = "unknown"     // no outcome before the timeout or a drop: recovery must find out
	StateNotCharged State = "not_charged" // never reached the terminal, or the inquiry found nothing
	StateVoided     State = "voided"      // approved, then voided by a later transaction
	StateRefunded   State = "refunded"    // approved, then refunded by a later transaction
)

// States lists every state in the order of a transaction's life.
func States() []State {
	return []State{StatePending, StateSent, StateApproved, StateDeclined, StateUnknown, StateNotCharged, StateVoided, StateRefunded}
}

// Valid reports whether s is one of States, for reading a journal back.
func (s State) Valid() bool {
	for _, v := range States() {
		if s == v {
			return true
		}
	}
	return false
}

// transitions is the whole state machine. pending may go to unknown
// because after a crash the journal cannot tell whether the send happened;
// unknown is settled by a status inquiry or by the operator reading the
// terminal's screen.
var transitions = map[State][]State{
	StatePending:  {StateSent, StateNotCharged, StateUnknown},
	StateSent:     {StateApproved, StateDeclined, StateUnknown},
	StateUnknown:  {StateApproved, StateDeclined, StateNotCharged},
	StateApproved: {StateVoided, StateRefunded},
}

// CanTransition reports whether the journal may move a transaction from
// one state to another; staying in the same state is not a transition.
func CanTransition(from, to State) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}
