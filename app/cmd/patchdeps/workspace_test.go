package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goCmd runs the go command in the main module with extra environment.
func goCmd(t *testing.T, env []string, args ...string) ([]byte, error) {
	t.Helper()
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	return cmd.CombinedOutput()
}

func writeTestWorkspace(t *testing.T, p patches) string {
	t.Helper()
	work, err := writeWorkspace("../../..", t.TempDir(), p)
	if err != nil {
		t.Fatal(err)
	}
	return work
}

// TestPatchedGoApp runs go-app's own tests, and the frame patch's, against
// the copy with all patches, through a workspace like the build's.
// Natively the nohttp patch leaves go-app as released, so its own tests
// cover the copy's server half too.
func TestPatchedGoApp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds go-app's tests")
	}
	work := writeTestWorkspace(t, patches{frame: true, noHTTP: true, storage: true, routes: true, tests: true})
	out, err := goCmd(t, []string{"GOWORK=" + work}, "test", "-count=1", "-trimpath", "-v", goApp.path+"/pkg/app")
	if err != nil {
		t.Fatalf("go-app's tests with the patches: %v\n%s", err, out)
	}
	// The patch's own tests ran (a pass of go-app's alone would not do),
	// and go-app's of the router the routes patch changes.
	for _, name := range []string{"TestPatchedStartRendersAtOnce", "TestFrameBudget", "TestRoutes"} {
		if !bytes.Contains(out, []byte("--- PASS: "+name)) {
			t.Errorf("%s did not run:\n%s", name, out)
		}
	}
}

// TestWorkspaces builds lanepay's wasm in each workspace the build and the
// bench write, and checks whether it replaces go-app and whether net/http
// (or coder/websocket, which lanepay dials natively only) is linked in the
// browser.
func TestWorkspaces(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the wasm")
	}
	tests := []struct {
		name         string
		p            patches
		wantReplaced bool
		wantHTTP     bool
		// linksRegexp, if set, is whether the wasm built links the regexp
		// parser (the routes patch leaves it out of lanepay's).
		linksRegexp *bool
	}{
		{name: "all four, as make build", p: patches{frame: true, noHTTP: true, storage: true, routes: true}, wantReplaced: true, linksRegexp: new(false)},
		{name: "frame only, as the bench's hello world", p: patches{frame: true}, wantReplaced: true, wantHTTP: true, linksRegexp: new(true)},
		{name: "all but nohttp, as the bench's lanepay without it", p: patches{frame: true, storage: true, routes: true}, wantReplaced: true, wantHTTP: true},
		{name: "storage only", p: patches{storage: true}, wantReplaced: true, wantHTTP: true},
		{name: "none", p: patches{}, wantHTTP: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work := writeTestWorkspace(t, tt.p)
			data, err := os.ReadFile(work)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(data), "replace "+goApp.path+" "+goApp.version+" => "); got != tt.wantReplaced {
				t.Errorf("go.work replaces go-app: %v, want %v\n%s", got, tt.wantReplaced, data)
			}
			env := []string{"GOWORK=" + work, "GOOS=js", "GOARCH=wasm"}
			// vet builds every package of the wasm, the patched copies
			// included, and checks them.
			if out, err := goCmd(t, env, "vet", "./app", goApp.path+"/pkg/app"); err != nil {
				t.Fatalf("go vet in the browser's build: %v\n%s", err, out)
			}
			out, err := goCmd(t, env, "list", "-deps", "./app")
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			deps := strings.Fields(string(out))
			if got := slices.Contains(deps, "net/http"); got != tt.wantHTTP {
				t.Errorf("net/http in the wasm: %v, want %v", got, tt.wantHTTP)
			}
			if !tt.wantHTTP && slices.Contains(deps, "crypto/tls") {
				t.Error("crypto/tls is in the wasm without net/http")
			}
			if slices.Contains(deps, "github.com/coder/websocket") {
				t.Error("coder/websocket is in the wasm: the browser dials with its own WebSocket")
			}
			if tt.linksRegexp != nil {
				// The package is imported either way; what the linker
				// keeps shows in the function names the wasm carries.
				wasm := filepath.Join(t.TempDir(), "app.wasm")
				if out, err := goCmd(t, env, "build", "-trimpath", "-ldflags=-s -w", "-o", wasm, "./app"); err != nil {
					t.Fatalf("go build: %v\n%s", err, out)
				}
				bin, err := os.ReadFile(wasm)
				if err != nil {
					t.Fatal(err)
				}
				if got := bytes.Contains(bin, []byte("regexp/syntax.parse")); got != *tt.linksRegexp {
					t.Errorf("the regexp parser in the wasm: %v, want %v", got, *tt.linksRegexp)
				}
			}
		})
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{name: "no -out", args: nil, wantCode: 2, wantErr: "Usage: patchdeps -out DIR"},
		{name: "an argument too many", args: []string{"-out", t.TempDir(), "extra"}, wantCode: 2, wantErr: "Usage:"},
		{name: "an unknown flag", args: []string{"-out", t.TempDir(), "-gzip"}, wantCode: 2, wantErr: "flag provided but not defined: -gzip"},
		{name: "the test without the patch it tests", args: []string{"-out", t.TempDir(), "-frame=false", "-test"}, wantCode: 2, wantErr: "Usage:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if code := run(tt.args, &stderr); code != tt.wantCode {
				t.Errorf("exit status %d, want %d", code, tt.wantCode)
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr %q, want it to say %q", stderr.String(), tt.wantErr)
			}
		})
	}
}
