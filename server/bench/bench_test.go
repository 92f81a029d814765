package main

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/cdproto/runtime"
	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/terminalsim"
)

// These test the bench's pure helpers and its proxy; the bench itself
// (browsers, timings) runs with `make bench`, never in `make test`.

func TestMedianAndPercentile(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		p    float64
		want float64
	}{
		{"odd median", []float64{5, 1, 3}, 50, 3},
		{"even median", []float64{4, 1, 3, 2}, 50, 2.5},
		{"one value", []float64{7}, 90, 7},
		{"p90 interpolated", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90, 9.1},
		{"p0 is the least", []float64{3, 1, 2}, 0, 1},
		{"p100 is the most", []float64{3, 1, 2}, 100, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.xs...)
			if got := percentile(tt.xs, tt.p); math.Abs(got-tt.want) > 1e-9 {
				t.Errorf("percentile(%v, %v) = %v, want %v", tt.xs, tt.p, got, tt.want)
			}
			for i := range in {
				if in[i] != tt.xs[i] {
					t.Fatalf("percentile reordered its input: %v", tt.xs)
				}
			}
		})
	}
	if got := median(nil); !math.IsNaN(got) {
		t.Errorf("median(nil) = %v, want NaN", got)
	}
	if got := median([]float64{2, 9, 4}); got != 4 {
		t.Errorf("median = %v, want 4", got)
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{fmtRatio(ratio(1.15, 1)), "1.15×"},
		{fmtRatio(ratio(1, 0)), "n/a"},
		{fmtRatio(ratio(math.NaN(), 1)), "n/a"},
		{fmtRatio(0.5), "0.50×"},
		{fmtDiffMs(1.234), "+1.2 ms"},
		{fmtDiffMs(-0.04), "-0.0 ms"},
		{fmtMs(0.844), "0.84 ms"},
		{fmtMs(12.34), "12.3 ms"},
		{fmtMs(812.4), "812 ms"},
		{fmtMs(1234), "1.23 s"},
		{fmtMs(math.NaN()), "n/a"},
		{fmtMB(8656299), "8.66 MB"},
		{fmtMB(2185), "2.2 kB"},
		{fmtMiB(32 << 20), "32.0 MiB"},
		{fmtSignedMiB(0), "+0.00 MiB"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q, want %q", tt.got, tt.want)
		}
	}
}

func TestVerdicts(t *testing.T) {
	if v := verdictAtMost(1.15, 1.15); v != pass {
		t.Errorf("at the limit: %s, want pass", v)
	}
	if v := verdictAtMost(1.16, 1.15); v != fail {
		t.Errorf("over the limit: %s, want FAIL", v)
	}
	if v := verdictAtMost(math.NaN(), 1); v != noData {
		t.Errorf("unknown: %s, want no data", v)
	}
	if v := all(pass, noData, pass); v != noData {
		t.Errorf("all with a missing figure: %s", v)
	}
	if v := all(pass, noData, fail); v != fail {
		t.Errorf("all with a failure: %s", v)
	}
}

func TestMarkdownTableEscapesPipes(t *testing.T) {
	got := markdownTable([]string{"a", "b"}, [][]string{{"x|y", "1"}})
	want := "| a | b |\n| --- | --- |\n| x\\|y | 1 |\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestStatusField(t *testing.T) {
	status := "Name:\tlanepay\nVmPeak:\t  812340 kB\nVmRSS:\t   51234 kB\nThreads:\t7\n"
	got, err := statusField(status, "VmRSS")
	if err != nil || got != 51234*1024 {
		t.Errorf("VmRSS = %d, %v; want %d", got, err, 51234*1024)
	}
	if _, err := statusField(status, "VmHWM"); err == nil {
		t.Error("a missing field read without error")
	}
}

func TestCoveredCountsOverlapOnce(t *testing.T) {
	got := covered([][2]float64{{10, 20}, {0, 5}, {15, 30}, {40, 41}})
	if got != 5+20+1 {
		t.Errorf("covered = %v, want 26", got)
	}
	if covered(nil) != 0 {
		t.Error("nothing covers nothing")
	}
}

