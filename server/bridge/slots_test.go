package bridge

import (
	"net/netip"
	"testing"
)

func TestSlots(t *testing.T) {
	a := netip.MustParseAddrPort("192.168.1.50:5000")
	b := netip.MustParseAddrPort("192.168.1.51:5000")
	s := newSlots(1)
	steps := []struct {
		name    string
		acquire []netip.AddrPort
		release []netip.AddrPort
		want    bool
	}{
		{name: "first", acquire: []netip.AddrPort{a}, want: true},
		{name: "same terminal", acquire: []netip.AddrPort{a}, want: false},
		{name: "all or nothing", acquire: []netip.AddrPort{b, a}, want: false},
		{name: "the other is still free", acquire: []netip.AddrPort{b}, want: true},
		{name: "after release", release: []netip.AddrPort{a}, acquire: []netip.AddrPort{a}, want: true},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			s.release(st.release)
			if got := s.acquire(st.acquire); got != st.want {
				t.Errorf("acquire %v = %v, want %v", st.acquire, got, st.want)
			}
		})
	}
	s.release([]netip.AddrPort{a, b})
	if len(s.busy) != 0 {
		t.Errorf("slots left: %v", s.busy)
	}
}
