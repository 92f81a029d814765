package main

import (
	_ "embed"
	"errors"
	"fmt"
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

// frameLoop returns the files of go-app v10.1.11 the frame patch writes,
// by path in the module: engine.go, and with withTest the patch's test.
func frameLoop(read reader, withTest bool) (map[string][]byte, error) {
	src, err := released(read, goApp, "pkg/app/engine.go", engineSHA256)
	if err != nil {
		return nil, fmt.Errorf("the frame patch: %w", err)
	}
	patched, err := patchEngine(src)
	if err != nil {
		return nil, fmt.Errorf("the frame patch: go-app's engine.go: %w", err)
	}
	files := map[string][]byte{"pkg/app/engine.go": patched}
	if withTest {
		files["pkg/app/engine_frame_test.go"] = []byte(frameTest)
	}
	return files, nil
}

// patchEngine returns engine.go with Start replaced and the imports the
// new Start needs.
func patchEngine(src string) ([]byte, error) {
	begin := strings.Index(src, startBegins)
	end := strings.Index(src, startEnds)
	if begin < 0 || end < begin {
		return nil, errors.New("no Start function where expected")
	}
	return edit(src[:begin]+patchedStart+"\n"+src[end:],
		change{"\t\"encoding/json\"\n", "\t\"encoding/json\"\n\t\"math\"\n"},
		change{"\t\"reflect\"\n", "\t\"reflect\"\n\t\"runtime\"\n"},
	)
}