func TestTimeCharge(t *testing.T) {
	ref := "0MWWOUC5S0OXK2FR"
	end := func(v float64) *float64 { return &v }
	tr := chargeTrace{
		Tap: 100, InProgress: end(104), Approved: 150, Verdict: "Approved", Ref: ref,
		Wire: []wireFrame{
			{T: 50, Data: `{"EVENT":"CONNECTED"}`},
			{T: 110, Out: true, Data: `{"TRAN_CODE":"1","AMOUNT":"1234","REF_NO":"` + ref + `"}`},
			{T: 125, Data: `ACK`},
			{T: 130, Data: `{"RESP_CODE":"00","REF_NO":"` + ref + `"}`},
		},
		IDB: []idbTx{{Start: 101, End: end(105)}, {Start: 131, End: end(140)}, {Start: 135, End: end(145)}, {Start: 146, End: nil}},
	}
	// At the terminal's doorstep, on the bench's clock: 16 ms inside.
	req := frame{Received: 1000}
	out := frame{Sent: 1016}
	c, err := timeCharge(tr, req, out)
	if err != nil {
		t.Fatal(err)
	}
	want := charge{
		TapToProgress: 4, TapToJournal: 1,
		TapToSend: 10, ReceiveToShown: 20, TapToVerdict: 50, Terminal: 16,
		Transit:          2, // (130-110-16)/2
		TapToRequest:     12,
		OutcomeToVerdict: 22,
		JournalBefore:    4, TxBefore: 1,
		JournalAfter: 14, TxAfter: 2,
	}
	c.trace = chargeTrace{}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("timeCharge =\n%+v, want\n%+v", c, want)
	}
	tr.Wire = tr.Wire[:2]
	if _, err := timeCharge(tr, req, out); err == nil {
		t.Error("a charge without its outcome on the page's wire was timed")
	}
}

// A transaction that straddles the send or the outcome counts for its part
// inside each window.
func TestTimeChargeStraddling(t *testing.T) {
	ref := "0MWWOUC5S0OXK2FR"
	end := func(v float64) *float64 { return &v }
	tr := chargeTrace{
		Tap: 100, Approved: 150, Verdict: "Approved", Ref: ref,
		Wire: []wireFrame{
			{T: 110, Out: true, Data: `{"TRAN_CODE":"1","AMOUNT":"1234","REF_NO":"` + ref + `"}`},
			{T: 130, Data: `{"RESP_CODE":"00","REF_NO":"` + ref + `"}`},
		},
		IDB: []idbTx{{Start: 105, End: end(112)}, {Start: 126, End: end(133)}, {Start: 90, End: end(95)}},
	}
	c, err := timeCharge(tr, frame{Received: 1000}, frame{Sent: 1016})
	if err != nil {
		t.Fatal(err)
	}
	if c.JournalBefore != 5 || c.TxBefore != 1 || c.JournalAfter != 3 || c.TxAfter != 1 {
		t.Errorf("before %v ms in %d, after %v ms in %d; want 5 in 1, 3 in 1", c.JournalBefore, c.TxBefore, c.JournalAfter, c.TxAfter)
	}
}

func TestPackageNamer(t *testing.T) {
	n := newPackageNamer([]string{"encoding/json", "github.com/lanepay/lanepay/app/pos", "github.com/lanepay/lanepay/app", "runtime"}, "<main>")
	tests := []struct{ sym, want string }{
		{"encoding_json.__decodeState_.object", "encoding/json"},
		{"github.com_lanepay_lanepay_app_pos.ParseAmount", "github.com/lanepay/lanepay/app/pos"},
		{"main.__chargeScreen_.Render", "<main>"},
		{"main.__chargeScreen_.github.com_maxence_charriere_go_app_v10_pkg_app.setRoot", "<main>"},
		{"runtime.mallocgc", "runtime"},
		{"type_.eq.runtime.bitvector", "<type_>"},
		{"wasm_export_run", "<wasm_export_run>"},
	}
	for _, tt := range tests {
		if got := n.pkg(tt.sym); got != tt.want {
			t.Errorf("pkg(%q) = %q, want %q", tt.sym, got, tt.want)
		}
	}
	if got := mangle("github.com/maxence-charriere/go-app/v10/pkg/app"); got != "github.com_maxence_charriere_go_app_v10_pkg_app" {
		t.Errorf("mangle = %q", got)
	}
}

