package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/coder/websocket"
)

// without names lanepay built without one of its patches to go-app
// (app/cmd/patchdeps -frame=false, …): the patch's effect, measured in
// the same run.
func without(patch string) string { return "lanepay without " + patch }

// leanHello names the hello world built without net/http in the browser,
// as lanepay is (app/cmd/patchdeps): what lanepay's own code weighs.
const leanHello = "hello world without net/http"

// safePlain names the plain page with lanepay's safety steps by hand.
const safePlain = "plain JS + lock + journal"

// Goals the project set for speed (server/bench/README.md).
const (
	goalRatio     = 1.15
	goalColdMs    = 1500
	goalLatencyMs = 5
	goalWasmBytes = 32 << 20
)

// results is everything one run measured.
type results struct {
	o             options
	machine       string
	chromium      string
	precompressed bool

	size, helloSize, leanSize sizes
	withoutSize               map[string]sizes // by patch
	layout, leanLayout        *wasmLayout
	pkgs, leanPkgs            map[string]int
	namer, leanNamer          *packageNamer
	profiles, leanProfiles    []*startupProfile
	shippedCode               int // the code section of web/dist's wasm
	loads                     map[string][]loadRun
	loadFailures              map[string][]string
	serverRSS, helloServerRSS float64
	charges                   map[string][]charge
	chargeFailures            map[string][]string
	helloTaps                 []float64 // tap → re-render in the hello world, ms
	memory                    map[string][]memory
	simIdle, simLoaded        float64
}

func newResults(o options) *results {
	return &results{
		o:              o,
		withoutSize:    map[string]sizes{},
		loads:          map[string][]loadRun{},
		loadFailures:   map[string][]string{},
		charges:        map[string][]charge{},
		chargeFailures: map[string][]string{},
		memory:         map[string][]memory{},
	}
}

// A load is one kind of a browser's loads of a page (loadRun).
type load func(loadRun) []pageReport

var (
	coldLoad     load = func(l loadRun) []pageReport { return []pageReport{l.Cold} }
	warmLoad     load = func(l loadRun) []pageReport { return l.Warm }
	reopenedLoad load = func(l loadRun) []pageReport { return []pageReport{l.Reopened} }
)

// reports are the site's loads of one kind.
func (r *results) reports(site string, which load) []pageReport {
	var out []pageReport
	for _, l := range r.loads[site] {
		out = append(out, which(l)...)
	}
	return out
}

