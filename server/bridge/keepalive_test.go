//go:build linux

package bridge

import (
	"context"
	"net"
	"net/netip"
	"syscall"
	"testing"
	"time"
)

// A terminal whose link is cut sends nothing, not even a FIN: only TCP
// keepalive finds it gone. The terminal's socket probes after a third of
// TerminalKeepAlive and drops after two unanswered probes.
func TestTerminalKeepAlive(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		if c, err := ln.Accept(); err == nil {
			defer c.Close()
			time.Sleep(time.Second)
		}
	}()
	addr := netip.MustParseAddrPort(ln.Addr().String())
	tests := []struct {
		name       string
		every      time.Duration
		on         bool
		idle, intv int // seconds
		count      int
	}{
		{"default", DefaultTerminalKeepAlive, true, 5, 5, 2},
		{"off", -1, false, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := dialAny(context.Background(), []netip.AddrPort{addr}, keepAlive(tt.every))
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			raw, err := c.(*net.TCPConn).SyscallConn()
			if err != nil {
				t.Fatal(err)
			}
			var on, idle, intv, count int
			if err := raw.Control(func(fd uintptr) {
				on, _ = syscall.GetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_KEEPALIVE)
				idle, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPIDLE)
				intv, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPINTVL)
				count, _ = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_KEEPCNT)
			}); err != nil {
				t.Fatal(err)
			}
			if (on != 0) != tt.on {
				t.Fatalf("SO_KEEPALIVE = %d, want on %v", on, tt.on)
			}
			if tt.on && (idle != tt.idle || intv != tt.intv || count != tt.count) {
				t.Errorf("keepalive idle %d s, every %d s, %d probes; want %d, %d, %d", idle, intv, count, tt.idle, tt.intv, tt.count)
			}
		})
	}
}