// A module with one imported function, two defined ones (bodies of 4 and 2
// bytes) and a name section naming them.
func TestParseWasm(t *testing.T) {
	str := func(s string) []byte { return append([]byte{byte(len(s))}, s...) }
	section := func(id byte, payload []byte) []byte { return append([]byte{id, byte(len(payload))}, payload...) }
	var b []byte
	b = append(b, "\x00asm\x01\x00\x00\x00"...)
	b = append(b, section(1, []byte{1, 0x60, 0, 0})...) // one type: () -> ()
	imp := []byte{1}
	imp = append(imp, str("go")...)
	imp = append(imp, str("debug")...)
	imp = append(imp, 0, 0) // a function of type 0
	b = append(b, section(2, imp)...)
	b = append(b, section(3, []byte{2, 0, 0})...)
	b = append(b, section(10, []byte{2, 4, 0, 1, 1, 0x0b, 2, 0, 0x0b})...)
	names := []byte{2}
	names = append(names, 1)
	names = append(names, str("main.main")...)
	names = append(names, 2)
	names = append(names, str("runtime.gc")...)
	name := str("name")
	name = append(name, 1, byte(len(names)))
	name = append(name, names...)
	b = append(b, section(0, name)...)

	l, err := parseWasm(b)
	if err != nil {
		t.Fatal(err)
	}
	want := []wasmFunc{{"main.main", 4}, {"runtime.gc", 2}}
	if len(l.Funcs) != 2 || l.Funcs[0] != want[0] || l.Funcs[1] != want[1] {
		t.Errorf("funcs = %v, want %v", l.Funcs, want)
	}
	if l.Sections["code"] != 9 || l.Sections["custom:name"] == 0 {
		t.Errorf("sections = %v", l.Sections)
	}
	if _, err := parseWasm([]byte("\x7fELF")); err == nil {
		t.Error("an ELF file parsed as wasm")
	}
	if _, err := parseWasm(b[:len(b)-3]); err == nil {
		t.Error("a truncated module parsed")
	}
}

