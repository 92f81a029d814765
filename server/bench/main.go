// Command bench measures the speed a cashier feels, against baselines
// measured in the same run, and prints one markdown table, then where the
// time and the bytes go:
//
//	go run ./server/bench            # or: make bench
//	go run ./server/bench -quick     # a smoke run: fewer loads and charges
//
// It drives headless Chromium (chromedp) against the real server binary
// (bin/lanepay, serving web/dist; `make build` makes both) and the
// simulated terminal, all on loopback. The baselines are built here: a
// go-app hello world with the app's build flags (testdata/hello), served
// by the same binary the same way, with the same compressed copies; and a
// plain-JavaScript page (testdata/plainjs) that sends the same sale to the
// same terminal, alone and with lanepay's safety steps written by hand (a
// Web Lock, the journal in IndexedDB before the send and before the
// verdict: the floor for a till that is safe); and lanepay without each of
// its patches to go-app, to measure what each buys. Every figure is a
// median of several runs, lanepay and its baselines alternating within the
// run so that the machine's noise falls on both, and is given as a ratio to
// its baseline.
//
// Loads run on two devices emulated by DevTools, each cold load in a fresh
// profile: a tablet on Wi-Fi (20 Mbit/s, 20 ms RTT), and a low-end tablet,
// its CPU slowed 4× on the same link. page.js, injected before the page's
// own scripts, stamps what the report needs (performance.now()) and only
// watches. A charge is timed in the page
// (the click, WebSocket.send, the message event, the verdict in the DOM)
// and at a recording WebSocket proxy in front of the simulator (request
// in, outcome out); the two clocks are never compared directly (see
// timeCharge).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	goruntime "runtime"
	"strings"
	"syscall"
)

type options struct {
	n, charges int
	warm       int // warm loads per browser
	quick      bool
	server     string
	dist       string
	chromium   string
	clients    int
	verbose    bool
	keep       bool
	gowork     string
	profiles   string // where to save the raw start-up profiles; none if empty
}

