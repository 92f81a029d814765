package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lanepay/lanepay/app/terminalsim"
)

// proc is a subprocess the bench started: a server or a simulator.
type proc struct {
	name string
	cmd  *exec.Cmd
	url  string // what it printed as its address

	mu     sync.Mutex
	stderr []string // the last lines it logged
	lines  int      // how many it logged in all
	peak   int64    // the largest VmRSS sampled, bytes
	stop   chan struct{}
	done   chan struct{}
}

var (
	// The server prints "lanepay is running: open URL in a browser."; its
	// log says url=URL too.
	serverURLRe = regexp.MustCompile(`open (https?://\S+) in a browser|\burl=(https?://\S+)`)
	simAddrRe   = regexp.MustCompile(`^ws=(\S+)$`)
)

// startServer runs the lanepay server binary on a loopback port, serving
// dir, and waits for its address.
func startServer(ctx context.Context, bin, name, dir string) (*proc, error) {
	return startProc(ctx, name, serverURLRe, bin, "-dir", dir, "-addr", "127.0.0.1:0", "-log-level", "debug")
}

// startSimulator runs this program again as the simulated terminal alone
// (see runSimulator), so that its memory is its own.
func startSimulator(ctx context.Context, name string) (*proc, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return startProc(ctx, name, simAddrRe, self, "-simulator")
}

func startProc(ctx context.Context, name string, addr *regexp.Regexp, bin string, args ...string) (*proc, error) {
	cmd := exec.Command(bin, args...)
	cmd.Stdin = nil
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	// It dies with the bench, even a killed one.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("failed to start %s: %w", name, err)
	}
	p := &proc{name: name, cmd: cmd, stop: make(chan struct{}), done: make(chan struct{})}
	found := make(chan string, 1)
	scan := func(r io.Reader) {
		s := bufio.NewScanner(r)
		s.Buffer(make([]byte, 64<<10), 1<<20)
		for s.Scan() {
			line := s.Text()
			if m := addr.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
				for _, g := range m[1:] {
					if g != "" {
						select {
						case found <- strings.TrimSuffix(g, "/"):
						default:
						}
					}
				}
			}
			p.mu.Lock()
			p.stderr = append(p.stderr, line)
			p.lines++
			if len(p.stderr) > 2000 {
				p.stderr = p.stderr[len(p.stderr)-1000:]
			}
			p.mu.Unlock()
		}
	}
	go scan(stdout)
	go scan(stderr)
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); close(p.done) }()
	select {
	case p.url = <-found:
	case err := <-exited:
		return nil, fmt.Errorf("%s exited before serving (%v):\n%s", name, err, p.tail(20))
	case <-time.After(30 * time.Second):
		p.Stop()
		return nil, fmt.Errorf("%s did not say where it listens within 30 s:\n%s", name, p.tail(20))
	case <-ctx.Done():
		p.Stop()
		return nil, ctx.Err()
	}
	go p.sample()
	return p, nil
}

// tail is the last n lines the process printed.
func (p *proc) tail(n int) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	l := p.stderr
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, "\n")
}

// linesSince returns the lines printed since mark (a count from
// lineCount) that are still kept: the oldest are dropped past 2000.
func (p *proc) linesSince(mark int) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	from := max(mark-(p.lines-len(p.stderr)), 0)
	if from > len(p.stderr) {
		return nil
	}
	return append([]string(nil), p.stderr[from:]...)
}

// lineCount is how many lines the process has printed so far.
func (p *proc) lineCount() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.lines
}

// sample reads the process's VmRSS every 50 ms and keeps the peak, so that
// "RSS while serving" is the most it held while the pages loaded.
func (p *proc) sample() {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-p.done:
			return
		case <-t.C:
			if v, err := rss(p.cmd.Process.Pid); err == nil {
				p.mu.Lock()
				p.peak = max(p.peak, v)
				p.mu.Unlock()
			}
		}
	}
}

// ResetPeak starts the peak afresh from the current RSS.
func (p *proc) ResetPeak() {
	v, _ := rss(p.cmd.Process.Pid)
	p.mu.Lock()
	p.peak = v
	p.mu.Unlock()
}

// Peak is the largest RSS sampled since the last ResetPeak, in bytes.
func (p *proc) Peak() int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.peak
}

// RSS is the process's resident set now, in bytes.
func (p *proc) RSS() (int64, error) { return rss(p.cmd.Process.Pid) }

// Stop ends the process with SIGTERM, then SIGKILL after 5 s.
func (p *proc) Stop() {
	select {
	case <-p.stop:
	default:
		close(p.stop)
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
}

// rss reads VmRSS from /proc/PID/status, in bytes.
func rss(pid int) (int64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return statusField(string(data), "VmRSS")
}

// statusField reads a "Name:   1234 kB" line of /proc/PID/status, in bytes.
func statusField(status, name string) (int64, error) {
	for line := range strings.SplitSeq(status, "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k != name {
			continue
		}
		f := strings.Fields(v)
		if len(f) == 0 {
			break
		}
		n, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, err
		}
		if len(f) > 1 && f[1] == "kB" {
			n *= 1024
		}
		return n, nil
	}
	return 0, fmt.Errorf("no %s in /proc status", name)
}

// runSimulator is the -simulator mode: the simulated terminal alone, on a
// loopback port, with no processing delay and no TCP listener, until
// SIGTERM or SIGINT. It prints "ws=HOST:PORT" once listening.
func runSimulator() error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	sim := terminalsim.New(terminalsim.Config{
		WSAddr:  "127.0.0.1:0",
		TCPAddr: terminalsim.Off,
		Delay:   0,
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err := sim.Start(ctx); err != nil {
		return err
	}
	fmt.Printf("ws=%s\n", sim.WSAddr())
	<-ctx.Done()
	err := sim.Close()
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}
