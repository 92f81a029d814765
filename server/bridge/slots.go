package bridge

import (
	"net/netip"
	"sync"
)

// slots counts bridge connections per terminal address, so that two
// tills, or a till and a forgotten tab, never talk to one terminal at once
// through the bridge: the terminal runs one transaction at a time, and a
// second client would at best be told it is busy mid-sale.
type slots struct {
	max  int
	mu   sync.Mutex
	busy map[netip.AddrPort]int
}

func newSlots(max int) *slots { return &slots{max: max, busy: map[netip.AddrPort]int{}} }

// acquire takes a slot on every address, or none if one is full.
func (s *slots) acquire(addrs []netip.AddrPort) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range addrs {
		if s.busy[a] >= s.max {
			return false
		}
	}
	for _, a := range addrs {
		s.busy[a]++
	}
	return true
}

func (s *slots) release(addrs []netip.AddrPort) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range addrs {
		if s.busy[a]--; s.busy[a] <= 0 {
			delete(s.busy, a)
		}
	}
}
