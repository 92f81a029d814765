package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	browserdomain "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/lanepay/lanepay/app/pagedrive"
)

//go:embed page.js
var pageJS string

// browser is one headless Chromium with its own profile and one tab.
type browser struct {
	ctx    context.Context
	stop   func() // ends Chromium, keeping the profile
	dir    string
	parent context.Context
	exe    string
}

// device is what a load is emulated on: tablet Wi-Fi, and a CPU as fast
// as the machine's or slowed down.
type device struct {
	name             string // "" for the tablet, today's profile
	DownMbps, UpMbps float64
	RTTms            float64
	// CPURate is DevTools' CPU throttling (Emulation.setCPUThrottlingRate):
	// the page's main thread runs this many times slower; 1 is none.
	CPURate float64
}

var (
	tablet       = device{DownMbps: 20, UpMbps: 20, RTTms: 20, CPURate: 1}
	lowEndTablet = device{name: "low-end tablet", DownMbps: 20, UpMbps: 20, RTTms: 20, CPURate: 4}
	devices      = []device{tablet, lowEndTablet}
)

// on names a site's loads on d: the site's name on the tablet.
func (d device) on(site string) string {
	if d.name == "" {
		return site
	}
	return site + " on the " + d.name
}

// newBrowser starts Chromium with a fresh profile. Every host name
// resolves to nothing: the pages use loopback addresses only, and nothing
// may reach further.
func newBrowser(parent context.Context, exe string) (*browser, error) {
	dir, err := os.MkdirTemp("", "lanepay-bench-profile-")
	if err != nil {
		return nil, err
	}
	b := &browser{dir: dir, parent: parent, exe: exe}
	if err := b.start(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return b, nil
}

// start runs Chromium on the browser's profile, with one tab.
func (b *browser) start() error {
	opts := pagedrive.BrowserOptions(b.exe, b.dir,
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"),
		chromedp.WindowSize(1280, 800),
	)
	// stop closes Chromium, which writes its profile out.
	var err error
	b.ctx, b.stop, err = pagedrive.StartBrowser(b.parent, opts...)
	return err
}

// reopen ends Chromium and starts it again on the same profile, as a
// cashier's tablet reopens the app: its service worker and caches are
// there, its processes and whatever they had compiled are not.
func (b *browser) reopen() error {
	b.stop()
	return b.start()
}

func (b *browser) Close() {
	b.stop()
	os.RemoveAll(b.dir)
}

// with runs f with a timeout on the browser's context.
func (b *browser) with(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, d)
}

// instrument injects page.js into every document of the tab from now on;
// seed are local storage items written before the app starts.
func (b *browser) instrument(mode string, seed []storageItem) error {
	cfg, err := json.Marshal(struct {
		Mode string        `json:"mode"`
		Seed []storageItem `json:"seed,omitempty"`
	}{mode, seed})
	if err != nil {
		return err
	}
	src := "const benchConfig = " + string(cfg) + ";\n" + pageJS
	ctx, cancel := b.with(10 * time.Second)
	defer cancel()
	_, err = chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
	return err
}

type storageItem struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// emulate throttles the tab's network and CPU to d's. The service worker
// runs apart, its CPU not slowed.
func (b *browser) emulate(d device) error {
	ctx, cancel := b.with(10 * time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return err
	}
	conds := []*network.Conditions{{
		URLPattern:         "", // every request of the tab
		Latency:            d.RTTms,
		DownloadThroughput: d.DownMbps * 1e6 / 8,
		UploadThroughput:   d.UpMbps * 1e6 / 8,
		ConnectionType:     network.ConnectionTypeWifi,
	}}
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: conds}); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: d.CPURate})
	return err
}

// navigate starts a navigation without waiting for the page to load: the
// page's own stamps say when things happened.
func (b *browser) navigate(url string) error {
	ctx, cancel := b.with(30 * time.Second)
	defer cancel()
	res, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: url})
	if err != nil {
		return err
	}
	if res.ErrorText != "" {
		return errors.New(res.ErrorText)
	}
	return nil
}

// eval evaluates a JavaScript expression, awaiting a promise.
func eval[T any](b *browser, timeout time.Duration, expr string) (T, error) {
	ctx, cancel := b.with(timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// until waits until cond, a JavaScript expression over what page.js
// records, is true. page.js settles the wait when it records the change,
// so the page runs nothing for the bench meanwhile (a poll would run a
// timer or a DevTools evaluation in it every few milliseconds, inside the
// very intervals measured). Before page.js is in the document, and when a
// navigation replaces it, the question is asked again.
func (b *browser) until(cond string, timeout time.Duration) error {
	return b.waitFor(`window.__bench ? window.__bench.until(() => (`+cond+`)) : false`, 10*time.Millisecond, timeout)
}

// waitFor evaluates the expression, awaiting it if it is a promise, every
// interval until it is true.
func (b *browser) waitFor(expr string, interval, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		ok, err := eval[bool](b, 10*time.Second, expr)
		if err == nil && ok {
			return nil
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = errors.New("still false")
			}
			return fmt.Errorf("waiting for %s: %w", expr, err)
		}
		select {
		case <-b.ctx.Done():
			return b.ctx.Err()
		case <-time.After(interval):
		}
	}
}

// version is the browser's product version, as DevTools reports it.
func (b *browser) version() string {
	ctx, cancel := b.with(5 * time.Second)
	defer cancel()
	v, err := chromedp.CallBrowser(ctx, browserdomain.GetVersion, cdp.Empty{})
	if err != nil {
		return ""
	}
	_, ver, _ := strings.Cut(v.Product, "/")
	return ver
}

// call runs one protocol command on the tab.
func call[P, R any](b *browser, cmd cdp.Command[P, R], params P) (R, error) {
	ctx, cancel := b.with(30 * time.Second)
	defer cancel()
	return chromedp.Call(ctx, cmd, params)
}

// describe says what the page shows, for an error message.
func (b *browser) describe() string {
	s, err := eval[string](b, 5*time.Second, `JSON.stringify({url: location.href,
		marks: window.__bench ? window.__bench.marks : null,
		storage: Object.fromEntries(Object.keys(localStorage).map(k => [k, localStorage.getItem(k).slice(0, 300)])),
		status: (document.getElementById("status") || {}).textContent,
		inputs: Array.from(document.querySelectorAll("input")).map(i => i.id + "=" + i.value),
		text: document.body ? document.body.innerText.slice(0, 600) : ""})`)
	if err != nil {
		return "(unreadable: " + err.Error() + ")"
	}
	return s
}