// The proxy over real loopback sockets, in front of the real simulator:
// every frame passes unchanged both ways and is stamped, and exchange finds
// a sale's request and outcome.
func TestRecordingProxy(t *testing.T) {
	sim := terminalsim.New(terminalsim.Config{
		WSAddr: "127.0.0.1:0", TCPAddr: terminalsim.Off,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := sim.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	clk := newClock()
	p, err := startProxy("127.0.0.1:0", "ws://"+sim.WSAddr(), clk)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if !strings.HasPrefix(p.Addr(), "127.0.0.1:") {
		t.Fatalf("proxy listens on %s, want loopback", p.Addr())
	}

	c, _, err := websocket.Dial(ctx, "ws://"+p.Addr()+"/", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.CloseNow()
	_, greeting, err := c.Read(ctx)
	if err != nil || !strings.Contains(string(greeting), "CONNECTED") {
		t.Fatalf("greeting %q, %v", greeting, err)
	}
	const ref = "0MWWOUC5S0OXK2FR"
	sale := `{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"1234","REF_NO":"` + ref + `"}`
	if err := c.Write(ctx, websocket.MessageText, []byte(sale)); err != nil {
		t.Fatal(err)
	}
	var outcome map[string]string
	for outcome["RESP_CODE"] == "" {
		_, msg, err := c.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		outcome = nil
		json.Unmarshal(msg, &outcome)
	}
	if outcome["REF_NO"] != ref || outcome["RESP_CODE"] != "00" {
		t.Fatalf("outcome %v", outcome)
	}

	var req, out frame
	for deadline := time.Now().Add(2 * time.Second); ; time.Sleep(time.Millisecond) {
		if req, out, err = exchange(p.Frames(), ref); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("exchange: %v; frames %v", err, p.Frames())
	}
	if string(req.Data) != sale || !req.ToTerminal {
		t.Errorf("request frame %q (to terminal %v), want the sale as sent", req.Data, req.ToTerminal)
	}
	if out.ToTerminal || out.fields()["REF_NO"] != ref {
		t.Errorf("outcome frame %q", out.Data)
	}
	// The request's Sent is stamped after its write returns, so the pump
	// relaying the answer may stamp its Received first: what holds is that
	// the request came in before the answer did.
	if !(req.Received <= req.Sent && req.Received <= out.Received && out.Received <= out.Sent && out.Sent <= clk.now()) {
		t.Errorf("stamps out of order: request %v→%v, outcome %v→%v", req.Received, req.Sent, out.Received, out.Sent)
	}
	if frames := p.Frames(); frames[0].ToTerminal || !strings.Contains(string(frames[0].Data), "CONNECTED") {
		t.Errorf("first frame %q, want the greeting", frames[0].Data)
	}
	p.Reset()
	if n := len(p.Frames()); n != 0 {
		t.Errorf("%d frames after Reset", n)
	}
	if _, _, err := exchange(nil, ref); err == nil {
		t.Error("exchange found a sale in no frames")
	}
}

// A profile's wasm frames are charged to Go packages whether Chromium
// names their script wasm://… or by the module's URL.
func TestSummariseWasmFrames(t *testing.T) {
	n := newPackageNamer([]string{"github.com/lanepay/lanepay/app/till", "runtime"}, "<main>")
	for _, url := range []string{"wasm://wasm/01234567", "http://127.0.0.1:8000/web/app.wasm"} {
		frame := func(fn, u string) *runtime.CallFrame { return &runtime.CallFrame{FunctionName: fn, URL: u} }
		p := &profiler.Profile{
			Nodes: []*profiler.ProfileNode{
				{ID: 1, CallFrame: frame("(root)", ""), Children: []int64{2}},
				{ID: 2, CallFrame: frame("$github.com_lanepay_lanepay_app_till.__Till_.Run", url), Children: []int64{3}},
				{ID: 3, CallFrame: frame("$runtime.mallocgc", url)},
			},
			Samples:    []int64{3, 3, 2},
			TimeDeltas: []int64{0, 1000, 1000},
		}
		got := summarise(p, n, 0)
		if got.SelfMs["runtime"] != 2 || got.SelfMs["github.com/lanepay/lanepay/app/till"] != 0 {
			t.Errorf("%s: self %v", url, got.SelfMs)
		}
		if got.Inclusive["github.com_lanepay_lanepay_app_till.__Till_.Run"] != 2 {
			t.Errorf("%s: inclusive %v", url, got.Inclusive)
		}
	}
}

func TestTheilSen(t *testing.T) {
	xs := []float64{50, 75, 100, 125, 150, 175, 200}
	for _, tc := range []struct {
		name string
		ys   []float64
		want float64
	}{
		{"flat", []float64{10, 10, 10, 10, 10, 10, 10}, 0},
		{"a steady leak", []float64{10, 11, 12, 13, 14, 15, 16}, 1.0 / 25},
		{"one step early, then flat", []float64{10, 10, 12, 12, 12, 12, 12}, 0},
		{"a leak under noise", []float64{10, 13, 12, 15, 14, 17, 16}, 1.0 / 25},
		{"noise without a trend", []float64{10, 12, 9, 11, 10, 12, 9}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := theilSen(xs, tc.ys); math.Abs(got-tc.want) > 1e-9 {
				t.Errorf("slope %g, want %g", got, tc.want)
			}
		})
	}
	if got := theilSen([]float64{1}, []float64{5}); !math.IsNaN(got) {
		t.Errorf("one point: %g, want NaN", got)
	}
}

func TestTheilSenInterval(t *testing.T) {
	xs := []float64{50, 75, 100, 125, 150, 175, 200}
	for _, tc := range []struct {
		name   string
		ys     []float64
		lo, hi float64
	}{
		// Of 21 slopes in order, the 3rd and the 19th.
		{"a straight line: no doubt", []float64{10, 11, 12, 13, 14, 15, 16}, 0.04, 0.04},
		{"a leak under noise: above zero", []float64{10, 11.5, 12, 13.5, 14, 15.5, 16}, 0.02, 0.06},
		{"noise without a trend: zero inside", []float64{10, 12, 9, 11, 10, 12, 9}, -0.04, 0.08},
		{"one wild checkpoint", []float64{10, 10, 10, 16, 10, 10, 10}, -0.08, 0.08},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := theilSenInterval(xs, tc.ys)
			if math.Abs(lo-tc.lo) > 1e-9 || math.Abs(hi-tc.hi) > 1e-9 {
				t.Errorf("interval %g to %g, want %g to %g", lo, hi, tc.lo, tc.hi)
			}
			if slope := theilSen(xs, tc.ys); slope < lo || slope > hi {
				t.Errorf("the slope %g is outside its interval %g to %g", slope, lo, hi)
			}
		})
	}
	if lo, hi := theilSenInterval([]float64{1, 2}, []float64{5, 6}); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("two points: %g to %g, want NaN", lo, hi)
	}
}

