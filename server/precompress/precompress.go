// Package precompress writes brotli and gzip copies of a static bundle's
// compressible files at build time, next to them (NAME.br, NAME.gz), so
// that the server never compresses while serving: the wasm takes about
// twenty seconds at brotli's best quality, far too long for a request,
// and the copies are made once per build rather than once per client.
//
// A copy is written only when it is smaller than its source. Dir is
// idempotent: a copy that already decompresses to its source is kept, a
// stale one is rewritten, and copies whose source is gone are removed, so
// the server can never serve a compressed body that does not match.
package precompress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Action says what Dir did with one copy.
type Action string

// Actions of a Result.
const (
	Wrote      Action = "wrote"
	Kept       Action = "kept"        // an up-to-date copy was already there
	NotSmaller Action = "not smaller" // no copy: it would not save a byte
	Removed    Action = "removed"     // a copy whose source is gone
)

// Result is the outcome for one copy.
type Result struct {
	Path       string // the copy, relative to the directory, slash-separated
	Action     Action
	Size       int // the source's size
	Compressed int // the copy's size; 0 when there is none
}

// Compressible reports whether a file with this name is worth compressing:
// text and wasm. go-app writes its pages as files without an extension.
// Images are already compressed.
func Compressible(name string) bool {
	switch path.Ext(name) {
	case "", ".html", ".js", ".css", ".wasm", ".webmanifest", ".svg", ".json":
		return true
	}
	return false
}

// IsCopy reports whether name is a compressed copy that Dir makes, and of
// which source.
func IsCopy(name string) (source string, ok bool) {
	for _, e := range Encodings {
		if s, ok := strings.CutSuffix(name, e.Ext); ok && s != "" && Compressible(s) {
			return s, true
		}
	}
	return "", false
}

// job is one copy to consider.
type job struct {
	src  string // OS path of the source
	rel  string
	data []byte
	enc  Encoding
}

// Dir makes or refreshes the copies for every compressible file under root
// (hidden files and directories excluded), using up to GOMAXPROCS
// goroutines. Results come sorted by path.
func Dir(ctx context.Context, root string) ([]Result, error) {
	var jobs []job
	var results []Result
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") && p != root {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if src, ok := IsCopy(rel); ok {
			if _, err := os.Stat(filepath.Join(root, filepath.FromSlash(src))); errors.Is(err, fs.ErrNotExist) {
				if err := os.Remove(p); err != nil {
					return fmt.Errorf("failed to remove %s, a copy without its source: %w", p, err)
				}
				results = append(results, Result{Path: rel, Action: Removed})
			}
			return nil
		}
		if !Compressible(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("failed to read %s: %w", p, err)
		}
		for _, e := range Encodings {
			jobs = append(jobs, job{src: p, rel: rel, data: data, enc: e})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("failed to walk %s: %w", root, err)
	}
	// Largest first, so that the wasm's brotli, by far the longest, starts
	// at once and the small files fill the other cores meanwhile.
	slices.SortStableFunc(jobs, func(a, b job) int { return len(b.data) - len(a.data) })

	var (
		mu   sync.Mutex
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, runtime.GOMAXPROCS(0))
	)
	for _, j := range jobs {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			r, err := j.run()
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			results = append(results, r)
		})
	}
	wg.Wait()
	if err := errors.Join(append(errs, ctx.Err())...); err != nil {
		return nil, err
	}
	slices.SortFunc(results, func(a, b Result) int { return strings.Compare(a.Path, b.Path) })
	return results, nil
}

// run makes one copy, unless an up-to-date one is there.
func (j job) run() (Result, error) {
	dst := j.src + j.enc.Ext
	r := Result{Path: j.rel + j.enc.Ext, Size: len(j.data)}
	if old, err := os.ReadFile(dst); err == nil {
		if plain, err := j.enc.Decompress(old); err == nil && bytes.Equal(plain, j.data) && len(old) < len(j.data) {
			r.Action, r.Compressed = Kept, len(old)
			return r, nil
		}
	}
	packed, err := j.enc.Compress(j.data)
	if err != nil {
		return r, fmt.Errorf("failed to compress %s with %s: %w", j.src, j.enc.Name, err)
	}
	if len(packed) >= len(j.data) {
		if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return r, fmt.Errorf("failed to remove %s: %w", dst, err)
		}
		r.Action = NotSmaller
		return r, nil
	}
	if err := writeFileAtomic(dst, packed); err != nil {
		return r, err
	}
	r.Action, r.Compressed = Wrote, len(packed)
	return r, nil
}

// writeFileAtomic writes through a temporary file and a rename, so that a
// build interrupted midway never leaves a truncated copy to be served.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return fmt.Errorf("failed to create a temporary file for %s: %w", name, err)
	}
	defer os.Remove(f.Name()) // after a successful rename, a no-op
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("failed to write %s: %w", f.Name(), err)
	}
	if err := f.Chmod(0o644); err != nil {
		f.Close()
		return fmt.Errorf("failed to set the mode of %s: %w", f.Name(), err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("failed to write %s: %w", f.Name(), err)
	}
	if err := os.Rename(f.Name(), name); err != nil {
		return fmt.Errorf("failed to rename %s to %s: %w", f.Name(), name, err)
	}
	return nil
}
