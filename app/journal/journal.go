// Package journal is lanepay's write-ahead log of transactions. A
// transaction is written as pending, with its reference, before anything is
// sent to the terminal; every later step is appended with its time, a note
// and the raw frames. The journal is what lets the app recover a
// transaction whose outcome was lost, so a write that fails is an error the
// caller must act on (refuse to charge), never something to log and ignore.
//
// Two stores implement the same contract: Memory for native tests and the
// soak test, and IndexedDB in the browser (OpenIndexedDB), which survives
// reloads and tab crashes.
package journal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

// Frame is one message on the wire, kept verbatim for disputes and support.
type Frame struct {
	Time time.Time `json:"time"`
	Dir  string    `json:"dir"`  // DirIn or DirOut
	Kind string    `json:"kind"` // what the client read it as: "outcome", "echo", ...
	Raw  string    `json:"raw"`
}

// Frame directions.
const (
	DirIn  = "in"  // from the terminal
	DirOut = "out" // to the terminal
)

// Event is one step of a transaction's life. State is empty for an event
// that only adds frames or a note (an acknowledgement, an inquiry saying
// "in progress"), so the history shows everything that happened without
// every line having to be a state change.
type Event struct {
	Time   time.Time         `json:"time"`
	State  pos.State         `json:"state"`
	Note   string            `json:"note,omitempty"`
	By     string            `json:"by,omitempty"` // "terminal", "inquiry", "cashier", "timeout", ...
	Frames []Frame           `json:"frames,omitempty"`
	Fields map[string]string `json:"fields,omitempty"` // outcome fields
}

// Record is one transaction as the journal keeps it: what was asked, where
// it stands, and its whole history.
type Record struct {
	Ref      string     `json:"ref"`
	Terminal string     `json:"terminal"`
	TypeCode string     `json:"type_code"`
	TypeName string     `json:"type_name"`
	Role     string     `json:"role"` // a pos.Role
	Amount   pos.Amount `json:"amount"`
	Mode     string     `json:"mode"`
	OrigRef  string     `json:"orig_ref,omitempty"`
	// RefSent says the request carries Ref on the wire, so a status
	// inquiry about Ref asks about something the terminal was given.
	RefSent bool `json:"ref_sent,omitempty"`
	// Invoice is the billing software's bill number for a sale it handed
	// off (app/handoff): the key that keeps a bill from being charged twice.
	Invoice string    `json:"invoice,omitempty"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"` // time of the latest event
	State   pos.State `json:"state"`
	// Fields are the latest outcome fields; Message is the message of the
	// latest state change (see Store.Append).
	Fields  map[string]string `json:"fields,omitempty"`
	Message string            `json:"message,omitempty"`
	Events  []Event           `json:"events"`
}

// Unresolved reports whether the terminal may have charged without the
// journal knowing the outcome: pending (a crash may have come after the
// send), sent or unknown. Recovery must settle these.
func (r Record) Unresolved() bool {
	return slices.Contains(unresolvedStates, r.State)
}

// unresolvedStates are the states Record.Unresolved accepts; the browser
// store looks them up by index.
var unresolvedStates = []pos.State{pos.StatePending, pos.StateSent, pos.StateUnknown}

// Normalised outcome field names. Callers should put the outcome's result
// code, message, authorisation code and (masked) card into Event.Fields
// under these keys, beside the terminal's own fields, so that the CSV
// export and Record.Message do not have to guess the terminal's spelling.
// When they are missing, common terminal spellings are tried.
const (
	FieldResult   = "result_code"
	FieldMessage  = "message"
	FieldAuthCode = "auth_code"
	FieldCard     = "card"
)

// fieldAliases are the terminal spellings tried after each normalised name,
// case-insensitively; the first two lists follow the default profile.
var fieldAliases = map[string][]string{
	FieldResult:   {"RESP_CODE", "RESPONSE_CODE", "STATUS", "RESULT"},
	FieldMessage:  {"RESP_MSG", "RESPONSE_MSG", "MESSAGE", "MSG"},
	FieldAuthCode: {"AUTH_CODE", "AUTHCODE", "APPROVAL_CODE", "APPR_CODE", "AUTH_ID", "AUTH_NO"},
	FieldCard:     {"CARD_NO", "CARD_NUMBER", "MASKED_PAN", "PAN", "CARD"},
}

