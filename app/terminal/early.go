package terminal

import _ "embed"

// EarlyScript is early.js: inline in the app's page head, it opens the
// terminal's WebSocket while the wasm downloads and compiles. TakeEarly
// adopts that socket.
//
//go:embed early.js
var EarlyScript []byte
