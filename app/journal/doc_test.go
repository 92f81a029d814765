package journal

// The journal's tests run natively against the memory store
// (journal_test.go, memory_test.go), and in the browser's wasm against
// IndexedDB (journal_js_test.go, run by `make test` in headless Chromium
// through wasmbrowsertest): writes committed before they return, a
// reopened journal finding what was written, a page frozen into the
// back-forward cache ending its transactions, storage unavailable. CSV
// export and the day's totals are table tests.
