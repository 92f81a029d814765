//go:build linux

package lan

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// The roles' namespaces, each joined to the bridge's by one veth pair: the
// end in the bridge's namespace is named after the role, the role's own
// end is eth0. Their addresses' last byte follows.
const (
	tablet   = "tab"
	server   = "srv"
	terminal = "term"
)

var hostByte = map[string]int{tablet: 10, server: 20, terminal: 30}

// lan is one test's LAN: the bridge's namespace and the roles'.
type lan struct {
	t      *testing.T
	name   string // prefix of its namespaces' names
	subnet string // "10.99.N."
	dir    string // logs, profiles, the browser's wrapper
}

// seq tells apart the LANs one test process builds, one after another:
// a namespace left by a failed cleanup must not be taken for the next's.
var seq atomic.Int32

// nsPattern matches the namespaces these tests name: lan<pid><letter>-<role>.
var nsPattern = regexp.MustCompile(`^lan([0-9]+)[a-z]-(br|tab|srv|term|probe)$`)

// newLAN builds a LAN, and removes it when the test ends, failed or not.
func newLAN(t *testing.T) *lan {
	t.Helper()
	requireLAN(t)
	n := seq.Add(1) - 1
	l := &lan{
		t:      t,
		name:   fmt.Sprintf("lan%d%c", os.Getpid(), 'a'+n%26),
		subnet: fmt.Sprintf("10.99.%d.", os.Getpid()%200+20),
		dir:    t.TempDir(),
	}
	// Registered before the first namespace exists, so that one made before
	// a failure is removed too (ip netns del of a missing one only fails).
	t.Cleanup(l.remove)
	br := l.ns("br")
	run := func(args ...string) {
		t.Helper()
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	for _, ns := range []string{br, l.ns(tablet), l.ns(server), l.ns(terminal)} {
		run("netns", "add", ns)
		// Chromium and the standalone simulator's own page listen on
		// loopback: each role has one, as each machine does.
		run("-n", ns, "link", "set", "lo", "up")
	}
	// The switch: a bridge with STP off forwards as soon as a port is up.
	run("-n", br, "link", "add", "br0", "type", "bridge")
	run("-n", br, "link", "set", "br0", "up")
	for _, role := range []string{tablet, server, terminal} {
		run("-n", br, "link", "add", role, "type", "veth", "peer", "name", "eth0", "netns", l.ns(role))
		run("-n", br, "link", "set", role, "master", "br0", "up")
		run("-n", l.ns(role), "addr", "add", l.addr(role)+"/24", "dev", "eth0")
		run("-n", l.ns(role), "link", "set", "eth0", "up")
	}
	t.Logf("LAN %s: bridge namespace %s; tablet %s in %s, server %s in %s, terminal %s in %s",
		l.name, br, l.addr(tablet), l.ns(tablet), l.addr(server), l.ns(server), l.addr(terminal), l.ns(terminal))
	return l
}

// ns is the namespace of a role (or "br", the bridge's).
func (l *lan) ns(role string) string { return l.name + "-" + role }

// addr is a role's address.
func (l *lan) addr(role string) string { return l.subnet + strconv.Itoa(hostByte[role]) }

// remove deletes the LAN's namespaces, and with them its veths and bridge.
// The processes in them were stopped first: their cleanups, registered
// later, ran before this one.
func (l *lan) remove() {
	for _, role := range []string{tablet, server, terminal, "br"} {
		ns := l.ns(role)
		if _, err := os.Stat("/run/netns/" + ns); err != nil {
			continue
		}
		if out, err := exec.Command("ip", "netns", "del", ns).CombinedOutput(); err != nil {
			l.t.Errorf("ip netns del %s: %v\n%s", ns, err, out)
		}
	}
}

// link plugs a role's cable in or pulls it out, on the bridge's side: the
// role's own end sees its carrier go and sends nothing, not even a FIN.
func (l *lan) link(role string, up bool) {
	l.t.Helper()
	state := "down"
	if up {
		state = "up"
	}
	if out, err := exec.Command("ip", "-n", l.ns("br"), "link", "set", role, state).CombinedOutput(); err != nil {
		l.t.Fatalf("setting %s's link %s: %v\n%s", role, state, err, out)
	}
}

// lanState is whether this machine can run the LAN tests, found once.
var lanState struct {
	once sync.Once
	err  error
}

// requireLAN skips (or, with LANEPAY_REQUIRE_LAN, fails) where the tests
// cannot run.
func requireLAN(t *testing.T) {
	t.Helper()
	if os.Getenv("LANEPAY_LAN") == "" {
		t.Skip("LAN tests run with `make lan-test` (or LANEPAY_LAN=1 go test ./server/lan/)")
	}
	lanState.once.Do(func() { lanState.err = checkLAN() })
	if err := lanState.err; err != nil {
		if os.Getenv("LANEPAY_REQUIRE_LAN") != "" {
			t.Fatalf("LAN tests need root and network namespaces (ip netns): %v", err)
		}
		t.Skip("LAN tests need root and network namespaces (ip netns): skipped")
	}
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Fatal("chromium is not installed: `make lan-test` installs it")
	}
	if _, err := os.Stat(lanepayBin(t)); err != nil {
		t.Fatalf("no server binary: %v (`make lan-test` builds it)", err)
	}
}