// Field returns an outcome field by its normalised name (FieldResult, ...),
// falling back to common terminal spellings, ignoring case.
func Field(fields map[string]string, name string) string {
	if v, ok := fields[name]; ok {
		return v
	}
	if len(fields) == 0 {
		return ""
	}
	// Sorted keys keep the answer stable when a terminal sends two case
	// variants of one name.
	keys := slices.Sorted(maps.Keys(fields))
	for _, want := range append([]string{name}, fieldAliases[name]...) {
		for _, k := range keys {
			if strings.EqualFold(k, want) {
				return fields[k]
			}
		}
	}
	return ""
}

// Filter selects records for List. Zero values select everything.
type Filter struct {
	// Day is a calendar day of Created, in Day's own location (pass a
	// local time for the local day); zero means any day.
	Day    time.Time
	States []pos.State
	Role   string
	// Query matches, ignoring case, part of the reference, of the original
	// reference, or of the amount written in minor units ("1250") or with
	// Decimals places ("12.50").
	Query    string
	Decimals int
	// Invoice selects the sales handed off for this bill number, exactly
	// (app/handoff: the invoice is the idempotency key); "" for any.
	Invoice string
	Limit   int // 0 means no limit
}

// dayRange is the half-open interval [start, end) of Day's calendar day.
// AddDate keeps it right across daylight-saving changes, where a day is
// not 24 hours.
func (f Filter) dayRange() (start, end time.Time) {
	y, m, d := f.Day.Date()
	start = time.Date(y, m, d, 0, 0, 0, 0, f.Day.Location())
	return start, start.AddDate(0, 0, 1)
}

// match reports whether r passes every part of f except Limit.
func (f Filter) match(r Record) bool {
	if !f.Day.IsZero() {
		start, end := f.dayRange()
		if r.Created.Before(start) || !r.Created.Before(end) {
			return false
		}
	}
	if len(f.States) > 0 && !slices.Contains(f.States, r.State) {
		return false
	}
	if f.Role != "" && r.Role != f.Role {
		return false
	}
	if f.Invoice != "" && r.Invoice != f.Invoice {
		return false
	}
	if q := strings.ToLower(strings.TrimSpace(f.Query)); q != "" {
		return strings.Contains(strings.ToLower(r.Ref), q) ||
			strings.Contains(strings.ToLower(r.OrigRef), q) ||
			strings.Contains(r.Amount.Minor(), q) ||
			strings.Contains(r.Amount.Format(f.Decimals), q)
	}
	return true
}

// Store is a journal. Every method is safe for concurrent use. Errors are
// *OpError values naming the operation; storage failures wrap
// ErrUnavailable (ErrFull when storage is full).
type Store interface {
	// Begin writes a new transaction. r.State must be pending (empty means
	// pending); a zero Created is now, and when r has no events a first
	// pending event is added so the history starts at the beginning. It
	// refuses a reference already in the journal (ErrExists). The record
	// is durable when Begin returns nil; on any error the caller must not
	// send the request. If ctx ends while the write is in flight, the
	// record may still land: it is then a pending entry that was never
	// sent, which Unresolved lists and recovery settles as not charged.
	Begin(ctx context.Context, r Record) error
	// Append adds e to the transaction's history, atomically (read, check
	// and write in one transaction). The write is durable when Append
	// returns nil, except a move to sent (see mustFlush). A zero e.Time is now; Updated becomes
	// e.Time. When e.State is set, it must be a pos.CanTransition from the
	// current state (ErrBadTransition otherwise, nothing written); the
	// record then takes e.State, e.Fields when it has any, and as Message
	// the message field of e.Fields or else e.Note. ErrNotFound for an
	// unknown reference. It returns the record as written.
	Append(ctx context.Context, ref string, e Event) (Record, error)
	// Get returns one transaction, or ErrNotFound.
	Get(ctx context.Context, ref string) (Record, error)
	// List returns the transactions f selects, newest first (by Created,
	// then by reference).
	List(ctx context.Context, f Filter) ([]Record, error)
	// Unresolved returns the transactions recovery must settle (see
	// Record.Unresolved), oldest first.
	Unresolved(ctx context.Context) ([]Record, error)
	// Close releases the store; later calls fail with ErrClosed.
	Close() error
}

// Errors. Test them with errors.Is: the store wraps them in *OpError.
var (
	ErrExists        = errors.New("the reference is already in the journal")
	ErrNotFound      = errors.New("no such transaction in the journal")
	ErrBadTransition = errors.New("state change not allowed")
	ErrInvalid       = errors.New("invalid journal record")
	// ErrUnavailable is any failure of the storage itself: IndexedDB
	// missing, blocked or broken, a write refused. The caller must not
	// charge while it persists.
	ErrUnavailable = errors.New("journal storage is unavailable")
	// ErrFull is a write refused for lack of space (the browser's quota).
	ErrFull = fmt.Errorf("%w: storage is full", ErrUnavailable)
	// ErrClosed is a call after Close.
	ErrClosed = fmt.Errorf("%w: the journal is closed", ErrUnavailable)
)

