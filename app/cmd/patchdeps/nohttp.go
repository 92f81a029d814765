package main

import "fmt"

// The nohttp patch. The browser build never makes or serves an HTTP
// request through go-app, yet go-app imports net/http in it for its server
// half (Handler, which the browser's stub of GenerateStaticWebsite names,
// and the file server behind LocalDir), which shares a package with the
// browser half. Importing net/http links its package initialisation and
// everything that reaches: crypto/tls, x509, HTTP/2, the FIPS self-tests
// and their curves (README.md has what that weighs in lanepay's wasm).
//
// Natively the copy builds the code as released: each file changed for
// the browser keeps its released text behind a !wasm build constraint, and
// its browser version sits beside it.

// The files the patch reads, with their hashes as released.
const (
	goAppHTTPSHA256     = "0601189a9f611378e9b24ab4bdf42780a03cbf95c1bbebd4171b523ddbe9a32d" // pkg/app/http.go
	goAppWasmSHA256     = "10117b07fb7147cdfcd97d1e07cd010da30914e2a622b73d0242b5d9019796f8" // pkg/app/wasm.go
	goAppResourceSHA256 = "6b52ab4ec2f4171d403384bffe159e9ec22699933e768ef5868f2851a1b84baa" // pkg/app/resource.go
)

// notInBrowser is the build constraint put before a file's released text.
const notInBrowser = "//go:build !wasm\n\n"

// goAppWithoutHTTP returns the files of go-app v10.1.11 to write, by path
// in the module, given a reader of the released ones.
func goAppWithoutHTTP(read reader) (map[string][]byte, error) {
	files := map[string][]byte{}
	src, err := released(read, goApp, "pkg/app/http.go", goAppHTTPSHA256)
	if err != nil {
		return nil, fmt.Errorf("the nohttp patch: %w", err)
	}
	// The Handler and the page it serves: a server's.
	files["pkg/app/http.go"] = []byte(notInBrowser + src)

	if _, err := released(read, goApp, "pkg/app/wasm.go", goAppWasmSHA256); err != nil {
		return nil, fmt.Errorf("the nohttp patch: %w", err)
	}
	// The browser's stub of GenerateStaticWebsite named Handler only to
	// panic: without it, nothing in the browser build does.
	files["pkg/app/wasm.go"] = []byte(`//go:build wasm
// +build wasm

package app

// Patched by lanepay (app/cmd/patchdeps): GenerateStaticWebsite, which
// only panicked here, is not in the browser build. wasmExecJS stays for
// go-app's tests; the linker drops it from the wasm.

func wasmExecJS() string {
	return ""
}
`)

	src, err = released(read, goApp, "pkg/app/resource.go", goAppResourceSHA256)
	if err != nil {
		return nil, fmt.Errorf("the nohttp patch: %w", err)
	}
	files["pkg/app/resource.go"] = []byte(notInBrowser + src)
	// LocalDir's resolver embeds a file server, which a page never runs:
	// the browser's resolves the same paths without it.
	browser, err := edit(src,
		change{"import (\n\t\"net/http\"\n\t\"strings\"\n)", "import (\n\t\"strings\"\n)"},
		change{"\t\tHandler:   http.FileServer(http.Dir(directory)),\n", ""},
		change{"type localResourceResolver struct {\n\thttp.Handler\n", "type localResourceResolver struct {\n"},
		change{"package app\n", "//go:build wasm\n\n// Patched by lanepay (app/cmd/patchdeps): resource.go without the file\n// server in LocalDir's resolver, which only a server uses.\n\npackage app\n"},
	)
	if err != nil {
		return nil, fmt.Errorf("the nohttp patch: go-app's resource.go: %w", err)
	}
	files["pkg/app/resource_wasm.go"] = browser
	return files, nil
}
