package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/profiler"
	"github.com/chromedp/chromedp"
)

// startupProfile is where the main thread's time went during a warm load,
// from the navigation to the button being usable, by the DevTools CPU
// profiler: self time by package (JavaScript by file, and V8's own
// entries), and the inclusive time of the app's own functions.
type startupProfile struct {
	TotalMs   float64            // sampled, idle excluded
	SelfMs    map[string]float64 // by package or group
	Inclusive map[string]float64 // by function
}

// namedBundle copies a bundle with its wasm replaced by one that keeps its
// function names (the same code: see codeLayout), without the compressed
// copies of the wasm.
func namedBundle(src, wasm, dst string) error {
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		return err
	}
	for _, ext := range []string{".br", ".gz"} {
		os.Remove(filepath.Join(dst, "web", "app.wasm"+ext))
	}
	data, err := os.ReadFile(wasm)
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dst, "web", "app.wasm"), data, 0o644)
}

// profileFile names where a raw profile is saved: none without a directory.
func profileFile(dir, mode string, i int) string {
	if dir == "" {
		return ""
	}
	return filepath.Join(dir, fmt.Sprintf("warm-%s-%d.cpuprofile", mode, i+1))
}

// profileWarmLoad loads s once to install it, then again under the
// profiler, without network emulation; the raw profile goes to save if
// it names a file.
func profileWarmLoad(ctx context.Context, exe string, s site, namer *packageNamer, save string) (*startupProfile, error) {
	b, err := newBrowser(ctx, exe)
	if err != nil {
		return nil, err
	}
	defer b.Close()
	if err := b.instrument(s.mode, s.seed); err != nil {
		return nil, err
	}
	if err := b.navigate(s.url); err != nil {
		return nil, err
	}
	if err := b.until(interactiveJS, loadTimeout); err != nil {
		return nil, fmt.Errorf("profiling %s: %w; the page: %s", s.name, err, b.describe())
	}
	if err := b.waitFor(swCachedJS, 50*time.Millisecond, loadTimeout); err != nil {
		return nil, err
	}
	if _, err := call(b, profiler.Enable, cdp.Empty{}); err != nil {
		return nil, err
	}
	if _, err := call(b, profiler.SetSamplingInterval, profiler.SetSamplingIntervalParams{Interval: 200}); err != nil {
		return nil, err
	}
	if _, err := call(b, page.SetLifecycleEventsEnabled, page.SetLifecycleEventsEnabledParams{Enabled: true}); err != nil {
		return nil, err
	}
	lctx, stopEvents := context.WithCancel(b.ctx)
	defer stopEvents()
	events := chromedp.Events(lctx, page.LifecycleEvent)
	if _, err := call(b, profiler.Start, cdp.Empty{}); err != nil {
		return nil, err
	}
	if err := b.navigate(s.url); err != nil {
		return nil, err
	}
	// The new document's "init": samples before it are the old page's.
	var from float64
	for ev, err := range events {
		if err != nil {
			return nil, err
		}
		if ev.Name == "init" {
			from = float64(ev.Timestamp) * 1e6
			break
		}
	}
	if err := b.until(interactiveJS, loadTimeout); err != nil {
		return nil, fmt.Errorf("profiling %s: %w; the page: %s", s.name, err, b.describe())
	}
	res, err := call(b, profiler.Stop, cdp.Empty{})
	if err != nil {
		return nil, err
	}
	if save != "" {
		data, err := json.Marshal(res.Profile)
		if err == nil {
			err = os.MkdirAll(filepath.Dir(save), 0o755)
		}
		if err == nil {
			err = os.WriteFile(save, data, 0o644)
		}
		if err != nil {
			return nil, fmt.Errorf("failed to save the profile: %w", err)
		}
	}
	return summarise(res.Profile, namer, from), nil
}

// summarise sums a CPU profile's samples from a time on (µs, the
// profile's clock) by group and by function.
func summarise(p *profiler.Profile, namer *packageNamer, from float64) *startupProfile {
	out := &startupProfile{SelfMs: map[string]float64{}, Inclusive: map[string]float64{}}
	if p == nil {
		return out
	}
	nodes := map[int64]*profiler.ProfileNode{}
	parent := map[int64]int64{}
	for _, n := range p.Nodes {
		nodes[n.ID] = n
		for _, c := range n.Children {
			parent[c] = n.ID
		}
	}
	// A sample's time is the gap to the next one.
	at := p.StartTime
	for i, id := range p.Samples {
		at += float64(p.TimeDeltas[i])
		if i+1 >= len(p.TimeDeltas) {
			break
		}
		if at < from {
			continue
		}
		ms := float64(p.TimeDeltas[i+1]) / 1000
		n := nodes[id]
		if n == nil || n.CallFrame == nil || n.CallFrame.FunctionName == "(idle)" {
			continue
		}
		out.TotalMs += ms
		out.SelfMs[frameGroup(n, namer)] += ms
		seen := map[string]bool{}
		for cur, ok := id, true; ok; cur, ok = parent[cur] {
			f := nodes[cur]
			if f == nil || f.CallFrame == nil || !isWasm(f.CallFrame.URL) {
				continue
			}
			name := strings.TrimPrefix(f.CallFrame.FunctionName, "$")
			if !seen[name] {
				seen[name] = true
				out.Inclusive[name] += ms
			}
		}
	}
	return out
}

// isWasm tells a wasm function's frame by its script: older Chromiums name
// it wasm://wasm/…, newer ones by the module's URL.
func isWasm(url string) bool {
	return strings.HasPrefix(url, "wasm://") || strings.HasSuffix(url, ".wasm")
}

// frameGroup is what a profile node's self time is charged to: a Go
// package for wasm, a file for JavaScript, V8's own name otherwise
// ("(program)", "(garbage collector)").
func frameGroup(n *profiler.ProfileNode, namer *packageNamer) string {
	f := n.CallFrame
	switch {
	case isWasm(f.URL):
		return namer.pkg(strings.TrimPrefix(f.FunctionName, "$"))
	case f.URL != "":
		return "JS " + filepath.Base(f.URL)
	case f.FunctionName == "":
		return "(anonymous)"
	case strings.HasPrefix(f.FunctionName, "("), strings.HasPrefix(f.FunctionName, "<"):
		return f.FunctionName
	}
	// A browser built-in that JavaScript or syscall/js called.
	return "built-in " + f.FunctionName + "()"
}

// top lists a map's keys by value, largest first, at most n of those that
// keep.
func top(m map[string]float64, n int, keep func(string) bool) []string {
	var keys []string
	for k := range m {
		if keep == nil || keep(k) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int {
		switch {
		case m[a] > m[b]:
			return -1
		case m[a] < m[b]:
			return 1
		}
		return strings.Compare(a, b)
	})
	if len(keys) > n {
		keys = keys[:n]
	}
	return keys
}
