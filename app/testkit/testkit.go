// Package testkit is what the tests of every lanepay package need alike,
// in app and in server: waiting for a condition under a deadline, and a
// logger that writes nothing. It imports only the standard library, so
// that any package's tests can use it, the simulator's and the journal's
// included (tilltest, which starts tills on the simulator, imports those),
// natively and in the browser's wasm.
package testkit

import (
	"log/slog"
	"testing"
	"time"
)

// Timeout bounds every wait: long enough that a correct test never fails
// on a loaded machine (two cores shared with Chromium and other test
// binaries), short enough that a hang fails the test rather than the
// whole run's timeout.
const Timeout = 30 * time.Second

// interval is how often a condition is asked again: short against what
// the tests wait for (a frame, a journal write, a reconnect), long enough
// not to starve what they wait for of the CPU.
const interval = 10 * time.Millisecond

// Until asks cond again and again until it is true, or until Timeout has
// passed, and reports whether it became true. For a caller that says
// itself why it gave up; Eventually is the usual way.
func Until(cond func() bool) bool { return until(cond, Timeout) }

func until(cond func() bool, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(interval)
	}
	return true
}

// Eventually waits until cond is true, failing t, with what it waited
// for, if it is not within Timeout. cond runs on the caller's goroutine,
// so it may fail t itself.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	if !Until(cond) {
		t.Fatalf("timed out after %v waiting for %s", Timeout, what)
	}
}

// Discard is a logger that writes nothing, for what a test starts and
// does not watch the logs of.
func Discard() *slog.Logger { return slog.New(slog.DiscardHandler) }