func TestBootstrapRatio(t *testing.T) {
	same := func(v float64, groups, each int) [][]float64 {
		out := make([][]float64, groups)
		for i := range out {
			out[i] = slices.Repeat([]float64{v}, each)
		}
		return out
	}
	// spread is one load a browser, evenly from center-width/2 to
	// center+width/2.
	spread := func(center, width float64, groups int) [][]float64 {
		out := make([][]float64, groups)
		for i := range out {
			out[i] = []float64{center - width/2 + width*float64(i)/float64(groups-1)}
		}
		return out
	}
	for _, tc := range []struct {
		name   string
		a, b   [][]float64
		lo, hi float64 // bounds the interval must lie within
		narrow float64 // and it must be at most this wide
	}{
		{"no spread: the ratio itself", same(220, 8, 3), same(200, 8, 3), 1.1, 1.1, 0},
		{"browsers apart widen it", spread(220, 160, 8), same(200, 8, 3), 0.7, 1.5, 0.65},
		{"more browsers narrow it", spread(220, 160, 64), same(200, 64, 3), 1.0, 1.2, 0.2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo, hi := bootstrapRatio(tc.a, tc.b, 2000, 1)
			if lo > hi || lo < tc.lo-1e-9 || hi > tc.hi+1e-9 {
				t.Errorf("interval %.3f to %.3f, want within %.3f to %.3f", lo, hi, tc.lo, tc.hi)
			}
			if hi-lo > tc.narrow+1e-9 {
				t.Errorf("interval %.3f to %.3f is wider than %.3f", lo, hi, tc.narrow)
			}
			if lo2, hi2 := bootstrapRatio(tc.a, tc.b, 2000, 1); lo2 != lo || hi2 != hi {
				t.Errorf("the same seed gave %.4f to %.4f, then %.4f to %.4f", lo, hi, lo2, hi2)
			}
		})
	}
	// Browsers far apart must show: eight from 140 to 300 ms, and the
	// interval is not the bare ratio.
	if lo, hi := bootstrapRatio(spread(220, 160, 8), same(200, 8, 3), 2000, 1); hi-lo < 0.1 {
		t.Errorf("spread browsers: interval %.3f to %.3f, want at least 0.1 wide", lo, hi)
	}
	// A browser's loads move together, so three alike in each browser
	// say no more than one: the interval must not narrow as it would if
	// the loads were drawn one by one.
	loOne, hiOne := bootstrapRatio(spread(220, 160, 8), same(200, 8, 3), 2000, 1)
	var thrice [][]float64
	for _, g := range spread(220, 160, 8) {
		thrice = append(thrice, slices.Repeat(g, 3))
	}
	loT, hiT := bootstrapRatio(thrice, same(200, 8, 3), 2000, 1)
	if hiT-loT < 0.8*(hiOne-loOne) {
		t.Errorf("three alike loads a browser: interval %.3f to %.3f, narrower than one load a browser's %.3f to %.3f", loT, hiT, loOne, hiOne)
	}
	if lo, hi := bootstrapRatio(same(220, 1, 3), same(200, 8, 3), 2000, 1); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("one browser: %g to %g, want NaN", lo, hi)
	}
}

