package static

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/testkit"
)

// The serving benchmark compares this package with Debian's nginx serving
// the same bundle directory (web/dist, with its precompressed copies) on
// loopback, in the same run: N keep-alive clients share b.N requests, and
// each reports requests per second and the 99th percentile latency.
//
//	go test -run '^$' -bench BenchmarkServe ./server/static/
//
// nginx uses gzip_static and, when Debian's libnginx-mod-http-brotli-static
// is installed, brotli_static; without it the br cases compare lanepay's
// brotli with nginx's gzip and say so. Without nginx the nginx cases skip.

const (
	benchClients = 16
	distDir      = "../../web/dist"
	brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"
)

func BenchmarkServe(b *testing.B) {
	dist, err := filepath.Abs(distDir)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dist, "web", "app.wasm.br")); err != nil {
		b.Skip("no built bundle with compressed copies in web/dist: run `make build`")
	}
	files := []struct {
		name, path, ae, encoding string
	}{
		{"shell", "/", "gzip, deflate, br, zstd", "br"},
		{"wasm-br", "/web/app.wasm", "gzip, deflate, br, zstd", "br"},
	}
	servers := []struct {
		name  string
		start func(b *testing.B, dist string) (base string, brotli bool)
	}{
		{"lanepay", startLanepay},
		{"nginx", startNginx},
	}
	for _, srv := range servers {
		b.Run("server="+srv.name, func(b *testing.B) {
			base, brotli := srv.start(b, dist)
			for _, f := range files {
				b.Run("file="+f.name, func(b *testing.B) {
					want := f.encoding
					if !brotli && want == "br" {
						b.Log("nginx has no brotli_static module: it serves gzip where lanepay serves brotli")
						want = "gzip"
					}
					load(b, base+f.path, f.ae, want)
				})
			}
		})
	}
}

// startLanepay serves the directory as the daemon does.
func startLanepay(b *testing.B, dist string) (string, bool) {
	h, err := New(os.DirFS(dist), Options{Logger: testkit.Discard()})
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	srv := &http.Server{Handler: SecurityHeaders(h.CSP(), h), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String(), true
}

// startNginx runs nginx (a master and one worker per CPU, as Debian's
// default config does) in the foreground with a generated configuration,
// as the same user, with every path in a temporary directory.
func startNginx(b *testing.B, dist string) (string, bool) {
	bin, err := exec.LookPath("nginx")
	if err != nil {
		for _, p := range []string{"/usr/sbin/nginx", "/sbin/nginx"} {
			if _, err := os.Stat(p); err == nil {
				bin = p
			}
		}
	}
	if bin == "" {
		b.Skip("nginx is not installed (make bench installs nginx and libnginx-mod-http-brotli-static)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	tmp := b.TempDir()
	var module, brotli string
	_, err = os.Stat(brotliModule)
	hasBrotli := err == nil
	if hasBrotli {
		module = "load_module " + brotliModule + ";"
		brotli = "brotli_static on;"
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // the workers must read the temporary directory
	}
	conf := fmt.Sprintf(`%s
%s
daemon off;
worker_processes %d;
pid %[4]s/nginx.pid;
error_log %[4]s/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path %[4]s/body;
	proxy_temp_path %[4]s/proxy;
	fastcgi_temp_path %[4]s/fastcgi;
	uwsgi_temp_path %[4]s/uwsgi;
	scgi_temp_path %[4]s/scgi;
	include /etc/nginx/mime.types;
	types { application/manifest+json webmanifest; } # Debian maps wasm already
	default_type application/octet-stream;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	server {
		listen %[5]s;
		root %[6]s;
		gzip_static on;
		gzip_vary on;
		%[7]s
		add_header Cache-Control no-cache;
		add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
		add_header X-Content-Type-Options nosniff;
		add_header Referrer-Policy no-referrer;
		location / { try_files $uri /index.html; }
	}
}
`, module, user, runtime.NumCPU(), tmp, addr, dist, brotli)
	confPath := filepath.Join(tmp, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", tmp, "-c", confPath)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatalf("failed to start nginx: %v", err)
	}
	b.Cleanup(func() {
		// The master stops its workers on SIGQUIT, after their requests.
		cmd.Process.Signal(syscall.SIGQUIT)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	if !testkit.Until(func() bool {
		var c net.Conn
		if c, err = net.Dial("tcp", addr); err == nil {
			c.Close()
		}
		return err == nil
	}) {
		log, _ := os.ReadFile(filepath.Join(tmp, "error.log"))
		b.Fatalf("nginx did not start: %v\n%s", err, log)
	}
	return "http://" + addr, hasBrotli
}

// load makes b.N requests from benchClients keep-alive connections and
// reports req/s and p99 latency.
func load(b *testing.B, url, acceptEncoding, wantEncoding string) {
	tr := &http.Transport{MaxIdleConnsPerHost: benchClients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var encoding atomic.Value
	get := func() (time.Duration, error) {
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Accept-Encoding", acceptEncoding)
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		encoding.Store(resp.Header.Get("Content-Encoding"))
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			return 0, fmt.Errorf("status %d", resp.StatusCode)
		}
		return time.Since(t0), err
	}
	// Warm the connections and check the answer once.
	if _, err := get(); err != nil {
		b.Fatal(err)
	}
	if got := encoding.Load(); got != wantEncoding {
		b.Fatalf("%s came with Content-Encoding %q, want %q", url, got, wantEncoding)
	}
	var next atomic.Int64
	lat := make([][]time.Duration, benchClients)
	var wg sync.WaitGroup
	var failed atomic.Value
	b.ResetTimer()
	t0 := time.Now()
	for i := range benchClients {
		wg.Go(func() {
			for next.Add(1) <= int64(b.N) {
				d, err := get()
				if err != nil {
					failed.Store(err)
					return
				}
				lat[i] = append(lat[i], d)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()
	if err, ok := failed.Load().(error); ok {
		b.Fatal(err)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
}
