package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// patches says which patches a workspace applies.
type patches struct {
	frame     bool // go-app's frame loop (frame.go)
	noHTTP    bool // no net/http in the browser (nohttp.go)
	frameTest bool // the frame patch's test, added to go-app's package
}

// A module the patches are written for: one version of it.
type module struct {
	path, version string
	dirName       string   // of its copy in the workspace's directory
	copy          []string // what to copy (nil: everything)
}

var (
	// The code and what the go command needs; not go-app's 26 MB of docs.
	goApp     = module{"github.com/maxence-charriere/go-app/v10", "v10.1.11", "go-app", []string{"pkg", "go.mod", "go.sum", "LICENSE"}}
	websocket = module{"github.com/coder/websocket", "v1.8.15", "websocket", nil}
)

// dir is where the build reads the module from (the module cache),
// downloading it first on a fresh machine. It fails unless the main module
// requires the version the patches are for.
func (m module) dir() (string, error) {
	out, err := exec.Command("go", "mod", "download", "-json", m.path).Output()
	if err != nil {
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			err = fmt.Errorf("%w: %s%s", err, bytes.TrimSpace(exit.Stderr), bytes.TrimSpace(out))
		}
		return "", fmt.Errorf("failed to download %s: %w", m.path, err)
	}
	var got struct{ Version, Dir string }
	if err := json.Unmarshal(out, &got); err != nil {
		return "", fmt.Errorf("failed to read go mod download's answer: %w", err)
	}
	if got.Version != m.version || got.Dir == "" {
		return "", fmt.Errorf("go.mod asks for %s %s, the patches are for %s", m.path, got.Version, m.version)
	}
	return got.Dir, nil
}

// writeWorkspace writes patched copies of the modules p changes to
// out/<name> and out/go.work, a workspace of the main module in root that
// replaces those modules by the copies. It returns the go.work's path, for
// GOWORK. The go command refuses overlays of files in the module cache,
// hence copies.
func writeWorkspace(root, out string, p patches) (string, error) {
	var err error
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
	var applied []string
	var replaces strings.Builder
	copyPatched := func(m module, changes func(read func(string) ([]byte, error)) (map[string][]byte, error)) error {
		src, err := m.dir()
		if err != nil {
			return err
		}
		read := func(path string) ([]byte, error) { return os.ReadFile(filepath.Join(src, filepath.FromSlash(path))) }
		files, err := changes(read)
		if err != nil {
			return err
		}
		dst := filepath.Join(out, m.dirName)
		// CopyFS refuses to overwrite: a copy from an earlier run goes first.
		if err := os.RemoveAll(dst); err != nil {
			return fmt.Errorf("failed to remove the old copy of %s: %w", m.path, err)
		}
		names := m.copy
		if names == nil {
			names = []string{"."}
		}
		for _, name := range names {
			if err := copyPath(filepath.Join(dst, name), filepath.Join(src, name)); err != nil {
				return fmt.Errorf("failed to copy %s: %w", m.path, err)
			}
		}
		for path, data := range files {
			if err := os.WriteFile(filepath.Join(dst, filepath.FromSlash(path)), data, 0o644); err != nil {
				return fmt.Errorf("failed to write the patch: %w", err)
			}
		}
		fmt.Fprintf(&replaces, "replace %s %s => %q\n", m.path, m.version, dst)
		return nil
	}

	if p.frame || p.noHTTP {
		err := copyPatched(goApp, func(read func(string) ([]byte, error)) (map[string][]byte, error) {
			files := map[string][]byte{}
			if p.noHTTP {
				f, err := goAppWithoutHTTP(read)
				if err != nil {
					return nil, err
				}
				for k, v := range f {
					files[k] = v
				}
			}
			if p.frame {
				src, err := read("pkg/app/engine.go")
				if err != nil {
					return nil, fmt.Errorf("failed to read go-app's engine: %w", err)
				}
				if files["pkg/app/engine.go"], err = patchEngine(src); err != nil {
					return nil, err
				}
				if p.frameTest {
					files["pkg/app/engine_frame_test.go"] = []byte(frameTest)
				}
			}
			return files, nil
		})
		if err != nil {
			return "", err
		}
	}
	if p.frame {
		applied = append(applied, "go-app's frame loop")
	}
	if p.noHTTP {
		if err := copyPatched(websocket, websocketWithoutHTTP); err != nil {
			return "", err
		}
		applied = append(applied, "no net/http in the browser")
	}
	if len(applied) == 0 {
		applied = append(applied, "no patch")
	}
	work := filepath.Join(out, "go.work")
	data := fmt.Appendf(nil, "// Written by app/cmd/patchdeps: lanepay with %s.\ngo %s\n\nuse %q\n\n%s",
		strings.Join(applied, ", "), bytes.TrimSpace(goVersion), root, replaces.String())
	if err := os.MkdirAll(out, 0o755); err != nil {
		return "", err
	}
	if err := os.WriteFile(work, data, 0o644); err != nil {
		return "", fmt.Errorf("failed to write the workspace: %w", err)
	}
	return work, nil
}

// copyPath copies a file or a directory tree (CopyFS makes the copies
// writable, unlike the module cache's files).
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
