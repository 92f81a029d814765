//go:build linux && !amd64 && !386

package lan

import "syscall"

// sysSetns is setns(2)'s number, which the syscall package names on these
// architectures.
const sysSetns = syscall.SYS_SETNS
