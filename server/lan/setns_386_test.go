//go:build linux

package lan

// sysSetns is setns(2)'s number on x86: the syscall package, whose table
// for 386 is frozen, does not name it.
const sysSetns = 346