// groups are f of the site's loads of one kind, one group a browser.
func (r *results) groups(site string, which load, f func(pageReport) float64) [][]float64 {
	var out [][]float64
	for _, l := range r.loads[site] {
		var g []float64
		for _, p := range which(l) {
			if v := f(p); !math.IsNaN(v) {
				g = append(g, v)
			}
		}
		if len(g) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// bootstrapResamples is how many resamples a load ratio's interval takes:
// enough for its 2.5th and 97.5th percentiles to settle.
const bootstrapResamples = 4000

func (r *results) chargeStat(site string, f func(charge) float64, p float64) float64 {
	var xs []float64
	for _, c := range r.charges[site] {
		if v := f(c); !math.IsNaN(v) {
			xs = append(xs, v)
		}
	}
	return percentile(xs, p)
}

// trendFrom is the charge from which memory should no longer grow.
const trendFrom = 50

// settled are the checkpoints from charge trendFrom on, as charges and
// values of f; none if fewer than two (a -quick run).
func (r *results) settled(site string, f func(memory) float64) (xs, ys []float64) {
	for _, m := range r.memory[site] {
		if m.Charges >= trendFrom {
			xs, ys = append(xs, float64(m.Charges)), append(ys, f(m))
		}
	}
	if len(xs) < 2 {
		return nil, nil
	}
	return xs, ys
}

// trend is how f moves per 1,000 charges from charge trendFrom on: the
// Theil–Sen slope, the median of the slopes between every pair of
// checkpoints, which a noisy checkpoint moves little and a steady growth
// moves all. NaN without two checkpoints.
func (r *results) trend(site string, f func(memory) float64) float64 {
	xs, ys := r.settled(site, f)
	return 1000 * theilSen(xs, ys)
}

// trendInterval is the 95% confidence interval of trend: how far the
// run's checkpoints can tell a growth from their noise.
func (r *results) trendInterval(site string, f func(memory) float64) (lo, hi float64) {
	xs, ys := r.settled(site, f)
	lo, hi = theilSenInterval(xs, ys)
	return 1000 * lo, 1000 * hi
}

// steps counts the checkpoints from charge trendFrom on at which f had
// grown since the one before, and by how much f grew in all; -1 without
// two checkpoints. The wasm memory only grows, a page at a time, when Go's
// heap needs it: reaching its working size is a step or two, wherever in
// the run it falls (a trend would read one in the middle as growth), and a
// leak is a step at checkpoint after checkpoint.
func (r *results) steps(site string, f func(memory) float64) (n int, grown float64) {
	_, ys := r.settled(site, f)
	if len(ys) < 2 {
		return -1, math.NaN()
	}
	for i := 1; i < len(ys); i++ {
		if ys[i] > ys[i-1] {
			n++
		}
	}
	return n, ys[len(ys)-1] - ys[0]
}

// trendVerdict judges the JS heap's growth by low, the low end of its 95%
// interval: it fails only a growth surely above the plain page's trend
// (none, if that shrank) plus 1% of the heap. Two hundred charges cannot
// tell 1% from noise (the checkpoints wander by 0.01 to 0.05 MiB), but
// they do tell a leak of a kilobyte a charge. No data without the plain
// page's trend or an interval.
func trendVerdict(low, plain, heap float64) string {
	if math.IsNaN(plain) {
		return noData
	}
	return verdictAtMost(low, max(plain, 0)+0.01*heap)
}

// stepsText says how much the memory grew in how many steps; n/a without
// checkpoints.
func stepsText(n int, grown float64) string {
	if n < 0 {
		return "n/a"
	}
	if n == 1 {
		return fmtSignedMiB(grown) + " in 1 step"
	}
	return fmt.Sprintf("%s in %d steps", fmtSignedMiB(grown), n)
}

// intervalText is an interval of MiB; n/a when unknown.
func intervalText(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "n/a"
	}
	return fmtSignedMiB(lo) + " to " + fmtSignedMiB(hi)
}

// countText is a signed count; n/a when unknown.
func countText(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return fmt.Sprintf("%+.0f", v)
}

// stepsVerdict passes at most maxSteps steps; no data without checkpoints.
func stepsVerdict(n, maxSteps int) string {
	switch {
	case n < 0:
		return noData
	case n <= maxSteps:
		return pass
	}
	return fail
}

func (r *results) last(site string) memory {
	m := r.memory[site]
	if len(m) == 0 {
		return memory{JSHeap: math.NaN(), Wasm: math.NaN()}
	}
	return m[len(m)-1]
}

// rows are the table's lines.
func (r *results) rows() []row {
	var rows []row
	sizeRow := func(name string, a, b int, goal bool) row {
		ra := ratio(float64(a), float64(b))
		rw := row{name, fmtMB(float64(a)), fmtMB(float64(b)), fmtRatio(ra), "", reported}
		if goal {
			rw.goal = fmt.Sprintf("≤ %.2f×", goalRatio)
			rw.verdict = verdictAtMost(ra, goalRatio)
		}
		return rw
	}
	rows = append(rows,
		sizeRow("app.wasm raw", r.size.Raw, r.helloSize.Raw, false),
		sizeRow("app.wasm gzip -9", r.size.Gzip, r.helloSize.Gzip, false),
		sizeRow(fmt.Sprintf("app.wasm brotli (%s)", r.size.BrotliNote), r.size.Brotli, r.helloSize.Brotli, true),
		sizeRow("app.wasm brotli, against the "+leanHello+" (lanepay's own weight)", r.size.Brotli, r.leanSize.Brotli, false),
	)

	interactive := func(p pageReport) float64 { return p.mark("interactive") }
	cold := medianOf(r.reports("lanepay", coldLoad), interactive)
	warm := medianOf(r.reports("lanepay", warmLoad), interactive)
	for _, d := range devices {
		rows = append(rows, r.loadRows(d)...)
	}
	if len(r.loads[leanHello]) > 0 {
		leanCold := medianOf(r.reports(leanHello, coldLoad), interactive)
		leanWarm := medianOf(r.reports(leanHello, warmLoad), interactive)
		rows = append(rows,
			row{fmt.Sprintf("cold load, against the %s (median of %d)", leanHello, len(r.loads[leanHello])), fmtMs(cold), fmtMs(leanCold), fmtRatio(ratio(cold, leanCold)), "", reported},
			row{fmt.Sprintf("warm load, against the %s (median of %d)", leanHello, len(r.reports(leanHello, warmLoad))), fmtMs(warm), fmtMs(leanWarm), fmtRatio(ratio(warm, leanWarm)), "", reported},
		)
	}

	nc := len(r.charges["lanepay"])
	latency := func(name string, f func(charge) float64, p float64, goal bool) row {
		a, b := r.chargeStat("lanepay", f, p), r.chargeStat("plain JS", f, p)
		rw := row{fmt.Sprintf("%s, p%.0f of %d", name, p, nc), fmtMs(a), fmtMs(b), fmtDiffMs(a-b) + " (" + fmtRatio(ratio(a, b)) + ")", "", reported}
		if goal {
			rw.goal = fmt.Sprintf("≤ %+.0f ms", float64(goalLatencyMs))
			rw.verdict = verdictAtMost(a-b, goalLatencyMs)
		}
		return rw
	}
	tapReq := func(c charge) float64 { return c.TapToRequest }
	outVerdict := func(c charge) float64 { return c.OutcomeToVerdict }
	e2e := func(c charge) float64 { return c.TapToVerdict }
	term := func(c charge) float64 { return c.Terminal }
	rows = append(rows,
		latency("charge: tap → request at the terminal", tapReq, 50, true),
		latency("charge: tap → request at the terminal", tapReq, 90, false),
		latency("charge: outcome frame → Approved on screen", outVerdict, 50, true),
		latency("charge: outcome frame → Approved on screen", outVerdict, 90, false),
		latency("charge: tap → Approved, end to end", e2e, 50, false),
		latency("charge: tap → Approved, end to end", e2e, 90, false),
		latency("terminal's own time (request in → outcome out)", term, 50, false),
	)
	// The same, against the floor for a safe till: what lanepay adds to
	// its own safety steps.
	safeLatency := func(name string, f func(charge) float64) row {
		a, b := r.chargeStat("lanepay", f, 50), r.chargeStat(safePlain, f, 50)
		return row{fmt.Sprintf("%s, p50, against %s", name, safePlain), fmtMs(a), fmtMs(b), fmtDiffMs(a-b) + " (" + fmtRatio(ratio(a, b)) + ")", "", reported}
	}
	rows = append(rows,
		safeLatency("charge: tap → request at the terminal", tapReq),
		safeLatency("charge: outcome frame → Approved on screen", outVerdict),
		safeLatency("charge: tap → Approved, end to end", e2e),
	)

	lm, pm := r.last("lanepay"), r.last("plain JS")
	helloWasm := medianOf(r.reports("hello world", coldLoad), func(p pageReport) float64 {
		if p.WasmMemory == 0 {
			return math.NaN()
		}
		return p.WasmMemory
	})
	ws, wg := r.steps("lanepay", func(m memory) float64 { return m.Wasm })
	rg := r.trend("lanepay", func(m memory) float64 { return m.GoRefs })
	jg := r.trend("lanepay", func(m memory) float64 { return m.JSHeap })
	jlo, jhi := r.trendInterval("lanepay", func(m memory) float64 { return m.JSHeap })
	pg := r.trend("plain JS", func(m memory) float64 { return m.JSHeap })
	from := fmt.Sprintf("from charge %d, per 1,000 charges", trendFrom)
	rows = append(rows,
		row{fmt.Sprintf("wasm linear memory after %d charges (baseline: hello world loaded)", lm.Charges), fmtMiB(lm.Wasm), fmtMiB(helloWasm), fmtRatio(ratio(lm.Wasm, helloWasm)),
			"< 32 MiB", verdictAtMost(lm.Wasm, goalWasmBytes-1)},
		row{fmt.Sprintf("wasm memory growth from charge %d", trendFrom), stepsText(ws, wg) + " (" + r.series("lanepay", "%.2f", mib(func(m memory) float64 { return m.Wasm })) + ")", "—", "",
			"none (one step: Go's heap reaching its size)", stepsVerdict(ws, 1)},
		row{"JS values held by Go (syscall/js), growth " + from,
			countText(rg) + " (" + r.series("lanepay", "%.0f", func(m memory) float64 { return m.GoRefs }) + " held)", "—", "", "", reported},
		row{fmt.Sprintf("JS heap after %d charges, after GC", lm.Charges), fmtMiB(lm.JSHeap), fmtMiB(pm.JSHeap), fmtRatio(ratio(lm.JSHeap, pm.JSHeap)), "", reported},
		row{"JS heap growth after GC " + from, fmtSignedMiB(jg) + ", 95% interval " + intervalText(jlo, jhi) + " (" + r.series("lanepay", "%.2f", mib(func(m memory) float64 { return m.JSHeap })) + ")",
			fmtSignedMiB(pg) + " (" + r.series("plain JS", "%.2f", mib(func(m memory) float64 { return m.JSHeap })) + ")", "", "none beyond the noise (interval's low end ≤ plain JS's + 1%)", trendVerdict(jlo, pg, lm.JSHeap)},
		row{"server RSS while serving (peak during the loads)", fmtMiB(r.serverRSS), fmtMiB(r.helloServerRSS), fmtRatio(ratio(r.serverRSS, r.helloServerRSS)), "", reported},
		row{fmt.Sprintf("simulator RSS with %d clients (baseline: none)", r.o.clients), fmtMiB(r.simLoaded), fmtMiB(r.simIdle), fmtRatio(ratio(r.simLoaded, r.simIdle)), "", reported},
	)
	return rows
}

// loadRows are lanepay's loads on d against the hello world's; the goals
// are the tablet's. None for the low-end tablet without its loads.
func (r *results) loadRows(d device) []row {
	lp, hw := d.on("lanepay"), d.on("hello world")
	if d != tablet && len(r.loads[lp]) == 0 {
		return nil
	}
	failed := ""
	if f := len(r.loadFailures[lp]) + len(r.loadFailures[hw]); f > 0 {
		failed = fmt.Sprintf("; %d loads failed, see below", f)
	}
	n := fmt.Sprint(len(r.loads[lp])) + failed
	warms := len(r.reports(lp, warmLoad))
	nw := fmt.Sprint(warms) + failed
	if len(r.loads[lp]) > 0 && warms > len(r.loads[lp]) {
		nw = fmt.Sprintf("%d, %d after each cold load%s", warms, warms/len(r.loads[lp]), failed)
	}
	on := ""
	if d.name != "" {
		on = fmt.Sprintf("%s (CPU %g× slower): ", d.name, d.CPURate)
	}
	cold, warm, reopened := r.compare(lp, hw, coldLoad), r.compare(lp, hw, warmLoad), r.compare(lp, hw, reopenedLoad)
	rows := []row{
		{fmt.Sprintf("%scold load to interactive, %g Mbit/s %g ms RTT (median of %s)", on, d.DownMbps, d.RTTms, n), fmtMs(cold.a), fmtMs(cold.b), cold.ratioText(), "", reported},
		{fmt.Sprintf("%swarm load to interactive, service worker (median of %s)", on, nw), fmtMs(warm.a), fmtMs(warm.b), warm.ratioText(), "", reported},
		{fmt.Sprintf("%swarm load to interactive, browser reopened: service worker, new process (median of %s)", on, n), fmtMs(reopened.a), fmtMs(reopened.b), reopened.ratioText(), "", reported},
	}
	if d == tablet {
		rows[0].goal, rows[0].verdict = fmt.Sprintf("≤ %.2f×, < %s", goalRatio, fmtMs(goalColdMs)), all(verdictAtMost(cold.ratio, goalRatio), verdictAtMost(cold.a, goalColdMs))
		rows[1].goal, rows[1].verdict = fmt.Sprintf("≤ %.2f×", goalRatio), verdictAtMost(warm.ratio, goalRatio)
	}
	return rows
}

// comparison is the median time to interactive of a's loads of one kind
// against b's, and their ratio with its 95% interval: how far another run
// of as many browsers could move it (bootstrapRatio).
type comparison struct{ a, b, ratio, lo, hi float64 }

func (r *results) compare(a, b string, which load) comparison {
	interactive := func(p pageReport) float64 { return p.mark("interactive") }
	c := comparison{a: medianOf(r.reports(a, which), interactive), b: medianOf(r.reports(b, which), interactive)}
	c.ratio = ratio(c.a, c.b)
	c.lo, c.hi = bootstrapRatio(r.groups(a, which, interactive), r.groups(b, which, interactive), bootstrapResamples, 1)
	return c
}

// ratioText is the ratio with its interval, when there is one.
func (c comparison) ratioText() string {
	if math.IsNaN(c.lo) || math.IsNaN(c.hi) {
		return fmtRatio(c.ratio)
	}
	return fmt.Sprintf("%s (95%%: %.2f–%s)", fmtRatio(c.ratio), c.lo, fmtRatio(c.hi))
}

// medianCharge is the charge whose end-to-end time is the median.
func (r *results) medianCharge(site string) *charge {
	cs := slices.Clone(r.charges[site])
	if len(cs) == 0 {
		return nil
	}
	slices.SortFunc(cs, func(a, b charge) int { return cmp.Compare(a.TapToVerdict, b.TapToVerdict) })
	return &cs[len(cs)/2]
}

// chargePhases are the steps of a charge, in order.
var chargePhases = []struct {
	name string
	f    func(charge) float64
}{
	{"tap → \"in progress\" in the DOM", func(c charge) float64 { return c.TapToProgress }},
	{"tap → first IndexedDB transaction begins", func(c charge) float64 { return c.TapToJournal }},
	{"tap → WebSocket.send (UI event, journal, request)", func(c charge) float64 { return c.TapToSend }},
	{"  of which IndexedDB transactions", func(c charge) float64 { return c.JournalBefore }},
	{"transit, one way (loopback, browser)", func(c charge) float64 { return c.Transit }},
	{"terminal (simulator, no delay)", func(c charge) float64 { return c.Terminal }},
	{"message event → verdict in the DOM (journal, render)", func(c charge) float64 { return c.ReceiveToShown }},
	{"  of which IndexedDB transactions", func(c charge) float64 { return c.JournalAfter }},
	{"tap → verdict", func(c charge) float64 { return c.TapToVerdict }},
}

// series lists f at each checkpoint, in format.
func (r *results) series(site, format string, f func(memory) float64) string {
	var parts []string
	for _, m := range r.memory[site] {
		parts = append(parts, fmt.Sprintf(format, f(m)))
	}
	return strings.Join(parts, " → ")
}

// mib is f in MiB, for series.
func mib(f func(memory) float64) func(memory) float64 {
	return func(m memory) float64 { return f(m) / (1 << 20) }
}

// The count of JS values Go holds is reported, not judged: Go lets go of
// them (and of the DOM nodes a re-render replaced) in finalizers after its
// own garbage collection, which comes every hundred or so charges, so the
// count saws between about 900 and 2,000 and the JS heap after V8's
// collection follows it. The JS heap's trend is judged against the plain
// page's in the same run: DevTools' own bookkeeping of the bench's
// evaluations grows every page's heap a little.

// print writes the report: the table, the machine, then where the time
// and the bytes go.
func (r *results) print(w io.Writer) {
	var rows [][]string
	for _, rw := range r.rows() {
		rows = append(rows, rw.cells())
	}
	fmt.Fprintln(w, markdownTable([]string{"figure", "lanepay", "baseline", "ratio", "goal", "verdict"}, rows))
	fmt.Fprintf(w, "Machine: %s. Baselines: a go-app v10.1.11 hello world built with the same flags (go-app's frame loop patched alike; net/http in the browser, as go-app has it as released) and served by the same server binary%s; a plain-JavaScript page through the same WebSocket proxy, alone and with lanepay's safety steps by hand (%s). ",
		r.machine, map[bool]string{true: " with the same precompressed copies", false: ""}[r.precompressed], safePlain)
	fmt.Fprintf(w, "Run: %d browsers per site, each with a cold load, %d warm loads and a load after reopening; %d charges per page%s.\n\n",
		len(r.loads["lanepay"]), len(r.reports("lanepay", warmLoad))/max(1, len(r.loads["lanepay"])), len(r.charges["lanepay"]), map[bool]string{true: " (-quick)", false: ""}[r.o.quick])
	for _, name := range slices.Sorted(maps.Keys(r.loadFailures)) {
		for _, f := range r.loadFailures[name] {
			fmt.Fprintf(w, "- Failed load (%s): %s\n", name, f)
		}
	}
	for _, name := range []string{"lanepay", "plain JS", safePlain, without("frame")} {
		for _, f := range r.chargeFailures[name] {
			fmt.Fprintf(w, "- Failed charge (%s, left out of the figures): %s\n", name, f)
		}
	}
	if len(r.loadFailures)+len(r.chargeFailures) > 0 {
		fmt.Fprintln(w)
	}
	r.printPatches(w)
	r.printColdPath(w)
	r.printStartup(w)
	r.printChargePath(w)
	r.printBytes(w)
}

func (r *results) printColdPath(w io.Writer) {
	fmt.Fprintln(w, "## Where the load time goes")
	fmt.Fprintln(w)
	names := []string{"lanepay cold", "hello world cold", "lanepay warm", "hello world warm", "lanepay reopened", "hello world reopened"}
	fmt.Fprintln(w, breakdown(names, map[string][]pageReport{
		names[0]: r.reports("lanepay", coldLoad),
		names[1]: r.reports("hello world", coldLoad),
		names[2]: r.reports("lanepay", warmLoad),
		names[3]: r.reports("hello world", warmLoad),
		names[4]: r.reports("lanepay", reopenedLoad),
		names[5]: r.reports("hello world", reopenedLoad),
	}))
}

// printPatches writes what each of lanepay's patches to go-app buys:
// lanepay against lanepay built without it, on each device, as medians and
// their ratio with its 95% interval. Below 1 the patch makes the load
// faster; an interval holding 1 is within the run's spread.
func (r *results) printPatches(w io.Writer) {
	var rows [][]string
	for _, p := range patches {
		for _, d := range devices {
			name := d.on(without(p))
			if len(r.loads[name]) == 0 {
				continue
			}
			size := ""
			if ws, ok := r.withoutSize[p]; ok && d == tablet {
				size = fmt.Sprintf("%s / %s (%+.1f kB)", fmtMB(float64(r.size.Brotli)), fmtMB(float64(ws.Brotli)), float64(r.size.Brotli-ws.Brotli)/1e3)
			}
			cells := []string{p, cmp.Or(d.name, "tablet"), size}
			var gains, costs, within []string
			for _, l := range []struct {
				name  string
				which load
			}{{"cold", coldLoad}, {"warm", warmLoad}, {"reopened", reopenedLoad}} {
				c := r.compare(d.on("lanepay"), name, l.which)
				cells = append(cells, fmt.Sprintf("%s / %s = %s", fmtMs(c.a), fmtMs(c.b), c.ratioText()))
				switch {
				case c.hi < 1:
					gains = append(gains, l.name)
				case c.lo > 1:
					costs = append(costs, l.name)
				default:
					within = append(within, l.name)
				}
			}
			var verdict []string
			for _, v := range []struct {
				what  string
				loads []string
			}{{"faster", gains}, {"slower", costs}, {"within the spread", within}} {
				if len(v.loads) > 0 {
					verdict = append(verdict, v.what+": "+strings.Join(v.loads, ", "))
				}
			}
			rows = append(rows, append(cells, strings.Join(verdict, "; ")))
		}
	}
	if len(rows) == 0 {
		return
	}
	fmt.Fprintln(w, "## What each patch to go-app buys")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "lanepay with all its patches against lanepay built without one (app/cmd/patchdeps), loaded in the same run: medians to interactive, with / without, and their ratio with its 95% interval (below 1: faster with the patch).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, markdownTable([]string{"patch", "profile", "app.wasm brotli, with / without", "cold", "warm", "reopened", "with the patch, the load is"}, rows))
}

func (r *results) printStartup(w io.Writer) {
	if len(r.profiles) == 0 {
		return
	}
	avg := func(ps []*startupProfile, f func(*startupProfile) map[string]float64) map[string]float64 {
		out := map[string]float64{}
		for _, p := range ps {
			for k, v := range f(p) {
				out[k] += v / float64(len(ps))
			}
		}
		return out
	}
	self := avg(r.profiles, func(p *startupProfile) map[string]float64 { return p.SelfMs })
	helloSelf := avg(r.leanProfiles, func(p *startupProfile) map[string]float64 { return p.SelfMs })
	incl := avg(r.profiles, func(p *startupProfile) map[string]float64 { return p.Inclusive })
	total, helloTotal := 0.0, 0.0
	for _, p := range r.profiles {
		total += p.TotalMs / float64(len(r.profiles))
	}
	for _, p := range r.leanProfiles {
		helloTotal += p.TotalMs / float64(len(r.leanProfiles))
	}
	fmt.Fprintln(w, "## Where a warm start-up spends the main thread")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "DevTools CPU profile (200 µs sampling, which slows the page) of a warm load, from the new document to the button usable, the same code with function names (mean of %d; idle excluded; \"(program)\" is the browser's own work: parsing, style, layout, compiling): lanepay %s busy, the %s %s.\n\n",
		len(r.profiles), fmtMs(total), leanHello, fmtMs(helloTotal))
	var rows [][]string
	for _, k := range top(self, 12, nil) {
		rows = append(rows, []string{k, fmtMs(self[k]), fmtMs(helloSelf[k])})
	}
	fmt.Fprintln(w, markdownTable([]string{"self time by package", "lanepay", leanHello}, rows))
	own := func(name string) bool {
		p := r.namer.pkg(name)
		return p == "<main>" || strings.HasPrefix(p, "github.com/lanepay/")
	}
	rows = nil
	for _, k := range top(incl, 10, own) {
		rows = append(rows, []string{k, fmtMs(incl[k])})
	}
	fmt.Fprintln(w, markdownTable([]string{"lanepay's own functions, inclusive time", "lanepay"}, rows))
}