func TestTrendVerdict(t *testing.T) {
	const heap = 1.4 * (1 << 20)
	for _, tc := range []struct {
		name       string
		low, plain float64
		want       string
	}{
		{"the interval reaches below the plain page's trend", -0.5 * (1 << 20), 0.06 * (1 << 20), pass},
		{"its low end above the plain page's plus 1%", 0.1 * (1 << 20), 0.06 * (1 << 20), fail},
		{"its low end within the 1%", 0.07 * (1 << 20), 0.06 * (1 << 20), pass},
		{"a shrinking plain page counts as flat", 0.01 * (1 << 20), -0.3 * (1 << 20), pass},
		{"above flat plus 1%", 0.02 * (1 << 20), -0.3 * (1 << 20), fail},
		{"no interval", math.NaN(), 0, noData},
		{"no plain page", 0.1, math.NaN(), noData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if v := trendVerdict(tc.low, tc.plain, heap); v != tc.want {
				t.Errorf("verdict %s, want %s", v, tc.want)
			}
		})
	}
}

func TestMemorySteps(t *testing.T) {
	mib := func(charges int, v float64) memory { return memory{Charges: charges, Wasm: v * (1 << 20)} }
	series := func(vs ...float64) []memory {
		var ms []memory
		for i, v := range vs {
			ms = append(ms, mib(25*(i+1), v))
		}
		return ms
	}
	for _, tc := range []struct {
		name    string
		ms      []memory
		steps   int
		verdict string
	}{
		{"flat", series(11.6, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5, 12.5), 0, pass},
		{"one step in the middle", series(11.6, 11.9, 11.9, 11.9, 12.5, 12.5, 12.5, 12.5), 1, pass},
		{"a step before charge 50 and one after", series(11.6, 11.9, 11.9, 12.5, 12.5, 12.5, 12.5, 12.5), 1, pass},
		{"growing at every checkpoint", series(11.6, 11.9, 12.1, 12.3, 12.5, 12.7, 12.9, 13.1), 6, fail},
		{"two steps", series(11.6, 11.9, 12.5, 12.5, 12.5, 13.1, 13.1, 13.1), 2, fail},
		{"a quick run, all before charge 50", []memory{mib(10, 11), mib(20, 12)}, -1, noData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &results{memory: map[string][]memory{"lanepay": tc.ms}}
			n, _ := r.steps("lanepay", func(m memory) float64 { return m.Wasm })
			if n != tc.steps {
				t.Errorf("%d steps, want %d", n, tc.steps)
			}
			if v := stepsVerdict(n, 1); v != tc.verdict {
				t.Errorf("verdict %s, want %s", v, tc.verdict)
			}
		})
	}
}

func TestMemoryTexts(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{stepsText(-1, math.NaN()), "n/a"},
		{stepsText(1, 0.88*(1<<20)), "+0.88 MiB in 1 step"},
		{stepsText(0, 0), "+0.00 MiB in 0 steps"},
		{countText(math.NaN()), "n/a"},
		{countText(-193), "-193"},
	} {
		if tc.got != tc.want {
			t.Errorf("%q, want %q", tc.got, tc.want)
		}
	}
}

