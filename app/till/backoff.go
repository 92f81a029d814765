package till

import "time"

// Reconnect delays: the first retry comes within a second, so a Wi-Fi
// blip costs the cashier nothing; later ones back off to 30 s so a
// terminal that is switched off is not hammered.
const (
	backoffBase = 500 * time.Millisecond
	backoffCap  = 30 * time.Second
)

// Backoff is the wait before reconnect attempt n (0 for the first), given
// r uniform in [0, 1). It doubles from backoffBase up to backoffCap, and
// takes a random point in the upper half so tablets that lost the terminal
// together do not all return at the same instant.
func Backoff(n int, r float64) time.Duration {
	d := backoffBase
	for i := 0; i < n && d < backoffCap; i++ {
		d *= 2
	}
	d = min(d, backoffCap)
	return d/2 + time.Duration(r*float64(d/2))
}
