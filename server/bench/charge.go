package main

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/heapprofiler"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
)

// charge is one sale's timings, all in milliseconds.
type charge struct {
	TapToRequest     float64 // tap on Charge → the request at the terminal
	OutcomeToVerdict float64 // the outcome leaving the terminal → the verdict in the DOM
	TapToVerdict     float64 // end to end, on the page's clock
	Terminal         float64 // request in → outcome out, at the terminal's doorstep

	// Inside the page, on its clock.
	TapToProgress  float64 // the click to the in-progress panel in the DOM (NaN: none)
	TapToJournal   float64 // the click to the first IndexedDB transaction (NaN: none)
	TapToSend      float64 // the click to WebSocket.send
	ReceiveToShown float64 // the message event to the verdict in the DOM
	Transit        float64 // one way, page ↔ terminal: loopback and the browser's own hops
	JournalBefore  float64 // time with an IndexedDB transaction open between the tap and the send
	JournalAfter   float64 // and between the receipt and the verdict
	TxBefore       int     // how many
	TxAfter        int

	trace chargeTrace // the page's record, for the timeline of one charge
}

// memory is a page's memory after a number of charges.
type memory struct {
	Charges int
	JSHeap  float64 // used JS heap after a full garbage collection, bytes
	Wasm    float64 // the Go instance's linear memory, bytes (0 without)
	GoRefs  float64 // JavaScript values Go holds references to (wasm_exec.js)
}

// till drives one page that charges: lanepay, or the plain-JS floor.
type till struct {
	name  string
	b     *browser
	proxy *recordingProxy
}

// openTill opens the site in a fresh browser without network emulation
// (the charge path is all loopback) and waits for it to be usable and, for
// a PWA, for its service worker to be done caching, so that the install
// does not run beside the charges.
func openTill(ctx context.Context, exe string, s site, proxy *recordingProxy) (*till, error) {
	b, err := newBrowser(ctx, exe)
	if err != nil {
		return nil, err
	}
	t := &till{name: s.name, b: b, proxy: proxy}
	err = func() error {
		if err := b.instrument(s.mode, s.seed); err != nil {
			return err
		}
		if err := b.navigate(s.url); err != nil {
			return err
		}
		if err := b.until(interactiveJS, 60*time.Second); err != nil {
			return err
		}
		if s.mode == "lanepay" {
			return b.waitFor(swCachedJS, 100*time.Millisecond, 60*time.Second)
		}
		return nil
	}()
	if err != nil {
		err = fmt.Errorf("opening %s: %w; the page: %s", s.name, err, b.describe())
		b.Close()
		return nil, err
	}
	return t, nil
}

func (t *till) Close() { t.b.Close() }

// wireFrame is a frame as the page sent or received it.
type wireFrame struct {
	T    float64 `json:"t"`
	Out  bool    `json:"out"`
	Data string  `json:"data"`
}

// idbTx is one IndexedDB transaction of the page.
type idbTx struct {
	Start  float64  `json:"start"`
	End    *float64 `json:"end"`
	Mode   string   `json:"mode"`
	Stores string   `json:"stores"`
}

// lockRequest is one Web Lock the page asked for.
type lockRequest struct {
	Name      string   `json:"name"`
	Requested float64  `json:"requested"`
	Granted   *float64 `json:"granted"`
}

// chargeTrace is what the page recorded of one charge.
type chargeTrace struct {
	Press      *float64      `json:"press"`
	Tap        float64       `json:"tap"`
	InProgress *float64      `json:"inProgress"`
	NextTask   *float64      `json:"nextTask"`
	NextFrame  *float64      `json:"nextFrame"`
	Approved   float64       `json:"approved"`
	Verdict    string        `json:"verdict"`
	Ref        string        `json:"ref"`
	Wire       []wireFrame   `json:"wire"`
	IDB        []idbTx       `json:"idb"`
	Locks      []lockRequest `json:"locks"`
	// Marks are the page's own performance marks named "lp:" after the
	// press, for finding where a charge's time goes while developing.
	Marks []struct {
		Name string  `json:"name"`
		T    float64 `json:"startTime"`
	} `json:"marks"`
}

