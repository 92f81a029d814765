package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/terminalsim"
)

// TestTerminalClientInBrowser runs the terminal client's wasm tests, the
// app's, and the go-app mount patch's, in headless Chromium
// (wasmbrowsertest as go_js_wasm_exec) against a real simulated terminal
// started here, so the browser's WebSocket is what talks to it.
func TestTerminalClientInBrowser(t *testing.T) {
	requireBrowser(t)
	if _, err := exec.LookPath("go_js_wasm_exec"); err != nil {
		if os.Getenv("LANEPAY_REQUIRE_BROWSER") != "" {
			t.Fatal("go_js_wasm_exec is not on PATH: run `make test`, which installs wasmbrowsertest")
		}
		t.Skip("go_js_wasm_exec is not on PATH")
	}
	sim := terminalsim.New(terminalsim.Config{WSAddr: "127.0.0.1:0", TCPAddr: "127.0.0.1:0",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err := sim.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer sim.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// go-app patched as the build patches it, with the patches' tests.
	patched := t.TempDir()
	if out, err := exec.CommandContext(ctx, "go", "-C", "..", "run", "./app/cmd/patchdeps", "-out", patched, "-test").CombinedOutput(); err != nil {
		t.Fatalf("patchdeps: %v\n%s", err, out)
	}
	for _, run := range []struct {
		args []string
		env  []string
		want []string
	}{
		{[]string{"./app/terminal/"}, nil, []string{"TestWasmClientCharges", "TestWasmClientDialFailure", "TestWasmEarlyConnection"}},
		// The app's own wasm tests; its other tests are for the native build.
		{[]string{"-run", "^TestWasm", "./app/"}, nil, []string{"TestWasmSessionSettles", "TestWasmPageStorage", "TestWasmPageStorageSet"}},
		// The mount patch's test, in go-app's package (app/cmd/patchdeps).
		{[]string{"-run", "^TestPatchedMount", "github.com/maxence-charriere/go-app/v10/pkg/app"},
			[]string{"GOWORK=" + filepath.Join(patched, "go.work")}, []string{"TestPatchedMountMatchesReleased"}},
	} {
		cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-count=1", "-v"}, run.args...)...)
		cmd.Dir = ".."
		// wasmbrowsertest's Chromium is killed, not closed, so it leaves the
		// directory of its singleton socket in TMPDIR: one of the test's own,
		// removed with it.
		cmd.Env = append(append(os.Environ(), "GOOS=js", "GOARCH=wasm", "LANEPAY_SIM_WS=ws://"+sim.WSAddr()+"/", "TMPDIR="+t.TempDir()), run.env...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("wasm tests failed: %v\n%s", err, out)
		}
		for _, name := range run.want {
			if !strings.Contains(string(out), "--- PASS: "+name) {
				t.Errorf("%s did not pass in the browser:\n%s", name, out)
			}
		}
		if strings.Contains(string(out), "--- SKIP") {
			t.Errorf("wasm tests skipped:\n%s", out)
		}
	}
}
