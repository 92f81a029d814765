// Package pos is the protocol core of lanepay: money amounts, the editable
// terminal profile, request building, reading what the terminal sends, TCP
// stream framing, Postman import and the journal's transaction states.
//
// The package does no I/O and reads no clock: transports, storage and time
// are the caller's, so the same code runs natively and in the browser
// (GOOS=js GOARCH=wasm) and is exercised by plain table tests and fuzzing.
package pos
