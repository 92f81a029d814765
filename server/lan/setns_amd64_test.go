//go:build linux

package lan

// sysSetns is setns(2)'s number on x86-64: the syscall package, whose
// table for amd64 is frozen, does not name it.
const sysSetns = 308