// checkLAN makes and removes a namespace, the one thing the tests need of
// the machine besides root, and removes what an earlier run of these tests
// left behind when its process died (a test's timeout panics past every
// cleanup).
func checkLAN() error {
	if os.Geteuid() != 0 {
		return errors.New("not root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return err
	}
	probe := fmt.Sprintf("lan%dz-probe", os.Getpid())
	if out, err := exec.Command("ip", "netns", "add", probe).CombinedOutput(); err != nil {
		return fmt.Errorf("ip netns add: %v: %s", err, bytes.TrimSpace(out))
	}
	if out, err := exec.Command("ip", "netns", "del", probe).CombinedOutput(); err != nil {
		return fmt.Errorf("ip netns del: %v: %s", err, bytes.TrimSpace(out))
	}
	sweep()
	return nil
}

// sweep deletes the namespaces of these tests whose process is gone.
func sweep() {
	entries, _ := os.ReadDir("/run/netns")
	for _, e := range entries {
		m := nsPattern.FindStringSubmatch(e.Name())
		if m == nil {
			continue
		}
		pid, _ := strconv.Atoi(m[1])
		if pid == os.Getpid() || syscall.Kill(pid, 0) == nil || errors.Is(syscall.Kill(pid, 0), syscall.EPERM) {
			continue
		}
		exec.Command("ip", "netns", "del", e.Name()).Run()
	}
}

// lanepayBin is the server binary `make build` makes.
func lanepayBin(t *testing.T) string {
	if b := os.Getenv("LANEPAY_BIN"); b != "" {
		return b
	}
	b, err := filepath.Abs("../../bin/lanepay")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// dialIn dials from inside a namespace. A socket belongs to the network
// namespace of the thread that created it, for good: so the dial runs on a
// thread of its own, moved into the namespace for the dial and back. If it
// cannot be moved back, the thread stays locked and its goroutine ends, so
// the runtime throws the thread away rather than run other goroutines in
// the wrong namespace. Threads the runtime starts meanwhile come from its
// template thread, not this one, so they start in the host's namespace.
//
// Addresses must be IP literals: with a name, net.Dialer may dial from
// goroutines of its own (both address families at once).
func dialIn(ns string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		type result struct {
			c   net.Conn
			err error
		}
		ch := make(chan result, 1)
		go func() {
			runtime.LockOSThread()
			c, err, back := dialInLocked(ctx, ns, network, addr)
			if back {
				runtime.UnlockOSThread()
			}
			ch <- result{c, err}
		}()
		r := <-ch
		return r.c, r.err
	}
}

// dialInLocked does dialIn's work on a locked thread; back reports whether
// the thread is in its own namespace again.
func dialInLocked(ctx context.Context, ns, network, addr string) (c net.Conn, err error, back bool) {
	own, err := os.Open("/proc/thread-self/ns/net")
	if err != nil {
		return nil, err, true
	}
	defer own.Close()
	target, err := os.Open("/run/netns/" + ns)
	if err != nil {
		return nil, err, true
	}
	defer target.Close()
	if err := setns(target); err != nil {
		return nil, fmt.Errorf("entering %s: %w", ns, err), true
	}
	d := net.Dialer{FallbackDelay: -1}
	c, err = d.DialContext(ctx, network, addr)
	if rerr := setns(own); rerr != nil {
		if c != nil {
			c.Close()
		}
		return nil, fmt.Errorf("leaving %s: %w", ns, rerr), false
	}
	return c, err, true
}

func setns(f *os.File) error {
	if _, _, e := syscall.RawSyscall(sysSetns, f.Fd(), syscall.CLONE_NEWNET, 0); e != 0 {
		return e
	}
	return nil
}

// client is an HTTP client whose connections start in a role's namespace,
// trusting roots for HTTPS (nil: the system's).
func (l *lan) client(role string, roots *x509.CertPool) *http.Client {
	return &http.Client{
		Timeout: 10 * time.Second,
		Transport: &http.Transport{
			Proxy:             nil, // the LAN has no proxy, whatever the environment says
			DialContext:       dialIn(l.ns(role)),
			TLSClientConfig:   &tls.Config{RootCAs: roots},
			DisableKeepAlives: true,
		},
	}
}

// waitListening waits until addr accepts a connection from a role's
// namespace.
func (l *lan) waitListening(from, addr string, within time.Duration) {
	l.t.Helper()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c, err := dialIn(l.ns(from))(ctx, "tcp", addr)
		cancel()
		if err == nil {
			c.Close()
			return
		}
		if time.Now().After(deadline) {
			l.t.Fatalf("%s does not answer from the %s's namespace within %v: %v", addr, from, within, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// unreachable reports, within a bound, that addr no longer answers from a
// role's namespace: a cut link drops the SYN, so a dial times out.
func (l *lan) unreachable(from, addr string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c, err := dialIn(l.ns(from))(ctx, "tcp", addr)
	if err == nil {
		c.Close()
		return fmt.Errorf("%s still answers from the %s's namespace", addr, from)
	}
	return nil
}

// proc is a lanepay process in a namespace.
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

// start runs bin/lanepay with args in a role's namespace until the test
// ends; its output goes to a log the test shows if it fails (or always,
// with LANEPAY_LAN_LOGS set).
func (l *lan) start(role, name string, args ...string) *proc {
	l.t.Helper()
	p := &proc{name: name, log: filepath.Join(l.dir, name+".log"), done: make(chan struct{})}
	f, err := os.Create(p.log)
	if err != nil {
		l.t.Fatal(err)
	}
	defer f.Close()
	// ip netns exec execs the program in place: the process is lanepay.
	p.cmd = exec.Command("ip", append([]string{"netns", "exec", l.ns(role), lanepayBin(l.t)}, args...)...)
	p.cmd.Stdout, p.cmd.Stderr = f, f
	// Should the test process die, so does the server: it would hold the
	// namespace's listening addresses and a namespace alive after its name
	// is gone.
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := p.cmd.Start(); err != nil {
		l.t.Fatalf("starting %s: %v", name, err)
	}
	go func() { p.err = p.cmd.Wait(); close(p.done) }()
	l.t.Cleanup(func() {
		p.stop()
		if l.t.Failed() || os.Getenv("LANEPAY_LAN_LOGS") != "" {
			out, _ := os.ReadFile(p.log)
			l.t.Logf("%s (lanepay %s) wrote:\n%s", name, strings.Join(args, " "), tail(out, 4000))
		}
	})
	return p
}

// stop ends the process as Ctrl-C would, and kills it if it has not ended
// within the server's own shutdown time.
func (p *proc) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(8 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// startTerminal starts a standalone simulated terminal on the terminal's
// address: WebSocket on 5000, TCP on 5001, each charge taking delay. Its
// own page listens on the terminal's loopback, where nothing looks.
func (l *lan) startTerminal(delay time.Duration) {
	l.t.Helper()
	t := l.addr(terminal)
	l.start(terminal, "terminal", "-addr", "127.0.0.1:8000", "-sim",
		"-sim-ws", t+":5000", "-sim-tcp", t+":5001", "-sim-delay", delay.String())
	l.waitListening(tablet, t+":5000", 15*time.Second)
	l.waitListening(tablet, t+":5001", 15*time.Second)
}

// ledgerEntry is what the simulator's GET /ledger lists, as far as the
// tests look.
type ledgerEntry struct {
	Ref    string `json:"ref"`
	Type   string `json:"type"`
	Amount string `json:"amount"`
	State  string `json:"state"`
}

// ledger reads the terminal's ledger from inside the terminal's namespace,
// so that it can be read while the terminal's cable is out.
func (l *lan) ledger() []ledgerEntry {
	l.t.Helper()
	resp, err := l.client(terminal, nil).Get("http://" + l.addr(terminal) + ":5000/ledger")
	if err != nil {
		l.t.Fatalf("reading the terminal's ledger: %v", err)
	}
	defer resp.Body.Close()
	var entries []ledgerEntry
	if err := json.NewDecoder(resp.Body).Decode(&entries); err != nil {
		l.t.Fatalf("decoding the terminal's ledger: %v", err)
	}
	return entries
}

// charged counts the ledger's entries with this reference and gives the
// last one's state.
func (l *lan) charged(ref string) (n int, state string) {
	for _, e := range l.ledger() {
		if e.Ref == ref {
			n++
			state = e.State
		}
	}
	return n, state
}
