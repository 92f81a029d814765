package pos

import (
	"encoding/binary"
	"strings"
	"time"
)

// ReferenceLen is the length of every reference NewReference makes.
const ReferenceLen = 16

const base36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// maxRefMillis is the largest time that fits 9 base-36 digits.
const maxRefMillis = 36*36*36*36*36*36*36*36*36 - 1

// NewReference makes the reference of one request from the time it is made
// and four random bytes (the caller reads them from crypto/rand; the
// package reads no clock and no randomness so it stays pure and testable).
//
// The reference is 16 characters of 0-9A-Z: 9 for the Unix time in
// milliseconds, then 7 for the random bytes, both fixed-width base 36. So
// references sort by time as plain strings, and two requests in the same
// millisecond differ unless their random bytes collide (1 in 2^32). Times
// before 1970 count as 1970; 9 base-36 digits last past the year 5000.
func NewReference(now time.Time, random [4]byte) string {
	ms := now.UnixMilli()
	if ms < 0 {
		ms = 0
	}
	if ms > maxRefMillis {
		ms = maxRefMillis
	}
	var b strings.Builder
	b.Grow(ReferenceLen)
	writeBase36(&b, uint64(ms), 9)
	writeBase36(&b, uint64(binary.BigEndian.Uint32(random[:])), 7)
	return b.String()
}

func writeBase36(b *strings.Builder, v uint64, width int) {
	var buf [16]byte
	for i := width - 1; i >= 0; i-- {
		buf[i] = base36[v%36]
		v /= 36
	}
	b.Write(buf[:width])
}
