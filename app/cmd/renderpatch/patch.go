package main

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	goAppModule  = "github.com/maxence-charriere/go-app/v10"
	goAppVersion = "v10.1.11"
)

// engineSHA256 is the hash of pkg/app/engine.go in go-app v10.1.11, the
// only file the patch is written for.
const engineSHA256 = "8400019d85d00fb6a904a9214ab78e1874ead07bb7ec719c2c254955864db5b2"

//go:embed start.go.in
var patchedStart string

//go:embed engine_frame_test.go.in
var patchTest string

// Where Start begins and where the next function begins, in engine.go.
const (
	startBegins = "// Start initiates the main event loop"
	startEnds   = "func (e *engineX) processFrame() {"
)

// patch returns engine.go with Start replaced, or an error when src is not
// the file the patch was written for.
func patch(src []byte) ([]byte, error) {
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

// goAppDir is where the build reads go-app from (the module cache),
// downloading it first on a fresh machine.
func goAppDir() (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", goAppModule).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%w: %s%s", err, bytes.TrimSpace(exit.Stderr), bytes.TrimSpace(out))
		}
		return "", fmt.Errorf("failed to download %s: %w", goAppModule, err)
	}
	var m struct{ Version, Dir string }
	if err := json.Unmarshal(out, &m); err != nil {
		return "", fmt.Errorf("failed to read go mod download's answer: %w", err)
	}
	if m.Version != goAppVersion || m.Dir == "" {
		return "", fmt.Errorf("go.mod asks for %s %s, the patch is for %s", goAppModule, m.Version, goAppVersion)
	}
	return m.Dir, nil
}

// writeWorkspace writes a patched copy of the go-app module in goApp to
// out/go-app (with withTest, its test added) and out/go.work, a workspace
// of the main module in root that replaces go-app by the copy. It returns
// the go.work's path, for GOWORK. The go command refuses overlays of files
// in the module cache, hence a copy.
func writeWorkspace(root, goApp, out string, withTest bool) (string, error) {
	src, err := os.ReadFile(filepath.Join(goApp, "pkg", "app", "engine.go"))
	if err != nil {
		return "", fmt.Errorf("failed to read go-app's engine: %w", err)
	}
	patched, err := patch(src)
	if err != nil {
		return "", err
	}
	if out, err = filepath.Abs(out); err != nil {
		return "", err
	}
	if root, err = filepath.Abs(root); err != nil {
		return "", err
	}
	goVersion, err := exec.Command("go", "list", "-C", root, "-m", "-f", "{{.GoVersion}}").Output()
	if err != nil {
		return "", fmt.Errorf("failed to read the main module's Go version: %w", err)
	}
	copyDir := filepath.Join(out, "go-app")
	// CopyFS refuses to overwrite: a copy from an earlier run goes first.
	if err := os.RemoveAll(copyDir); err != nil {
		return "", fmt.Errorf("failed to remove the old copy: %w", err)
	}
	// The code and what the go command needs; not the 26 MB of docs.
	for _, name := range []string{"pkg", "go.mod", "go.sum", "LICENSE"} {
		if err := copyPath(filepath.Join(copyDir, name), filepath.Join(goApp, name)); err != nil {
			return "", fmt.Errorf("failed to copy go-app: %w", err)
		}
	}
	files := map[string][]byte{filepath.Join(copyDir, "pkg", "app", "engine.go"): patched}
	if withTest {
		files[filepath.Join(copyDir, "pkg", "app", "engine_frame_test.go")] = []byte(patchTest)
	}
	work := filepath.Join(out, "go.work")
	files[work] = fmt.Appendf(nil, "// Written by app/cmd/renderpatch: lanepay with go-app's frame loop patched.\ngo %s\n\nuse %q\n\nreplace %s %s => %q\n",
		bytes.TrimSpace(goVersion), root, goAppModule, goAppVersion, copyDir)
	for name, data := range files {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			return "", fmt.Errorf("failed to write the patch: %w", err)
		}
	}
	return work, nil
}

// copyPath copies a file or a directory tree.
func copyPath(dst, src string) error {
	info, err := os.Stat(src)
	if err != nil {
		return err
	}
	if info.IsDir() {
		return os.CopyFS(dst, os.DirFS(src))
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