func TestLoadRows(t *testing.T) {
	at := func(ms float64) pageReport { return pageReport{Marks: map[string]float64{"interactive": ms}} }
	r := newResults(options{})
	ats := func(ms ...float64) (rs []pageReport) {
		for _, v := range ms {
			rs = append(rs, at(v))
		}
		return rs
	}
	// Three warm loads after each cold one: the figure is the median of
	// all nine (210 ms), not of the first ones (200) nor of each
	// browser's median (200).
	for _, l := range []struct {
		cold     float64
		warm     []float64
		reopened float64
	}{{1500, []float64{200, 190, 400}, 450}, {1400, []float64{180, 170, 400}, 500}, {1600, []float64{220, 210, 400}, 400}} {
		r.loads["lanepay"] = append(r.loads["lanepay"], loadRun{Cold: at(l.cold), Warm: ats(l.warm...), Reopened: at(l.reopened)})
	}
	for range 3 {
		r.loads["hello world"] = append(r.loads["hello world"], loadRun{Cold: at(1250), Warm: ats(160, 160, 160), Reopened: at(300)})
	}
	want := map[string][]string{
		// The hello world's loads are all alike, so each interval runs
		// from lanepay's least browser drawn thrice to its most: colds of
		// 1.40 to 1.60 s, warm medians of 180 to 220 ms (the browsers at
		// 180, 170, 400 and at 220, 210, 400).
		"cold load to interactive, 20 Mbit/s 20 ms RTT (median of 3)":                    {"1.50 s", "1.25 s", "1.20× (95%: 1.12–1.28×)"},
		"warm load to interactive, service worker (median of 9, 3 after each cold load)": {"210 ms", "160 ms", "1.31× (95%: 1.12–1.38×)"},
		"browser reopened: service worker, new process (median of 3)":                    {"450 ms", "300 ms", "1.50× (95%: 1.33–1.67×)"},
	}
	found := 0
	for _, row := range r.rows() {
		for k, w := range want {
			if strings.Contains(row.figure, k) {
				found++
				if got := []string{row.lanepay, row.baseline, row.ratio}; !slices.Equal(got, w) {
					t.Errorf("%s: %q, want %q", row.figure, got, w)
				}
			}
		}
	}
	if found != len(want) {
		t.Errorf("%d of the %d load rows found", found, len(want))
	}

	// The rows against the lean hello world come only with its loads.
	leanRows := func() map[string][]string {
		out := map[string][]string{}
		for _, row := range r.rows() {
			if strings.Contains(row.figure, "against the "+leanHello) {
				out[row.figure] = []string{row.lanepay, row.baseline, row.ratio, row.verdict}
			}
		}
		return out
	}
	r.size, r.helloSize, r.leanSize = sizes{Brotli: 1_440_000}, sizes{Brotli: 1_410_000}, sizes{Brotli: 1_060_000}
	if got := leanRows(); len(got) != 1 {
		t.Errorf("without its loads, rows against the lean hello world: %q, want the size row only", got)
	}
	for range 3 {
		r.loads[leanHello] = append(r.loads[leanHello], loadRun{Cold: at(1200), Warm: ats(150, 150), Reopened: at(280)})
	}
	wantLean := map[string][]string{
		"app.wasm brotli, against the hello world without net/http (lanepay's own weight)": {"1.44 MB", "1.06 MB", "1.36×", reported},
		"cold load, against the hello world without net/http (median of 3)":                {"1.50 s", "1.20 s", "1.25×", reported},
		"warm load, against the hello world without net/http (median of 6)":                {"210 ms", "150 ms", "1.40×", reported},
	}
	if got := leanRows(); !maps.EqualFunc(got, wantLean, slices.Equal) {
		t.Errorf("rows against the lean hello world:\n%q\nwant\n%q", got, wantLean)
	}

	// The low-end tablet's rows come only with its loads, and judge
	// nothing: the goals are the tablet's.
	lowEnd := func() (rows []row) {
		for _, row := range r.rows() {
			if strings.HasPrefix(row.figure, "low-end tablet (CPU 4× slower): ") {
				rows = append(rows, row)
			}
		}
		return rows
	}
	if got := lowEnd(); len(got) != 0 {
		t.Errorf("rows of the low-end tablet without its loads: %q", got)
	}
	for range 3 {
		r.loads[lowEndTablet.on("lanepay")] = append(r.loads[lowEndTablet.on("lanepay")], loadRun{Cold: at(3000), Warm: ats(1800), Reopened: at(2000)})
		r.loads[lowEndTablet.on("hello world")] = append(r.loads[lowEndTablet.on("hello world")], loadRun{Cold: at(5000), Warm: ats(1600), Reopened: at(2500)})
	}
	wantLow := [][]string{
		{"low-end tablet (CPU 4× slower): cold load to interactive, 20 Mbit/s 20 ms RTT (median of 3)", "3.00 s", "5.00 s", "0.60×", reported},
		{"low-end tablet (CPU 4× slower): warm load to interactive, service worker (median of 3)", "1.80 s", "1.60 s", "1.12×", reported},
		{"low-end tablet (CPU 4× slower): warm load to interactive, browser reopened: service worker, new process (median of 3)", "2.00 s", "2.50 s", "0.80×", reported},
	}
	got := lowEnd()
	if len(got) != len(wantLow) {
		t.Fatalf("%d rows of the low-end tablet, want %d", len(got), len(wantLow))
	}
	for i, row := range got {
		// All browsers alike: the interval is the ratio itself.
		if cells := []string{row.figure, row.lanepay, row.baseline, strings.Fields(row.ratio)[0], row.verdict}; !slices.Equal(cells, wantLow[i]) {
			t.Errorf("row %q, want %q", cells, wantLow[i])
		}
	}
}

