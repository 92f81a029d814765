package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// The wasm build flags, as the Makefile's WASMFLAGS.
var wasmFlags = []string{"-trimpath", "-ldflags=-s -w"}

// Where the baseline lives in this module.
const helloPkg = "./server/bench/testdata/hello"

// goCmd runs the go command in the module root with extra environment.
func goCmd(ctx context.Context, root string, env []string, args ...string) error {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go %s: %w\n%s", strings.Join(args, " "), err, out.String())
	}
	return nil
}

// wasmEnv is the environment of a wasm build in the Go workspace gowork.
func wasmEnv(gowork string) []string {
	return []string{"GOOS=js", "GOARCH=wasm", "GOWORK=" + gowork}
}

// patches are lanepay's patches to go-app (app/cmd/patchdeps), by flag.
var patches = []string{"frame", "nohttp", "storage", "routes"}

// workspace writes a Go workspace with those of lanepay's patches to go-app
// that on names, and returns its go.work: the baselines and the variants
// without a patch are built with some of them only.
func workspace(ctx context.Context, root, dir string, on ...string) (string, error) {
	args := []string{"run", "./app/cmd/patchdeps", "-out", dir}
	for _, p := range patches {
		args = append(args, fmt.Sprintf("-%s=%v", p, slices.Contains(on, p)))
	}
	if err := goCmd(ctx, root, nil, args...); err != nil {
		return "", err
	}
	return filepath.Join(dir, "go.work"), nil
}

// allBut is every patch but p.
func allBut(p string) []string {
	return slices.DeleteFunc(slices.Clone(patches), func(q string) bool { return q == p })
}

// buildHello builds the baseline as lanepay's bundle is built, in the Go
// workspace gowork: the wasm with the same flags, the static site around
// it, and, when lanepay's bundle has compressed copies, the same copies.
func buildHello(ctx context.Context, root, gowork, dir string, precompress bool) error {
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		return err
	}
	wasm := filepath.Join(dir, "web", "app.wasm")
	args := append(append([]string{"build"}, wasmFlags...), "-o", wasm, helloPkg)
	if err := goCmd(ctx, root, wasmEnv(gowork), args...); err != nil {
		return err
	}
	data, err := os.ReadFile(wasm)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	version := hex.EncodeToString(sum[:8])
	// The site and its compressed copies follow from the wasm (which holds
	// the page's code and go-app's) and from the generator that writes the
	// site around it: kept in the user's cache, since brotli at quality 11
	// takes half a minute here.
	key := sha256.New()
	key.Write(data)
	generators, _ := filepath.Glob(filepath.Join(root, helloPkg, "*.go"))
	for _, g := range generators {
		src, err := os.ReadFile(g)
		if err != nil {
			return err
		}
		key.Write(src)
	}
	cached := ""
	if base, err := os.UserCacheDir(); err == nil {
		cached = filepath.Join(base, "lanepay-bench", fmt.Sprintf("hello-%x-precompressed-%v", key.Sum(nil)[:8], precompress))
		if _, err := os.Stat(filepath.Join(cached, "index.html")); err == nil {
			// CopyFS does not overwrite: start from nothing (the cached
			// copy has the same app.wasm).
			if err := os.RemoveAll(dir); err != nil {
				return err
			}
			return os.CopyFS(dir, os.DirFS(cached))
		}
	}
	if err := goCmd(ctx, root, nil, "run", helloPkg, "-out", dir, "-version", version); err != nil {
		return err
	}
	if precompress {
		if err := goCmd(ctx, root, nil, "run", "./server/cmd/precompress", dir); err != nil {
			return err
		}
	}
	if cached != "" {
		os.RemoveAll(cached)
		if err := os.CopyFS(cached, os.DirFS(dir)); err != nil {
			os.RemoveAll(cached)
		}
	}
	return nil
}

// buildLanepay builds lanepay as make build does but in the Go workspace
// gowork into dir: the wasm, the site around it (its own version), the
// compressed copies.
func buildLanepay(ctx context.Context, root, gowork, dir string, precompress bool) error {
	if err := os.MkdirAll(filepath.Join(dir, "web"), 0o755); err != nil {
		return err
	}
	args := append(append([]string{"build"}, wasmFlags...), "-o", filepath.Join(dir, "web", "app.wasm"), "./app")
	if err := goCmd(ctx, root, wasmEnv(gowork), args...); err != nil {
		return err
	}
	if err := goCmd(ctx, root, nil, "run", "./app", "-out", dir, "-static", filepath.Join(root, "web", "static")); err != nil {
		return err
	}
	if precompress {
		return goCmd(ctx, root, nil, "run", "./server/cmd/precompress", dir)
	}
	return nil
}

