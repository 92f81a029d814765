package terminalsim

import "sync"

// group tracks the simulator's goroutines so that Close can wait for all of
// them. Unlike a bare WaitGroup it refuses new work once closing has begun,
// so that no Add races the final Wait (an HTTP handler may still be entered
// while the simulator closes).
type group struct {
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

// enter registers the calling goroutine; false once closing.
func (g *group) enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.wg.Add(1)
	return true
}

// leave ends what enter began.
func (g *group) leave() { g.wg.Done() }

// Go runs f in a tracked goroutine; false, without running f, once closing.
func (g *group) Go(f func()) bool {
	if !g.enter() {
		return false
	}
	go func() {
		defer g.leave()
		f()
	}()
	return true
}

// closeAndWait refuses new work and waits for the tracked goroutines.
func (g *group) closeAndWait() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.wg.Wait()
}