func TestPrintPatches(t *testing.T) {
	at := func(ms float64) pageReport { return pageReport{Marks: map[string]float64{"interactive": ms}} }
	r := newResults(options{})
	r.size, r.withoutSize["nohttp"] = sizes{Brotli: 1_400_000}, sizes{Brotli: 1_720_000}
	// Eight browsers each, spread by ±4 %: the frame patch within it,
	// nohttp faster cold, slower warm on the tablet; only frame loaded
	// on the low-end tablet.
	for i := range 8 {
		f := 0.96 + 0.08*float64(i)/7
		load := func(cold, warm, reopened float64) loadRun {
			return loadRun{Cold: at(cold * f), Warm: []pageReport{at(warm * f)}, Reopened: at(reopened * f)}
		}
		r.loads["lanepay"] = append(r.loads["lanepay"], load(1500, 200, 500))
		r.loads[without("frame")] = append(r.loads[without("frame")], load(1500, 201, 499))
		r.loads[without("nohttp")] = append(r.loads[without("nohttp")], load(1800, 150, 500))
		r.loads[lowEndTablet.on("lanepay")] = append(r.loads[lowEndTablet.on("lanepay")], load(3000, 1800, 2000))
		r.loads[lowEndTablet.on(without("frame"))] = append(r.loads[lowEndTablet.on(without("frame"))], load(3000, 1800, 2000))
	}
	var b strings.Builder
	r.printPatches(&b)
	out := b.String()
	for _, want := range []string{
		"| frame | tablet |  | 1.50 s / 1.50 s = 1.00×",
		"within the spread: cold, warm, reopened |",
		"| frame | low-end tablet |",
		"| nohttp | tablet | 1.40 MB / 1.72 MB (-320.0 kB) | 1.50 s / 1.80 s = 0.83×",
		"faster: cold; slower: warm; within the spread: reopened |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the table does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "| nohttp | low-end tablet") || strings.Contains(out, "| storage |") {
		t.Errorf("rows for variants not loaded:\n%s", out)
	}
}

func TestSeries(t *testing.T) {
	r := newResults(options{})
	r.memory["lanepay"] = []memory{{Charges: 25, Wasm: 11.62 * (1 << 20), GoRefs: 900}, {Charges: 50, Wasm: 12.5 * (1 << 20), GoRefs: 2000}}
	if got, want := r.series("lanepay", "%.2f", mib(func(m memory) float64 { return m.Wasm })), "11.62 → 12.50"; got != want {
		t.Errorf("MiB series %q, want %q", got, want)
	}
	if got, want := r.series("lanepay", "%.0f", func(m memory) float64 { return m.GoRefs }), "900 → 2000"; got != want {
		t.Errorf("count series %q, want %q", got, want)
	}
}