// hasCompressedCopies reports whether the bundle in dir has .br files
// (`go run ./server/cmd/precompress DIR` made them).
func hasCompressedCopies(dir string) bool {
	found := false
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".br") {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// sizes are a file's size raw and compressed.
type sizes struct {
	Raw, Gzip, Brotli int
	BrotliNote        string // how the brotli size was had
}

// measureSizes compresses data with gzip -9 and brotli at its best
// quality (11, the default 4 MiB window: what precompress serves). A
// brotli copy beside the file that decompresses to it is used as it is;
// otherwise the result is cached by content hash, because quality 11 takes
// about half a minute for a wasm here. quick allows quality 6 instead of
// computing quality 11.
func measureSizes(path string, quick bool) (sizes, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return sizes{}, err
	}
	s := sizes{Raw: len(data)}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(data)
	if err := w.Close(); err != nil {
		return s, err
	}
	s.Gzip = gz.Len()

	if br, err := os.ReadFile(path + ".br"); err == nil {
		plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		if err == nil && bytes.Equal(plain, data) {
			s.Brotli, s.BrotliNote = len(br), "served .br"
			return s, nil
		}
	}
	sum := sha256.Sum256(data)
	key := hex.EncodeToString(sum[:])
	cache := brotliCache()
	if n, ok := cache.get(key); ok {
		s.Brotli, s.BrotliNote = n, "q11"
		return s, nil
	}
	q := brotli.BestCompression
	if quick {
		q = 6
	}
	var b bytes.Buffer
	bw := brotli.NewWriterLevel(&b, q)
	bw.Write(data)
	if err := bw.Close(); err != nil {
		return s, err
	}
	s.Brotli, s.BrotliNote = b.Len(), fmt.Sprintf("q%d", q)
	if q == brotli.BestCompression {
		cache.put(key, s.Brotli)
	}
	return s, nil
}

// sizeCache keeps brotli sizes by content hash in the user's cache
// directory.
type sizeCache struct {
	path string
	mu   sync.Mutex
}

func brotliCache() *sizeCache {
	dir, err := os.UserCacheDir()
	if err != nil {
		return &sizeCache{}
	}
	return &sizeCache{path: filepath.Join(dir, "lanepay-bench", "brotli-q11.json")}
}

func (c *sizeCache) load() map[string]int {
	m := map[string]int{}
	if c.path == "" {
		return m
	}
	if data, err := os.ReadFile(c.path); err == nil {
		json.Unmarshal(data, &m)
	}
	return m
}

func (c *sizeCache) get(key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n, ok := c.load()[key]
	return n, ok
}

func (c *sizeCache) put(key string, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.path == "" {
		return
	}
	m := c.load()
	m[key] = n
	data, _ := json.Marshal(m)
	os.MkdirAll(filepath.Dir(c.path), 0o755)
	os.WriteFile(c.path, data, 0o644)
}

// codeLayout builds pkg for wasm in the Go workspace gowork keeping
// function names (no -s: the code is the shipped build's, plus a name
// section) and reads how much code each package has.
func codeLayout(ctx context.Context, root, gowork, pkg, out string) (*wasmLayout, map[string]int, *packageNamer, error) {
	if err := goCmd(ctx, root, wasmEnv(gowork), "build", "-trimpath", "-ldflags=-w", "-o", out, pkg); err != nil {
		return nil, nil, nil, err
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return nil, nil, nil, err
	}
	l, err := parseWasm(data)
	if err != nil {
		return nil, nil, nil, err
	}
	cmd := exec.CommandContext(ctx, "go", "list", "-deps", pkg)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), wasmEnv(gowork)...)
	list, err := cmd.Output()
	if err != nil {
		return nil, nil, nil, fmt.Errorf("go list -deps %s: %w", pkg, err)
	}
	namer := newPackageNamer(strings.Fields(string(list)), "<main>")
	return l, namer.packageSizes(l.Funcs), namer, nil
}
