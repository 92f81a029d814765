package main

import "fmt"

// The routes patch. go-app's router keeps each pattern route's compiled
// *regexp.Regexp in a field, so every go-app page links the type, and
// with it what its exported methods reach (UnmarshalText compiles: the
// regexp parser, and the unicode package's tables of scripts and
// categories, built into maps at start-up). An app that routes by path
// only, as lanepay does, carries all of it for nothing: 0.5 MB of the
// raw wasm. Worse, the init that builds those maps is one 50 kB function
// with a loop, which V8 recompiles optimised on the first loads after
// an install: 70 to 115 ms of a core, taken beside a warm start. The
// router now keeps the pattern's match function instead; RouteWithRegexp
// compiles it as before, so an app that uses it links the regexp package
// as before, and one that does not links none of it.

// routeSHA256 is the hash of pkg/app/route.go in go-app v10.1.11.
const routeSHA256 = "3252c7f2876cba69c3fbb203b0b4d5770ddd4651cdaf3ad69e5c33bfd1ccf5bd"

// routesByMatch returns the files of go-app v10.1.11 the routes patch
// writes, by path in the module.
func routesByMatch(read reader) (map[string][]byte, error) {
	src, err := released(read, goApp, "pkg/app/route.go", routeSHA256)
	if err != nil {
		return nil, fmt.Errorf("the routes patch: %w", err)
	}
	patched, err := edit(src,
		change{"\t\tregexp:       regexp.MustCompile(pattern),\n", "\t\tmatch:        regexp.MustCompile(pattern).MatchString,\n"},
		change{"\tfor _, rwr := range r.routesWithRegexp {\n\t\tif rwr.regexp.MatchString(path) {\n\t\t\treturn true\n",
			"\tfor _, rwr := range r.routesWithRegexp {\n\t\tif rwr.match(path) {\n\t\t\treturn true\n"},
		change{"\tfor _, rwr := range r.routesWithRegexp {\n\t\tif rwr.regexp.MatchString(path) {\n\t\t\treturn rwr.newComponent(), true\n",
			"\tfor _, rwr := range r.routesWithRegexp {\n\t\tif rwr.match(path) {\n\t\t\treturn rwr.newComponent(), true\n"},
		change{"\tregexp       *regexp.Regexp\n", "\t// lanepay: the pattern's match function, not its compiled regexp\n\t// (the routes patch, app/cmd/patchdeps): an app without pattern\n\t// routes links no regexp package.\n\tmatch        func(path string) bool\n"},
	)
	if err != nil {
		return nil, fmt.Errorf("the routes patch: go-app's route.go: %w", err)
	}
	return map[string][]byte{"pkg/app/route.go": patched}, nil
}
