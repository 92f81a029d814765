package main

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"go/format"
	"strings"
)

// The frame patch: go-app renders on a timer armed by the first change
// after a quiet spell, so the verdict of a charge, or the feedback of a
// tap, waited for it every time; no public API renders sooner. The patch
// replaces one function, engineX.Start (see start.go.in).

// engineSHA256 is the hash of pkg/app/engine.go in go-app v10.1.11, the
// only file the patch is written for.
const engineSHA256 = "8400019d85d00fb6a904a9214ab78e1874ead07bb7ec719c2c254955864db5b2"

//go:embed start.go.in
var patchedStart string

//go:embed engine_frame_test.go.in
var frameTest string

// Where Start begins and where the next function begins, in engine.go.
const (
	startBegins = "// Start initiates the main event loop"
	startEnds   = "func (e *engineX) processFrame() {"
)

// patchEngine returns engine.go with Start replaced, or an error when src
// is not the file the patch was written for.
func patchEngine(src []byte) ([]byte, error) {
	sum := sha256.Sum256(src)
	if got := hex.EncodeToString(sum[:]); got != engineSHA256 {
		return nil, fmt.Errorf("engine.go is not go-app v10.1.11's (sha256 %s): check whether the new version still renders a frame late, then update or drop the patch", got)
	}
	s := string(src)
	begin := strings.Index(s, startBegins)
	end := strings.Index(s, startEnds)
	if begin < 0 || end < begin {
		return nil, errors.New("engine.go has no Start function where expected")
	}
	s = s[:begin] + patchedStart + "\n" + s[end:]
	s = strings.Replace(s, "\t\"encoding/json\"\n", "\t\"encoding/json\"\n\t\"math\"\n", 1)
	s = strings.Replace(s, "\t\"reflect\"\n", "\t\"reflect\"\n\t\"runtime\"\n", 1)
	out, err := format.Source([]byte(s))
	if err != nil {
		return nil, fmt.Errorf("patched engine.go does not parse: %w", err)
	}
	return out, nil
}

// frameLoop returns the files of go-app v10.1.11 the frame patch writes,
// by path in the module, given a reader of the released ones: engine.go,
// and with withTest the patch's test.
func frameLoop(read func(path string) ([]byte, error), withTest bool) (map[string][]byte, error) {
	src, err := read("pkg/app/engine.go")
	if err != nil {
		return nil, fmt.Errorf("failed to read go-app's engine: %w", err)
	}
	patched, err := patchEngine(src)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"pkg/app/engine.go": patched}
	if withTest {
		files["pkg/app/engine_frame_test.go"] = []byte(frameTest)
	}
	return files, nil
}
