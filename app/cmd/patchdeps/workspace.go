package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// patches says which patches a workspace applies.
type patches struct {
	frame   bool // go-app's frame loop (frame.go)
	noHTTP  bool // no net/http in the browser (nohttp.go)
	storage bool // go-app's storage, surviving a blocked one (storage.go)
	routes  bool // go-app's router, linking no regexp unless used (routes.go)
	tests   bool // the go-app patches' tests, added to go-app's package
}

// A module the patches are written for: one version of it. Only go-app
// is patched; a module is a type so that the checks stay general.
type module struct {
	path, version string
	dirName       string   // of its copy in the workspace's directory
	copy          []string // what to copy
}

// The code and what the go command needs; not go-app's 26 MB of docs.
var goApp = module{"github.com/maxence-charriere/go-app/v10", "v10.1.11", "go-app", []string{"pkg", "go.mod", "go.sum", "LICENSE"}}

// dir is where the build reads the module as released from (the module
// cache), downloading it first on a fresh machine. It asks the main module
// in root, outside any workspace (an exported GOWORK could name the
// patched copies), and fails unless root requires the version the patches
// are for.
func (m module) dir(root string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", m.path)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.Output()
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
	if got.Version != m.version {
		return "", fmt.Errorf("go.mod asks for %s %s, the patches are for %s", m.path, got.Version, m.version)
	}
	if got.Dir == "" {
		return "", fmt.Errorf("go mod download did not say where %s %s is", m.path, m.version)
	}
	return got.Dir, nil
}

// String names the patches, for the workspace's header.
func (p patches) String() string {
	var names []string
	if p.frame {
		names = append(names, "go-app's frame loop")
	}
	if p.noHTTP {
		names = append(names, "no net/http in the browser")
	}
	if p.storage {
		names = append(names, "go-app's storage when blocked")
	}
	if p.routes {
		names = append(names, "go-app's routes without regexp")
	}
	if len(names) == 0 {
		return "no patch"
	}
	return strings.Join(names, ", ")
}

// A patchedCopy is a module as released and the files the patches write
// over it, by path in the module.
type patchedCopy struct {
	m     module
	src   string // the released module's directory
	files map[string][]byte
}

func newCopy(root string, m module) (*patchedCopy, error) {
	src, err := m.dir(root)
	if err != nil {
		return nil, err
	}
	return &patchedCopy{m: m, src: src, files: map[string][]byte{}}, nil
}

// read reads a file of the released module.
func (c *patchedCopy) read(path string) ([]byte, error) {
	return os.ReadFile(filepath.Join(c.src, filepath.FromSlash(path)))
}

// add takes a patch's files, or its error.
func (c *patchedCopy) add(files map[string][]byte, err error) error {
	if err != nil {
		return err
	}
	maps.Copy(c.files, files)
	return nil
}

// write copies the module to dir and writes the patched files over it.
func (c *patchedCopy) write(dir string) error {
	// CopyFS refuses to overwrite: a copy from an earlier run goes first.
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("failed to remove the old copy of %s: %w", c.m.path, err)
	}
	for _, name := range c.m.copy {
		if err := copyPath(filepath.Join(dir, name), filepath.Join(c.src, name)); err != nil {
			return fmt.Errorf("failed to copy %s: %w", c.m.path, err)
		}
	}
	for path, data := range c.files {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(path)), data, 0o644); err != nil {
			return fmt.Errorf("failed to write the patch: %w", err)
		}
	}
	return nil
}

// writeWorkspace writes go-app patched as p says to out/go-app, and
// out/go.work, a workspace of the main module in root that replaces
// go-app by the copy (by nothing if p applies no patch). It returns the go.work's path, for
// GOWORK. Every patch is checked before anything is written, so a refused
// patch leaves an earlier workspace as it was. The go command refuses
// overlays of files in the module cache, hence copies.
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

	var replace string
	if p.frame || p.noHTTP || p.storage || p.routes {
		c, err := newCopy(root, goApp)
		if err != nil {
			return "", err
		}
		for _, patch := range []struct {
			on    bool
			files func() (map[string][]byte, error)
		}{
			{p.frame, func() (map[string][]byte, error) { return frameLoop(c.read, p.tests) }},
			{p.noHTTP, func() (map[string][]byte, error) { return goAppWithoutHTTP(c.read) }},
			{p.storage, func() (map[string][]byte, error) { return blockableStorage(c.read) }},
			{p.routes, func() (map[string][]byte, error) { return routesByMatch(c.read) }},
		} {
			if patch.on {
				if err := c.add(patch.files()); err != nil {
					return "", err
				}
			}
		}
		dir := filepath.Join(out, c.m.dirName)
		if err := c.write(dir); err != nil {
			return "", err
		}
		replace = fmt.Sprintf("replace %s %s => %q\n", c.m.path, c.m.version, dir)
	}
	work := filepath.Join(out, "go.work")
	data := fmt.Appendf(nil, "// Written by app/cmd/patchdeps: lanepay with %s.\ngo %s\n\nuse %q\n\n%s",
		p, bytes.TrimSpace(goVersion), root, replace)
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