// Operations named by OpError.
const (
	OpOpen       = "open"
	OpBegin      = "begin"
	OpAppend     = "append"
	OpGet        = "get"
	OpList       = "list"
	OpUnresolved = "unresolved"
	OpClose      = "close"
)

// OpError says which journal operation failed and on which reference, so
// UserMessage can tell the cashier whether anything was sent.
type OpError struct {
	Op  string // one of the Op constants
	Ref string // empty when the operation has no single reference
	Err error
}

func (e *OpError) Error() string {
	var verb string
	switch e.Op {
	case OpBegin, OpAppend:
		verb = "write"
	case OpOpen:
		verb = "open"
	case OpClose:
		verb = "close"
	default:
		verb = "read"
	}
	s := "failed to " + verb + " the journal"
	// "(begin REF)", "(list)"; open and close need no repeating.
	if what := strings.TrimSpace(strings.TrimPrefix(e.Op+" "+e.Ref, verb)); what != "" {
		s += " (" + what + ")"
	}
	return s + ": " + e.Err.Error()
}

func (e *OpError) Unwrap() error { return e.Err }

func opError(op, ref string, err error) error {
	if err == nil {
		return nil
	}
	return &OpError{Op: op, Ref: ref, Err: err}
}

// prepareBegin checks a new record and fills what Begin promises to fill.
func prepareBegin(r Record, now time.Time) (Record, error) {
	if strings.TrimSpace(r.Ref) == "" {
		return r, fmt.Errorf("%w: empty reference", ErrInvalid)
	}
	if r.State == "" {
		r.State = pos.StatePending
	}
	if r.State != pos.StatePending {
		return r, fmt.Errorf("%w: a new transaction must be %s, not %s", ErrInvalid, pos.StatePending, r.State)
	}
	if r.Created.IsZero() {
		r.Created = now
	}
	if r.Updated.IsZero() {
		r.Updated = r.Created
	}
	if len(r.Events) == 0 {
		r.Events = []Event{{Time: r.Created, State: pos.StatePending}}
	}
	return r, nil
}

// Apply is what appending e to r stores, worked out without a store: the
// page shows an outcome while its write is under way. It is Append's
// rule, shared by every store so they cannot disagree.
func Apply(r Record, e Event, now time.Time) (Record, error) {
	if e.Time.IsZero() {
		e.Time = now
	}
	if e.State != "" {
		if !pos.CanTransition(r.State, e.State) {
			return r, fmt.Errorf("%w: from %s to %s", ErrBadTransition, r.State, e.State)
		}
		r.State = e.State
		if len(e.Fields) > 0 {
			r.Fields = e.Fields
		}
		r.Message = Field(e.Fields, FieldMessage)
		if r.Message == "" {
			r.Message = e.Note
		}
	}
	r.Updated = e.Time
	r.Events = append(r.Events, e)
	return r, nil
}

// encode and decode are the one format of a stored record. Both stores keep
// the JSON text, so a record read back from Memory is exactly what
// IndexedDB would give (times with their offsets, no shared maps).
func encode(r Record) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return b, nil
}

func decode(b []byte) (Record, error) {
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return r, fmt.Errorf("%w: stored record is corrupt: %w", ErrUnavailable, err)
	}
	return r, nil
}

// mustFlush reports whether an Append of e must be on disk before it
// returns, or may be merely handed to the operating system. A move to sent
// only narrows pending, and recovery settles the two alike (it asks the
// terminal), so a power cut that loses it costs nothing; flushing it would
// hold up the outcome, which usually arrives while it is being written.
func mustFlush(e Event) bool { return e.State != pos.StateSent }

// roundTrip gives the record as the store will give it back.
func roundTrip(r Record) (Record, []byte, error) {
	b, err := encode(r)
	if err != nil {
		return r, nil, err
	}
	r, err = decode(b)
	return r, b, err
}

// sortNewestFirst and sortOldestFirst order by Created, then by reference,
// the same order IndexedDB's created index gives.
func sortNewestFirst(recs []Record) { slices.SortStableFunc(recs, newerFirst) }

func sortOldestFirst(recs []Record) {
	slices.SortStableFunc(recs, func(a, b Record) int { return newerFirst(b, a) })
}

// newerFirst compares a and b newest first.
func newerFirst(a, b Record) int {
	if c := b.Created.Compare(a.Created); c != 0 {
		return c
	}
	return strings.Compare(b.Ref, a.Ref)
}