func main() {
	var o options
	sim := flag.Bool("simulator", false, "run as the simulated terminal alone (the bench starts itself so)")
	flag.IntVar(&o.n, "n", 24, "browsers per site, each making a cold load, the warm loads and a load after reopening (medians are reported; one run of 12 moves the warm ratio by about ±0.07)")
	flag.IntVar(&o.warm, "warm", 3, "warm loads per cold load, in the same tab")
	flag.IntVar(&o.charges, "charges", 400, "charges per page for latency and memory")
	flag.BoolVar(&o.quick, "quick", false, "a smoke run: 2 loads, 20 charges, brotli quality 6 unless cached")
	flag.StringVar(&o.server, "server", "bin/lanepay", "the server binary (make build)")
	flag.StringVar(&o.dist, "dist", "web/dist", "lanepay's bundle (make build)")
	flag.StringVar(&o.gowork, "gowork", "bin/patchdeps/go.work", "the Go workspace lanepay's wasm is built in (make build: its dependencies patched); the build with function names uses it too")
	flag.StringVar(&o.chromium, "chromium", "", "the browser (default: chromium on PATH)")
	flag.IntVar(&o.clients, "clients", 100, "WebSocket clients for the simulator's RSS")
	flag.BoolVar(&o.verbose, "v", false, "progress on stderr")
	flag.StringVar(&o.profiles, "profiles", "", "save the warm start-up CPU profiles in this directory (.cpuprofile: DevTools' Performance panel opens them)")
	flag.BoolVar(&o.keep, "keep", false, "keep the temporary directory (the baseline's bundle)")
	flag.Parse()
	if *sim {
		if err := runSimulator(); err != nil {
			fmt.Fprintln(os.Stderr, "simulator:", err)
			os.Exit(1)
		}
		return
	}
	if o.quick {
		o.n, o.charges = min(o.n, 2), min(o.charges, 20)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// logf writes progress when -v is on.
var logf = func(string, ...any) {}

func run(ctx context.Context, o options) error {
	if o.verbose {
		logf = func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
		}
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(root, p)
	}
	o.server, o.dist, o.gowork = abs(o.server), abs(o.dist), abs(o.gowork)
	if _, err := os.Stat(o.gowork); err != nil {
		return fmt.Errorf("no Go workspace at %s: run `make build` first", o.gowork)
	}
	if _, err := os.Stat(o.server); err != nil {
		return fmt.Errorf("no server binary at %s: run `make build` first", o.server)
	}
	lanepayWasm := filepath.Join(o.dist, "web", "app.wasm")
	if _, err := os.Stat(lanepayWasm); err != nil {
		return fmt.Errorf("no bundle at %s: run `make build` first", o.dist)
	}
	if o.chromium == "" {
		if o.chromium, err = exec.LookPath("chromium"); err != nil {
			return errors.New("chromium is not on PATH (Debian: apt-get install chromium)")
		}
	}
	tmp, err := os.MkdirTemp("", "lanepay-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(os.Stderr, "bench: keeping", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	clk := newClock()
	res := newResults(o)

	// Build the baselines, as the app is built. The goals' hello world is
	// go-app v10.1.11 as the goals name it: net/http in the browser, as go-app
	// has it as released, so what lanepay leaves out of go-app counts for
	// it; only its frame loop is lanepay's, so that the two render alike.
	// The lean hello world leaves net/http and regexp out too, as lanepay
	// does (the nohttp and routes patches): against it the bench shows
	// lanepay's own weight, and where its bytes and start-up time go. Then
	// lanepay without each of its patches to go-app in turn, to measure
	// what each buys.
	precompressed := hasCompressedCopies(o.dist)
	res.precompressed = precompressed
	logf("writing the baselines' workspaces")
	helloWork, err := workspace(ctx, root, filepath.Join(tmp, "work-hello"), "frame")
	if err != nil {
		return err
	}
	leanWork, err := workspace(ctx, root, filepath.Join(tmp, "work-lean"), "frame", "nohttp", "routes")
	if err != nil {
		return err
	}
	helloDir := filepath.Join(tmp, "hello")
	logf("building the hello world (precompressed: %v)", precompressed)
	if err := buildHello(ctx, root, helloWork, helloDir, precompressed); err != nil {
		return err
	}
	leanDir := filepath.Join(tmp, "hello-lean")
	logf("building the hello world without net/http")
	if err := buildHello(ctx, root, leanWork, leanDir, precompressed); err != nil {
		return err
	}
	withoutDirs := map[string]string{}
	for _, p := range patches {
		work, err := workspace(ctx, root, filepath.Join(tmp, "work-without-"+p), allBut(p)...)
		if err != nil {
			return err
		}
		withoutDirs[p] = filepath.Join(tmp, "without-"+p)
		logf("building %s", without(p))
		if err := buildLanepay(ctx, root, work, withoutDirs[p], precompressed); err != nil {
			return err
		}
	}

	// Sizes, and where the code goes.
	logf("measuring sizes")
	if res.size, err = measureSizes(lanepayWasm, o.quick); err != nil {
		return err
	}
	if res.helloSize, err = measureSizes(filepath.Join(helloDir, "web", "app.wasm"), o.quick); err != nil {
		return err
	}
	if res.leanSize, err = measureSizes(filepath.Join(leanDir, "web", "app.wasm"), o.quick); err != nil {
		return err
	}
	for p, dir := range withoutDirs {
		if res.withoutSize[p], err = measureSizes(filepath.Join(dir, "web", "app.wasm"), o.quick); err != nil {
			return err
		}
	}
	logf("code by package")
	namedWasm := filepath.Join(tmp, "names", "app.wasm")
	namedHello := filepath.Join(tmp, "names", "hello-lean.wasm")
	res.layout, res.pkgs, res.namer, err = codeLayout(ctx, root, o.gowork, "./app", namedWasm)
	if err != nil {
		return err
	}
	res.leanLayout, res.leanPkgs, res.leanNamer, err = codeLayout(ctx, root, leanWork, helloPkg, namedHello)
	if err != nil {
		return err
	}
	if shipped, err := os.ReadFile(lanepayWasm); err == nil {
		if l, err := parseWasm(shipped); err == nil {
			res.shippedCode = l.Sections["code"]
		}
	}

	// The stack: the simulated terminal and the proxy in front of it; a
	// server per site.
	sim, err := startSimulator(ctx, "simulator")
	if err != nil {
		return err
	}
	defer sim.Stop()
	proxy, err := startProxy("127.0.0.1:0", "ws://"+sim.url, clk)
	if err != nil {
		return err
	}
	defer proxy.Close()
	lanepaySrv, err := startServer(ctx, o.server, "lanepay server", o.dist)
	if err != nil {
		return err
	}
	defer lanepaySrv.Stop()
	helloSrv, err := startServer(ctx, o.server, "hello server", helloDir)
	if err != nil {
		return err
	}
	defer helloSrv.Stop()
	leanSrv, err := startServer(ctx, o.server, "lean hello server", leanDir)
	if err != nil {
		return err
	}
	defer leanSrv.Stop()
	plainSrv, err := startServer(ctx, o.server, "plain-JS server", filepath.Join(root, "server", "bench", "testdata", "plainjs"))
	if err != nil {
		return err
	}
	defer plainSrv.Stop()
	withoutSrvs := map[string]*proc{}
	for _, p := range patches {
		srv, err := startServer(ctx, o.server, without(p)+" server", withoutDirs[p])
		if err != nil {
			return err
		}
		defer srv.Stop()
		withoutSrvs[p] = srv
	}

	logf("servers: lanepay %s, hello world %s, plain JS %s; terminal %s behind the proxy %s", lanepaySrv.url, helloSrv.url, plainSrv.url, sim.url, proxy.Addr())
	host, port, _ := strings.Cut(proxy.Addr(), ":")
	settings, _ := json.Marshal(map[string]any{
		"terminals": []map[string]string{{"name": "Counter", "host": host, "port": port, "conn": "ws"}},
		"active":    0,
		"theme":     "system",
	})
	lanepay := site{name: "lanepay", mode: "lanepay", url: lanepaySrv.url + "/", server: lanepaySrv,
		// A configured tablet that has connected before: the settings,
		// and the terminal's URL that early.js opens at start-up.
		seed: []storageItem{
			{Key: "lanepay.settings", Value: string(settings)},
			{Key: "lanepay.terminal-url", Value: "ws://" + proxy.Addr() + "/"},
		}}
	withoutSites := map[string]site{}
	for p, srv := range withoutSrvs {
		w := lanepay
		w.name, w.url, w.server = without(p), srv.url+"/", srv
		withoutSites[p] = w
	}
	hello := site{name: "hello world", mode: "hello", url: helloSrv.url + "/", server: helloSrv}
	lean := site{name: leanHello, mode: "hello", url: leanSrv.url + "/", server: leanSrv}
	plain := site{name: "plain JS", mode: "plain", url: plainSrv.url + "/?ws=" + "ws://" + proxy.Addr() + "/", server: plainSrv}
	safe := plain
	safe.name, safe.url = safePlain, plain.url+"&journal=1"

	// Loads: cold, warm and reopened, on each device, rotating which
	// site goes first.
	type variant struct {
		s   site
		dev device
	}
	var variants []variant
	for _, d := range devices {
		variants = append(variants, variant{lanepay, d}, variant{hello, d})
		for _, p := range patches {
			variants = append(variants, variant{withoutSites[p], d})
		}
	}
	variants = append(variants, variant{lean, tablet})
	lanepaySrv.ResetPeak()
	helloSrv.ResetPeak()
	for i := range o.n {
		for k := range variants {
			v := variants[(i+k)%len(variants)]
			name := v.dev.on(v.s.name)
			if err := ctx.Err(); err != nil {
				return err
			}
			logf("load %d/%d: %s", i+1, o.n, name)
			b, err := newBrowser(ctx, o.chromium)
			if err != nil {
				return err
			}
			if res.chromium == "" {
				res.chromium = b.version()
			}
			r, err := loadOnce(b, v.s, v.dev, o.warm)
			b.Close()
			if err != nil {
				// Counted and shown, not fatal: a page that sometimes never
				// becomes usable is a finding.
				logf("  FAILED: %v", err)
				res.loadFailures[name] = append(res.loadFailures[name], err.Error())
				continue
			}
			logf("  cold %s, warm %s (median of %d), reopened %s, wasm sent %d×", fmtMs(r.Cold.mark("interactive")), fmtMs(medianOf(r.Warm, func(p pageReport) float64 { return p.mark("interactive") })), len(r.Warm), fmtMs(r.Reopened.mark("interactive")), r.WasmGets)
			res.loads[name] = append(res.loads[name], r)
		}
	}
	res.serverRSS = float64(lanepaySrv.Peak())
	res.helloServerRSS = float64(helloSrv.Peak())

	// Where a warm start-up spends the main thread: the same bundles with
	// function names, under the profiler.
	profiles := max(1, min(3, o.n/2))
	for _, p := range []struct {
		s     site
		dist  string
		wasm  string
		namer *packageNamer
		into  *[]*startupProfile
	}{
		{lanepay, o.dist, namedWasm, res.namer, &res.profiles},
		{lean, leanDir, namedHello, res.leanNamer, &res.leanProfiles},
	} {
		dir := filepath.Join(tmp, "named-"+filepath.Base(p.dist))
		if err := namedBundle(p.dist, p.wasm, dir); err != nil {
			return err
		}
		srv, err := startServer(ctx, o.server, p.s.name+" server (named)", dir)
		if err != nil {
			return err
		}
		s := p.s
		s.url, s.server = srv.url+"/", srv
		for i := range profiles {
			logf("profiling a warm load of %s (%d/%d)", s.name, i+1, profiles)
			prof, err := profileWarmLoad(ctx, o.chromium, s, p.namer, profileFile(o.profiles, p.s.mode, i))
			if err != nil {
				srv.Stop()
				return err
			}
			*p.into = append(*p.into, prof)
		}
		srv.Stop()
	}

	// Charges: lanepay, the plain pages and lanepay without the frame
	// patch, in alternating blocks.
	logf("opening the tills")
	var charging []*till
	for _, s := range []site{lanepay, plain, safe, withoutSites["frame"]} {
		t, err := openTill(ctx, o.chromium, s, proxy)
		if err != nil {
			return err
		}
		defer t.Close()
		charging = append(charging, t)
	}
	if res.chromium == "" { // no loads (-n 0)
		res.chromium = charging[0].b.version()
	}
	ht, err := openTill(ctx, o.chromium, hello, nil)
	if err != nil {
		return err
	}
	defer ht.Close()
	// Eight checkpoints of memory, for its steps and trend (results.go).
	block := max(o.charges/8, 1)
	for done := 0; done < o.charges; done += block {
		for _, t := range charging {
			for k := range min(block, o.charges-done) {
				if err := ctx.Err(); err != nil {
					return err
				}
				c, err := t.charge("12.34")
				if err != nil {
					// Counted and shown; too many end the run.
					err = fmt.Errorf("charge %d on %s: %w", done+k+1, t.name, err)
					logf("  FAILED: %v", err)
					res.chargeFailures[t.name] = append(res.chargeFailures[t.name], err.Error())
					if len(res.chargeFailures[t.name]) > max(1, o.charges/10) {
						return err
					}
					continue
				}
				res.charges[t.name] = append(res.charges[t.name], c)
			}
			m, err := t.memory(min(done+block, o.charges))
			if err != nil {
				return err
			}
			res.memory[t.name] = append(res.memory[t.name], m)
			logf("  %s: %d charges, JS heap %s, wasm %s", t.name, m.Charges, fmtMiB(m.JSHeap), fmtMiB(m.Wasm))
		}
		for range min(block, o.charges-done) {
			d, err := ht.tapRender()
			if err != nil {
				return fmt.Errorf("tapping hello world: %w", err)
			}
			res.helloTaps = append(res.helloTaps, d)
		}
		proxy.Reset()
	}

	// The simulator with many clients, in a process of its own.
	logf("simulator with %d clients", o.clients)
	if res.simIdle, res.simLoaded, err = simulatorRSS(ctx, o.clients); err != nil {
		return err
	}

	res.machine = machineInfo(res.chromium)
	res.print(os.Stdout)
	return nil
}

// moduleRoot is the directory of the main module's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the bench inside the lanepay module")
	}
	return filepath.Dir(mod), nil
}

// machineInfo names the machine the figures come from.
func machineInfo(chromium string) string {
	cpu := "unknown CPU"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	return fmt.Sprintf("%s, %d cores, Chromium %s, %s %s/%s", cpu, goruntime.NumCPU(), chromium, goruntime.Version(), goruntime.GOOS, goruntime.GOARCH)
}
