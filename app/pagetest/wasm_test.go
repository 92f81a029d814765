//go:build !js

package pagetest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/pagedrive"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

// TestTerminalClientInBrowser runs the terminal client's wasm tests and
// the app's in headless Chromium (wasmbrowsertest as go_js_wasm_exec)
// against a real simulated terminal started here, so the browser's
// WebSocket is what talks to it.
func TestTerminalClientInBrowser(t *testing.T) {
	pagedrive.RequireBrowser(t)
	if _, err := exec.LookPath("go_js_wasm_exec"); err != nil {
		if os.Getenv("LANEPAY_REQUIRE_BROWSER") != "" {
			t.Fatal("go_js_wasm_exec is not on PATH: run `make test`, which installs wasmbrowsertest")
		}
		t.Skip("go_js_wasm_exec is not on PATH")
	}
	sim := tilltest.Sim(t, "")

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	// The module's root, where the packages are named from.
	root := filepath.Join("..", "..")
	for _, run := range []struct {
		args []string
		want []string
	}{
		{[]string{"./app/terminal/"}, []string{"TestWasmClientCharges", "TestWasmClientDialFailure", "TestWasmDial", "TestWasmSocketClose", "TestWasmEarlyConnection"}},
		// The app's own wasm tests; its other tests are for the native build.
		{[]string{"-run", "^TestWasm", "./app/"}, []string{"TestWasmSessionSettles", "TestWasmPageStorage", "TestWasmPageStorageSet", "TestWasmTabLockWithoutWebLocks"}},
	} {
		cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-count=1", "-v"}, run.args...)...)
		cmd.Dir = root
		// wasmbrowsertest's Chromium is killed, not closed, so it leaves the
		// directory of its singleton socket in TMPDIR: one of the test's own,
		// removed with it.
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "LANEPAY_SIM_WS=ws://"+sim.WSAddr()+"/", "TMPDIR="+t.TempDir())
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
