package terminalsim

// The simulator's tests drive it as a till would, over loopback sockets
// and both of its transports (WebSocket and TCP): the dialects, the
// faults by their trigger amounts on the wire, the ledger, one
// transaction at a time with the others answered busy, inquiries and the
// last transaction, the TCP stream's framing, limits on size, start and
// close. They log to the test's output, shown when one fails or with -v.
