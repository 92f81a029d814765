package main

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"time"
)

// site is a page under test: lanepay, or a baseline.
type site struct {
	name   string
	mode   string // page.js's conditions: lanepay, hello or plain
	url    string
	seed   []storageItem
	server *proc
}

// pageReport is what page.js's report() returns.
type pageReport struct {
	Marks map[string]float64 `json:"marks"`
	HTML  struct {
		ResponseStart float64 `json:"responseStart"`
		End           float64 `json:"end"`
		Transfer      float64 `json:"transfer"`
		Worker        bool    `json:"worker"`
	} `json:"html"`
	Resources  []resource         `json:"resources"`
	Paint      map[string]float64 `json:"paint"`
	LongTasks  [][2]float64       `json:"longTasks"`
	WasmMemory float64            `json:"wasmMemory"`
	GoRefs     float64            `json:"goRefs"`
	Controlled bool               `json:"controlled"`
}

type resource struct {
	Name          string  `json:"name"`
	Start         float64 `json:"start"`
	RequestStart  float64 `json:"requestStart"`
	ResponseStart float64 `json:"responseStart"`
	End           float64 `json:"end"`
	Transfer      float64 `json:"transfer"`
	Encoded       float64 `json:"encoded"`
	Decoded       float64 `json:"decoded"`
	Worker        bool    `json:"worker"`
}

func (r pageReport) mark(k string) float64 {
	if v, ok := r.Marks[k]; ok {
		return v
	}
	return math.NaN()
}

func (r pageReport) resource(name string) (resource, bool) {
	for _, x := range r.Resources {
		if x.Name == name {
			return x, true
		}
	}
	return resource{}, false
}

// transferred is the bytes the page took over the network (headers
// included), HTML too; cached responses count zero.
func (r pageReport) transferred() float64 {
	n := r.HTML.Transfer
	for _, x := range r.Resources {
		n += x.Transfer
	}
	return n
}

// longTaskMs sums the main thread's long tasks (over 50 ms each) that
// started before t.
func (r pageReport) longTaskMs(before float64) float64 {
	n := 0.0
	for _, t := range r.LongTasks {
		if t[0] < before {
			n += t[1]
		}
	}
	return n
}

// loadRun is one cold load, the warm loads after it and a warm load once
// the browser is reopened, in one profile.
type loadRun struct {
	Cold pageReport
	// Warm are the loads from the service worker that follow the cold
	// one in the same tab: a warm load costs a fifth of a second against
	// a browser's start and a cold load's several, so each browser makes
	// a few, and a site's warm figure is the median of many more loads.
	Warm []pageReport
	// Reopened is a warm load in a new browser process: V8 shares a
	// compiled module with a new load of the same bytes in the same
	// process, so the warm load after a cold one skips most of the
	// compiling that an app opened afresh does.
	Reopened pageReport
	// WasmGets is how many times the server sent the body of
	// /web/app.wasm (200, not 304) during the cold load and the service
	// worker's install after it: 2 means the worker downloaded it again.
	WasmGets     int
	ServerCodecs []string // Content-Encoding of each wasm response, when logged
}

var wasmGetRe = regexp.MustCompile(`path=/web/app\.wasm\b.*\bstatus=200\b`)

// loadTimeout is how long a load may take before it counts as failed: a
// cold load on the emulated link takes a few seconds, on the low-end
// tablet several more.
const loadTimeout = 60 * time.Second

const (
	interactiveJS = `window.__bench.marks.interactive !== undefined`
	// The service worker is active and its cache holds the wasm: the next
	// navigation is served from it. (go-app's install handler does not
	// wait for the caching: the cache is what to wait for.)
	swCachedJS = `(async () => {
		const reg = await navigator.serviceWorker.getRegistration();
		if (!reg || !reg.active) return false;
		for (const k of await caches.keys()) {
			const c = await caches.open(k);
			for (const r of await c.keys()) {
				if (new URL(r.url).pathname === "/web/app.wasm") return true;
			}
		}
		return false;
	})()`
)