func (r *results) printChargePath(w io.Writer) {
	fmt.Fprintln(w, "## Where the charge time goes")
	fmt.Fprintln(w)
	var rows [][]string
	for _, ph := range chargePhases {
		cells := []string{ph.name}
		for _, site := range []string{"lanepay", safePlain, "plain JS"} {
			cells = append(cells, fmtMs(r.chargeStat(site, ph.f, 50)), fmtMs(r.chargeStat(site, ph.f, 90)))
		}
		rows = append(rows, cells)
	}
	fmt.Fprintln(w, markdownTable([]string{"charge path (ms)", "lanepay p50", "lanepay p90", "+ lock + journal p50", "+ lock + journal p90", "plain JS p50", "plain JS p90"}, rows))
	if cs := r.charges["lanepay"]; len(cs) >= 8 {
		q := len(cs) / 4
		stat := func(part []charge, f func(charge) float64) float64 {
			var xs []float64
			for _, c := range part {
				xs = append(xs, f(c))
			}
			return median(xs)
		}
		first, last := cs[:q], cs[len(cs)-q:]
		fmt.Fprintf(w, "As the journal grows: lanepay's first %d charges against its last %d, p50: tap → request %s → %s, outcome → verdict %s → %s, IndexedDB time after the outcome %s → %s.\n\n",
			q, q, fmtMs(stat(first, func(c charge) float64 { return c.TapToRequest })), fmtMs(stat(last, func(c charge) float64 { return c.TapToRequest })),
			fmtMs(stat(first, func(c charge) float64 { return c.OutcomeToVerdict })), fmtMs(stat(last, func(c charge) float64 { return c.OutcomeToVerdict })),
			fmtMs(stat(first, func(c charge) float64 { return c.JournalAfter })), fmtMs(stat(last, func(c charge) float64 { return c.JournalAfter })))
	}
	if tl := r.medianCharge("lanepay"); tl != nil {
		fmt.Fprintf(w, "lanepay's median charge (end to end %s), step by step:\n\n```\n%s\n```\n\n", fmtMs(tl.TapToVerdict), strings.Join(tl.timeline(), "\n"))
	}
	if cs := r.charges[without("frame")]; len(cs) > 0 {
		p50 := func(site string, f func(charge) float64) float64 { return r.chargeStat(site, f, 50) }
		var parts []string
		for _, m := range []struct {
			name string
			f    func(charge) float64
		}{
			{"tap → request", func(c charge) float64 { return c.TapToRequest }},
			{"outcome → verdict", func(c charge) float64 { return c.OutcomeToVerdict }},
			{"tap → verdict", func(c charge) float64 { return c.TapToVerdict }},
		} {
			a, b := p50("lanepay", m.f), p50(without("frame"), m.f)
			parts = append(parts, fmt.Sprintf("%s %s against %s (%s)", m.name, fmtMs(a), fmtMs(b), fmtDiffMs(a-b)))
		}
		fmt.Fprintf(w, "go-app's frame loop, patched (lanepay) against as released (%s, %d charges in the same blocks), p50: %s.\n\n", without("frame"), len(cs), strings.Join(parts, "; "))
	}
	fmt.Fprintf(w, "go-app's own floor, the hello world's button: tap → re-rendered, p50 %s, p90 %s (%d taps). ",
		fmtMs(percentile(r.helloTaps, 50)), fmtMs(percentile(r.helloTaps, 90)), len(r.helloTaps))
	fmt.Fprintf(w, "IndexedDB transactions per charge (median): %.0f between the tap and the send, %.0f between the outcome and the verdict.\n\n",
		r.chargeStat("lanepay", func(c charge) float64 { return float64(c.TxBefore) }, 50),
		r.chargeStat("lanepay", func(c charge) float64 { return float64(c.TxAfter) }, 50))
}

