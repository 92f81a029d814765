package main

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// wasmLayout is what a WebAssembly binary spends its bytes on: its
// sections, and the code of each function by name when the binary keeps
// its "name" section (Go's linker drops it with -s).
type wasmLayout struct {
	Size     int
	Sections map[string]int // by section name: code, data, name, ...
	Funcs    []wasmFunc     // in index order; empty without names
}

type wasmFunc struct {
	Name string
	Size int // bytes of its body in the code section
}

var sectionNames = map[byte]string{
	0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory",
	6: "global", 7: "export", 8: "start", 9: "element", 10: "code", 11: "data", 12: "datacount",
}

var errNotWasm = errors.New("not a WebAssembly binary")

// parseWasm reads the layout of a WebAssembly binary.
func parseWasm(b []byte) (*wasmLayout, error) {
	if len(b) < 8 || !bytes.Equal(b[:4], []byte("\x00asm")) {
		return nil, errNotWasm
	}
	l := &wasmLayout{Size: len(b), Sections: map[string]int{}}
	r := &reader{b: b, off: 8}
	imported := 0
	var bodies []int
	names := map[int]string{}
	for r.off < len(b) {
		id := r.byte()
		size := r.uleb()
		if r.err != nil || r.off+size > len(b) {
			return nil, fmt.Errorf("truncated section at %d", r.off)
		}
		payload := &reader{b: b[:r.off+size], off: r.off}
		r.off += size
		name := sectionNames[id]
		switch id {
		case 0:
			name = payload.str()
			if name == "name" {
				readFuncNames(payload, names)
			}
			name = "custom:" + name
		case 2:
			imported = countFuncImports(payload)
		case 10:
			n := payload.uleb()
			for range n {
				sz := payload.uleb()
				payload.off += sz
				bodies = append(bodies, sz)
			}
		}
		if payload.err != nil {
			return nil, fmt.Errorf("section %s: %w", name, payload.err)
		}
		l.Sections[name] += size
	}
	if len(names) > 0 {
		for i, sz := range bodies {
			n := names[imported+i]
			if n == "" {
				n = fmt.Sprintf("func%d", imported+i)
			}
			l.Funcs = append(l.Funcs, wasmFunc{Name: n, Size: sz})
		}
	}
	return l, nil
}

func countFuncImports(r *reader) int {
	n := r.uleb()
	funcs := 0
	for range n {
		r.str() // module
		r.str() // name
		switch kind := r.byte(); kind {
		case 0: // function: type index
			r.uleb()
			funcs++
		case 1: // table: reftype, limits
			r.byte()
			r.limits()
		case 2: // memory: limits
			r.limits()
		case 3: // global: valtype, mut
			r.byte()
			r.byte()
		default:
			r.err = fmt.Errorf("unknown import kind %d", kind)
			return funcs
		}
	}
	return funcs
}

// readFuncNames reads subsection 1 (function names) of a "name" section.
func readFuncNames(r *reader, names map[int]string) {
	for r.off < len(r.b) && r.err == nil {
		id := r.byte()
		size := r.uleb()
		end := r.off + size
		if id == 1 {
			n := r.uleb()
			for range n {
				idx := r.uleb()
				names[idx] = r.str()
			}
		}
		r.off = end
	}
}

// reader decodes the LEB128 integers and strings of a wasm binary.
type reader struct {
	b   []byte
	off int
	err error
}

func (r *reader) byte() byte {
	if r.off >= len(r.b) {
		r.err = errors.New("unexpected end")
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *reader) uleb() int {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		c := r.byte()
		if r.err != nil {
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c&0x80 == 0 {
			return int(v)
		}
	}
	r.err = errors.New("LEB128 too long")
	return 0
}

func (r *reader) str() string {
	n := r.uleb()
	if r.err != nil || r.off+n > len(r.b) {
		r.err = errors.New("string past the end")
		return ""
	}
	s := string(r.b[r.off : r.off+n])
	r.off += n
	return s
}

func (r *reader) limits() {
	if r.byte()&1 != 0 {
		r.uleb()
	}
	r.uleb()
}

// Go's linker writes function names with every character other than
// letters, digits, '_' and '.' replaced by '_' (cmd/link/internal/wasm):
// "encoding/json.(*decodeState).object" is
// "encoding_json.__decodeState_.object". So a package is recognised by
// its mangled import path followed by a dot, the longest that matches.
func mangle(importPath string) string {
	return strings.Map(func(r rune) rune {
		if r == '_' || r == '.' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' {
			return r
		}
		return '_'
	}, importPath)
}

// packageNamer maps linker function names to import paths.
type packageNamer struct {
	byMangled map[string]string
	main      string // the main package's import path
}

// newPackageNamer knows the packages of a build (go list -deps) and which
// one is main.
func newPackageNamer(pkgs []string, mainPkg string) *packageNamer {
	n := &packageNamer{byMangled: map[string]string{}, main: mainPkg}
	for _, p := range pkgs {
		n.byMangled[mangle(p)] = p
	}
	n.byMangled["main"] = mainPkg
	return n
}

// pkg is the import path of the function's package. Compiler-made
// functions ("type:.eq.T" is "type_.eq.T") and the few the linker names
// itself are grouped by what comes before their first dot, in angle
// brackets.
func (n *packageNamer) pkg(sym string) string {
	best := ""
	for i := 0; i < len(sym); i++ {
		if sym[i] != '.' {
			continue
		}
		if p, ok := n.byMangled[sym[:i]]; ok {
			best = p
		}
	}
	if best != "" {
		return best
	}
	head, _, _ := strings.Cut(sym, ".")
	return "<" + head + ">"
}

// packageSizes sums code bytes by package.
func (n *packageNamer) packageSizes(funcs []wasmFunc) map[string]int {
	out := map[string]int{}
	for _, f := range funcs {
		out[n.pkg(f.Name)] += f.Size
	}
	return out
}

// sizeDelta is a package's code in lanepay's wasm and in the baseline's.
type sizeDelta struct {
	Pkg            string
	Ours, Baseline int
}

// packageDeltas lists the packages by how much more code they have in ours
// than in the baseline, largest first.
func packageDeltas(ours, baseline map[string]int) []sizeDelta {
	var out []sizeDelta
	for p, n := range ours {
		out = append(out, sizeDelta{Pkg: p, Ours: n, Baseline: baseline[p]})
	}
	for p, n := range baseline {
		if _, ok := ours[p]; !ok {
			out = append(out, sizeDelta{Pkg: p, Baseline: n})
		}
	}
	slices.SortFunc(out, func(a, b sizeDelta) int {
		if d := (b.Ours - b.Baseline) - (a.Ours - a.Baseline); d != 0 {
			return d
		}
		return strings.Compare(a.Pkg, b.Pkg)
	})
	return out
}