// loadOnce opens s in a fresh profile on the emulated device d (cold),
// waits for the service worker to have cached the app, opens it again warm
// times (warm), and once more after restarting the browser (reopened).
func loadOnce(b *browser, s site, d device, warm int) (loadRun, error) {
	var run loadRun
	open := func(what string) (pageReport, error) {
		if err := b.navigate(s.url); err != nil {
			return pageReport{}, err
		}
		if err := b.until(interactiveJS, loadTimeout); err != nil {
			return pageReport{}, fmt.Errorf("%s of %s: %w; the page: %s", what, s.name, err, b.describe())
		}
		return eval[pageReport](b, 10*time.Second, "window.__bench.report()")
	}
	prepare := func() error {
		if err := b.instrument(s.mode, s.seed); err != nil {
			return err
		}
		if err := b.emulate(d); err != nil {
			return fmt.Errorf("emulating the %s: %w", cmp.Or(d.name, "tablet"), err)
		}
		return nil
	}
	if err := prepare(); err != nil {
		return run, err
	}
	logMark := s.server.lineCount()
	var err error
	if run.Cold, err = open("cold load"); err != nil {
		return run, err
	}
	if err := b.waitFor(swCachedJS, 50*time.Millisecond, loadTimeout); err != nil {
		return run, fmt.Errorf("service worker of %s: %w; the page: %s", s.name, err, b.describe())
	}
	for _, l := range s.server.linesSince(logMark) {
		if wasmGetRe.MatchString(l) {
			run.WasmGets++
		}
	}
	for i := range max(warm, 1) {
		r, err := open(fmt.Sprintf("warm load %d", i+1))
		if err != nil {
			return run, err
		}
		run.Warm = append(run.Warm, r)
	}
	if err := b.reopen(); err != nil {
		return run, err
	}
	if err := prepare(); err != nil {
		return run, err
	}
	if run.Reopened, err = open("load after reopening the browser"); err != nil {
		return run, err
	}
	if !run.Reopened.Controlled {
		return run, fmt.Errorf("load of %s after reopening the browser: its service worker did not serve it", s.name)
	}
	return run, nil
}

// phase is one step of the cold path, for the breakdown.
type phase struct {
	name string
	at   func(r pageReport) float64 // ms since navigation start; NaN if absent
}

var coldPhases = []phase{
	{"HTML received", func(r pageReport) float64 { return r.HTML.End }},
	{"scripts received (app.js, wasm_exec.js)", func(r pageReport) float64 {
		a, ok1 := r.resource("/app.js")
		w, ok2 := r.resource("/wasm_exec.js")
		if !ok1 || !ok2 {
			return math.NaN()
		}
		return max(a.End, w.End)
	}},
	{"wasm requested", resAt("/web/app.wasm", func(x resource) float64 { return x.RequestStart })},
	{"wasm first byte", resAt("/web/app.wasm", func(x resource) float64 { return x.ResponseStart })},
	{"wasm downloaded", resAt("/web/app.wasm", func(x resource) float64 { return x.End })},
	{"wasm compiled (streaming)", markAt("wasmCompiled")},
	{"wasm instantiated", markAt("wasmInstantiated")},
	{"Go main yielded (loader removed)", markAt("loaderGone")},
	{"component mounted", markAt("mounted")},
	{"journal database open requested", markAt("idbOpenStart")},
	{"journal database open", markAt("idbOpened")},
	{"terminal WebSocket created", markAt("wsCreated")},
	{"terminal WebSocket open", markAt("wsOpen")},
	{"terminal greeting received", markAt("wsFirstMessage")},
	{"terminal Ready", markAt("ready")},
	{"button usable", markAt("interactive")},
}

func resAt(name string, f func(resource) float64) func(pageReport) float64 {
	return func(r pageReport) float64 {
		x, ok := r.resource(name)
		if !ok {
			return math.NaN()
		}
		return f(x)
	}
}

func markAt(k string) func(pageReport) float64 {
	return func(r pageReport) float64 { return r.mark(k) }
}

// medianOf is the median of f over the reports, ignoring NaN.
func medianOf(rs []pageReport, f func(pageReport) float64) float64 {
	var xs []float64
	for _, r := range rs {
		if v := f(r); !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	return median(xs)
}

// breakdown writes the cold path of each site, phase by phase, as medians.
func breakdown(names []string, runs map[string][]pageReport) string {
	header := []string{"cold path (median ms since navigation start)"}
	header = append(header, names...)
	var rows [][]string
	for _, ph := range coldPhases {
		r := []string{ph.name}
		any := false
		for _, n := range names {
			v := medianOf(runs[n], ph.at)
			if !math.IsNaN(v) {
				any = true
			}
			r = append(r, fmtMs(v))
		}
		if any {
			rows = append(rows, r)
		}
	}
	bytesRow := []string{"bytes over the network (wasm / all)"}
	compileRow := []string{"compile+instantiate after the last wasm byte"}
	goRow := []string{"main-thread long tasks before usable"}
	for _, n := range names {
		wasm := medianOf(runs[n], resAt("/web/app.wasm", func(x resource) float64 { return x.Transfer }))
		tot := medianOf(runs[n], pageReport.transferred)
		bytesRow = append(bytesRow, fmtMB(wasm)+" / "+fmtMB(tot))
		compileRow = append(compileRow, fmtMs(medianOf(runs[n], func(r pageReport) float64 {
			x, ok := r.resource("/web/app.wasm")
			if !ok {
				return math.NaN()
			}
			return r.mark("wasmInstantiated") - x.End
		})))
		goRow = append(goRow, fmtMs(medianOf(runs[n], func(r pageReport) float64 {
			return r.longTaskMs(r.mark("interactive"))
		})))
	}
	rows = append(rows, bytesRow, compileRow, goRow)
	return markdownTable(header, rows)
}