func (r *results) printBytes(w io.Writer) {
	if r.layout == nil || r.leanLayout == nil {
		return
	}
	fmt.Fprintln(w, "## Where the bytes go")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Sections (a build keeping function names): lanepay code %s, data %s; the "+leanHello+" code %s, data %s.",
		fmtMB(float64(r.layout.Sections["code"])), fmtMB(float64(r.layout.Sections["data"])),
		fmtMB(float64(r.leanLayout.Sections["code"])), fmtMB(float64(r.leanLayout.Sections["data"])))
	if r.shippedCode != 0 && r.shippedCode != r.layout.Sections["code"] {
		fmt.Fprintf(w, " web/dist's wasm has %d bytes of code, this build %d: it was built from other sources (run `make build`).", r.shippedCode, r.layout.Sections["code"])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	var rows [][]string
	for i, d := range packageDeltas(r.pkgs, r.leanPkgs) {
		if i == 15 {
			break
		}
		rows = append(rows, []string{d.Pkg, fmtMB(float64(d.Ours)), fmtMB(float64(d.Baseline)), fmt.Sprintf("%+.1f kB", float64(d.Ours-d.Baseline)/1e3)})
	}
	fmt.Fprintln(w, markdownTable([]string{"package (code bytes)", "lanepay", leanHello, "more"}, rows))
	if r.namer == nil {
		return
	}
	funcs := slices.Clone(r.layout.Funcs)
	slices.SortFunc(funcs, func(a, b wasmFunc) int { return b.Size - a.Size })
	rows = nil
	for _, f := range funcs {
		p := r.namer.pkg(f.Name)
		if p != "<main>" && !strings.HasPrefix(p, "github.com/lanepay/") {
			continue
		}
		rows = append(rows, []string{f.Name, fmt.Sprintf("%.1f kB", float64(f.Size)/1e3)})
		if len(rows) == 12 {
			break
		}
	}
	fmt.Fprintln(w, markdownTable([]string{"lanepay's largest functions (wasm names)", "code"}, rows))
}

// simulatorRSS runs the simulator alone and reads its RSS idle and with
// clients connected (each has had the greeting).
func simulatorRSS(ctx context.Context, clients int) (idle, loaded float64, err error) {
	sim, err := startSimulator(ctx, "simulator (RSS)")
	if err != nil {
		return 0, 0, err
	}
	defer sim.Stop()
	time.Sleep(300 * time.Millisecond)
	i, err := sim.RSS()
	if err != nil {
		return 0, 0, err
	}
	var conns []*websocket.Conn
	defer func() {
		for _, c := range conns {
			c.CloseNow()
		}
	}()
	for range clients {
		dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		c, _, err := websocket.Dial(dctx, "ws://"+sim.url+"/", nil)
		cancel()
		if err == nil {
			// The greeting. (Not with dctx: cancelling a read's context
			// closes the connection.)
			_, _, err = c.Read(ctx)
		}
		if err != nil {
			return 0, 0, fmt.Errorf("simulator client %d: %w", len(conns)+1, err)
		}
		conns = append(conns, c)
	}
	time.Sleep(500 * time.Millisecond)
	l, err := sim.RSS()
	return float64(i), float64(l), err
}
