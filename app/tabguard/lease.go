// Package tabguard keeps two tabs or windows of the till from using the
// terminal at once where the browser has no Web Locks: a page opened over
// plain HTTP from another machine is not a secure context, and browsers
// keep Web Locks (with StorageManager and service workers) for secure
// ones. It is a lease in IndexedDB: taken before a request goes to the
// terminal, renewed while it is held, given back after; a lease nobody
// renews expires, so a tab closed or crashed while holding it frees it.
//
// # Why a lease in IndexedDB
//
// Taking the terminal must be atomic across tabs: read that nobody holds
// it and write that this tab does, with no other tab in between.
//
//   - IndexedDB gives that. Read-write transactions whose scopes overlap
//     run one at a time, in the order they were made, for every tab of
//     the origin (the browser's storage process orders them), so reading
//     the lease and writing this tab's claim in one transaction is a
//     compare-and-set. The page already depends on IndexedDB: without it
//     there is no journal, and nothing is charged.
//   - localStorage does not. Chromium keeps a copy of the storage area in
//     each tab's renderer and passes writes to the others asynchronously
//     (the specification's storage mutex was never implemented), so two
//     tabs pressing Charge within the same few milliseconds both read the
//     lease as free and both write their claim. BroadcastChannel messages
//     are asynchronous too: claims cross in flight, and a protocol on top
//     of them needs a wait after each claim to see whether another
//     arrived, a delay on every press and subtle to get right.
//
// A tab that closes or crashes runs no code that can be relied on
// (pagehide is given a try, see GiveBackOnPageHide), so the lease carries
// an expiry, TTL after its last renewal. A page frozen by the browser
// (the back-forward cache, a background tab frozen to save power) runs no
// timers: it stops renewing and its lease expires, which is right for a
// page the cashier has left. Its renewal, if it is thawed, never takes
// back a lease another tab has taken meanwhile (Claim refuses it).
//
// The limit: a holder frozen, or its timers throttled, for longer than
// TTL while its request is at the terminal loses the lease, and another
// tab may send; the terminal's own busy answer is then the only guard, as
// it is between two devices. TTL is well above a hidden tab's timer
// throttling (once a second, and renewals come every TTL/3), and a tab
// that crashes keeps the others from charging for at most TTL.
//
// Expiries are wall-clock times, which all tabs of one browser share.
package tabguard

import "time"

// Lease is who holds the terminal, and until when.
type Lease struct {
	Owner string `json:"owner"`
	Until int64  `json:"until"` // Unix milliseconds
}

// ms is t as a lease's time.
func ms(t time.Time) int64 { return t.UnixMilli() }

// Live reports whether l still holds the terminal at now for a lease of
// ttl. A lease that ends more than two terms ahead was written under a
// clock since set back: it is not live, or a holder that crashed would
// keep the terminal for as long as the clock went back.
func (l *Lease) Live(now time.Time, ttl time.Duration) bool {
	if l == nil {
		return false
	}
	n := ms(now)
	return n < l.Until && l.Until <= n+2*ttl.Milliseconds()
}

// Claim decides a claim by owner at now, for the lease cur as stored
// (nil: none), taking it or renewing it: the lease to store, and whether
// owner holds the terminal. A live lease of another owner is left as it
// is (next is nil): a tab that was frozen past its expiry does not take
// back what another has taken meanwhile.
func Claim(cur *Lease, owner string, now time.Time, ttl time.Duration) (next *Lease, ok bool) {
	if cur != nil && cur.Owner != owner && cur.Live(now, ttl) {
		return nil, false
	}
	return &Lease{Owner: owner, Until: ms(now.Add(ttl))}, true
}

// GiveBack decides whether owner's giving back removes cur: only a lease
// of its own. One taken over by another tab is left to it.
func GiveBack(cur *Lease, owner string) bool {
	return cur != nil && cur.Owner == owner
}
