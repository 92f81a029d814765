package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/format"
	"strings"
)

// The patches edit files of a released version, and each edit must land
// where it was written to: a file is read only if it is the released one,
// byte for byte, and each change must match exactly once.

// A reader reads a module's file as released, by its path in the module.
type reader func(path string) ([]byte, error)

// released reads a module's file and checks it is the one the patches
// were written for.
func released(read reader, m module, path, sha string) (string, error) {
	src, err := read(path)
	if err != nil {
		return "", fmt.Errorf("failed to read %s's %s: %w", m.path, path, err)
	}
	sum := sha256.Sum256(src)
	if got := hex.EncodeToString(sum[:]); got != sha {
		return "", fmt.Errorf("%s is not %s %s's (sha256 %s): check what the patch changes in the new version, then update or drop it", path, m.path, m.version, got)
	}
	return string(src), nil
}

// A change replaces a text that must occur exactly once.
type change struct{ old, new string }

// edit applies the changes in turn and formats the result.
func edit(src string, changes ...change) ([]byte, error) {
	for _, c := range changes {
		if n := strings.Count(src, c.old); n != 1 {
			return nil, fmt.Errorf("%q occurs %d times, not once", c.old, n)
		}
		src = strings.Replace(src, c.old, c.new, 1)
	}
	out, err := format.Source([]byte(src))
	if err != nil {
		return nil, fmt.Errorf("the patched file does not parse: %w", err)
	}
	return out, nil
}