// charge taps Charge for amount as a cashier would (a real mouse click
// through DevTools' input pipeline) and times it.
func (t *till) charge(amount string) (charge, error) {
	ctx, cancel := t.b.with(30 * time.Second)
	defer cancel()
	// From a result, New sale brings the form back. The bench waits
	// through page.js (browser.until), which leaves nothing in the page.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`(() => { const b = document.getElementById("new-sale"); if (b) b.click(); })()`)); err != nil {
		return charge{}, err
	}
	if err := t.b.until(`(() => { const c = document.getElementById("charge"); return !!c && !c.disabled; })()`, 20*time.Second); err != nil {
		return charge{}, err
	}
	filled, err := chromedp.Run(ctx, chromedp.Evaluate[bool](pagedrive.FillScript("amount", amount)))
	if err != nil {
		return charge{}, err
	}
	if !filled {
		return charge{}, fmt.Errorf("%s: no amount field beside Charge", t.name)
	}
	settle()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.__bench.arm()`)); err != nil {
		return charge{}, err
	}
	if err := tap(ctx, "charge"); err != nil {
		return charge{}, err
	}
	if err := t.b.until(`window.__bench.approved !== null`, 20*time.Second); err != nil {
		return charge{}, err
	}
	tr, err := chromedp.Run(ctx, chromedp.Evaluate[chargeTrace](`({tap: __bench.tap, approved: __bench.approved, verdict: __bench.verdict,
		ref: (document.getElementById("result-ref") || {textContent: ""}).textContent.trim(), wire: __bench.wire, idb: __bench.idb,
		inProgress: __bench.inProgress, locks: __bench.locks, nextTask: __bench.nextTask, nextFrame: __bench.nextFrame, press: __bench.press,
		marks: performance.getEntriesByType("mark").filter(m => m.name.startsWith("lp:") && m.startTime >= (__bench.press || __bench.tap)).map(m => ({name: m.name, startTime: m.startTime}))})`))
	if err != nil {
		return charge{}, err
	}
	if tr.Verdict != "Approved" {
		return charge{}, fmt.Errorf("%s: verdict %q, want Approved", t.name, tr.Verdict)
	}
	// The proxy records a frame once written on, and the page may show it
	// before the proxy's goroutine has noted it.
	var req, out frame
	for deadline := time.Now().Add(2 * time.Second); ; {
		if req, out, err = exchange(t.proxy.Frames(), tr.Ref); err == nil {
			break
		}
		if time.Now().After(deadline) {
			return charge{}, fmt.Errorf("%s: reference %q: %w; %s", t.name, tr.Ref, err, describeFrames(tr, t.proxy.Frames()))
		}
		time.Sleep(time.Millisecond)
	}
	c, err := timeCharge(tr, req, out)
	c.trace = tr
	return c, err
}

// tap presses the middle of the element with the id, holds it tapHold
// and releases it, as a finger would (pagedrive.Mouse).
func tap(ctx context.Context, id string) error {
	x, y, err := pagedrive.Centre(ctx, id)
	if err != nil {
		return err
	}
	if err := pagedrive.Mouse(ctx, input.DispatchMouseEventTypeMousePressed, x, y); err != nil {
		return fmt.Errorf("tapping #%s: %w", id, err)
	}
	time.Sleep(tapHold)
	if err := pagedrive.Mouse(ctx, input.DispatchMouseEventTypeMouseReleased, x, y); err != nil {
		return fmt.Errorf("tapping #%s: %w", id, err)
	}
	return nil
}

// tapHold is how long a tap holds the button down, as a finger does:
// taps on touch screens last about 100 ms, and a page may start work on
// the press (lanepay journals the charge then). Every page gets the same
// taps, and every figure is timed from the click, on the release.
const tapHold = 80 * time.Millisecond

// settle leaves the page alone for a moment before a tap, as a cashier's
// hand does between the last key and Charge: the page finishes what the
// typing started, so the tap's timings are the tap's own.
func settle() { time.Sleep(100 * time.Millisecond) }

// tapRender taps the hello world's button and times the click to the
// re-rendered greeting: go-app's own floor for an event and a render.
func (t *till) tapRender() (float64, error) {
	ctx, cancel := t.b.with(30 * time.Second)
	defer cancel()
	settle()
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](`window.__bench.arm()`)); err != nil {
		return 0, err
	}
	if err := tap(ctx, "greet"); err != nil {
		return 0, err
	}
	if err := t.b.until(`window.__bench.approved !== null`, 20*time.Second); err != nil {
		return 0, err
	}
	return chromedp.Run(ctx, chromedp.Evaluate[float64](`__bench.approved - __bench.tap`))
}

// timeCharge puts the page's record of a charge and the proxy's together.
// The two clocks are never compared directly: the page's round trip (send
// → message) less the terminal's own time (request in → outcome out) is
// the transit both ways, loopback plus the browser's hops, taken as half
// each way.
func timeCharge(tr chargeTrace, req, out frame) (charge, error) {
	send, recv := -1.0, -1.0
	for _, w := range tr.Wire {
		m := frame{Data: []byte(w.Data)}.fields()
		if m == nil || m["REF_NO"] != tr.Ref {
			continue
		}
		switch {
		case w.Out && send < 0:
			send = w.T
		case !w.Out && recv < 0 && m["RESP_CODE"] != "":
			recv = w.T
		}
	}
	if send < 0 || recv < 0 {
		return charge{}, fmt.Errorf("reference %q: the page's WebSocket did not carry its request and outcome", tr.Ref)
	}
	c := charge{
		TapToVerdict:   tr.Approved - tr.Tap,
		Terminal:       out.Sent - req.Received,
		TapToSend:      send - tr.Tap,
		ReceiveToShown: tr.Approved - recv,
	}
	c.TapToProgress, c.TapToJournal = math.NaN(), math.NaN()
	if tr.InProgress != nil {
		c.TapToProgress = *tr.InProgress - tr.Tap
	}
	for _, x := range tr.IDB {
		if x.Start >= tr.Tap && (math.IsNaN(c.TapToJournal) || x.Start-tr.Tap < c.TapToJournal) {
			c.TapToJournal = x.Start - tr.Tap
		}
	}
	c.Transit = max(0, (recv-send)-c.Terminal) / 2
	c.TapToRequest = c.TapToSend + c.Transit
	c.OutcomeToVerdict = c.Transit + c.ReceiveToShown
	// A transaction counts for the part of it inside each window: the
	// send's entry, written while the terminal works, often straddles
	// the outcome.
	var before, after [][2]float64
	for _, x := range tr.IDB {
		if x.End == nil {
			continue
		}
		if from, to := max(x.Start, tr.Tap), min(*x.End, send); to > from {
			before = append(before, [2]float64{from, to})
		}
		if from, to := max(x.Start, recv), min(*x.End, tr.Approved); to > from {
			after = append(after, [2]float64{from, to})
		}
	}
	c.JournalBefore, c.TxBefore = covered(before), len(before)
	c.JournalAfter, c.TxAfter = covered(after), len(after)
	return c, nil
}

// memory collects garbage and reads the JS heap and the wasm memory.
func (t *till) memory(charges int) (memory, error) {
	m := memory{Charges: charges}
	if _, err := call(t.b, heapprofiler.CollectGarbage, cdp.Empty{}); err != nil {
		return m, err
	}
	u, err := call(t.b, runtime.GetHeapUsage, cdp.Empty{})
	if err != nil {
		return m, err
	}
	m.JSHeap = u.UsedSize
	type mem struct {
		Wasm   float64 `json:"wasm"`
		GoRefs float64 `json:"goRefs"`
	}
	v, err := eval[mem](t.b, 5*time.Second, `(() => { const r = window.__bench.report(); return {wasm: r.wasmMemory, goRefs: r.goRefs}; })()`)
	if err != nil {
		return m, err
	}
	m.Wasm, m.GoRefs = v.Wasm, v.GoRefs
	return m, nil
}

// covered is how long at least one of the intervals was open: transactions
// may overlap, and their sum would count the overlap twice.
func covered(iv [][2]float64) float64 {
	slices.SortFunc(iv, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) })
	total, end := 0.0, math.Inf(-1)
	for _, x := range iv {
		if x[0] > end {
			total += x[1] - x[0]
			end = x[1]
		} else if x[1] > end {
			total += x[1] - end
			end = x[1]
		}
	}
	return total
}

// describeFrames lists what the page and the proxy saw, for an error.
func describeFrames(tr chargeTrace, frames []frame) string {
	var b strings.Builder
	short := func(s string) string {
		if len(s) > 160 {
			return s[:160] + "…"
		}
		return s
	}
	fmt.Fprintf(&b, "the page's WebSocket (tap %.1f, verdict %.1f):", tr.Tap, tr.Approved)
	for _, w := range tr.Wire {
		dir := "in "
		if w.Out {
			dir = "out"
		}
		fmt.Fprintf(&b, "\n  %.1f %s %s", w.T, dir, short(w.Data))
	}
	fmt.Fprintf(&b, "\nthe proxy's last frames (of %d):", len(frames))
	for _, f := range frames[max(0, len(frames)-8):] {
		dir := "← "
		if f.ToTerminal {
			dir = "→ "
		}
		fmt.Fprintf(&b, "\n  conn %d %s %s", f.Conn, dir, short(string(f.Data)))
	}
	return b.String()
}

// timeline lists one charge's steps in time order, in milliseconds from
// the tap.
func (c charge) timeline() []string {
	tr := c.trace
	type step struct {
		at   float64
		what string
	}
	var steps []step
	add := func(at float64, what string) { steps = append(steps, step{at - tr.Tap, what}) }
	add(tr.Tap, "tap on Charge (the click, on the release)")
	from := tr.Tap
	if tr.Press != nil {
		add(*tr.Press, "press on Charge (pointerdown)")
		from = *tr.Press
	}
	if tr.InProgress != nil {
		add(*tr.InProgress, `"in progress" in the DOM`)
	}
	if tr.NextTask != nil {
		add(*tr.NextTask, "the page's next task after the tap's runs")
	}
	if tr.NextFrame != nil {
		add(*tr.NextFrame, "the next frame after the tap begins")
	}
	for _, m := range tr.Marks {
		add(m.T, "mark "+m.Name)
	}
	for _, l := range tr.Locks {
		add(l.Requested, "Web Lock "+l.Name+" requested")
		if l.Granted != nil {
			add(*l.Granted, "Web Lock "+l.Name+" granted")
		}
	}
	for _, x := range tr.IDB {
		if x.Start < from {
			continue
		}
		end := "(not finished)"
		if x.End != nil {
			end = fmt.Sprintf("to %.1f ms", *x.End-tr.Tap)
		}
		add(x.Start, fmt.Sprintf("IndexedDB %s transaction on %s, %s", x.Mode, x.Stores, end))
	}
	for _, w := range tr.Wire {
		m := frame{Data: []byte(w.Data)}.fields()
		if m == nil || m["REF_NO"] != tr.Ref {
			continue
		}
		if w.Out {
			add(w.T, "request sent (WebSocket.send)")
		} else {
			add(w.T, "outcome received (message event)")
		}
	}
	add(tr.Approved, "verdict in the DOM")
	slices.SortStableFunc(steps, func(a, b step) int { return cmp.Compare(a.at, b.at) })
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = fmt.Sprintf("%7.1f ms  %s", s.at, s.what)
	}
	return out
}
