package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/server/static"
)

// A connection that never sends a request (as a browser's speculative
// one) holds a graceful shutdown for its first 5 seconds: Close cuts it
// when ctx ends, and the server stops all the same, without an error.
func TestCloseCutsLingeringConnections(t *testing.T) {
	d, err := start(context.Background(), config{Addr: "127.0.0.1:0", SimWS: "127.0.0.1:0", SimTCP: "127.0.0.1:0"}, testkit.Discard())
	if errors.Is(err, static.ErrNoBundle) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	addr := d.ln.Addr().String()
	idle, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	// The server has taken the connection before it is asked to stop.
	if r, err := http.Get("http://" + addr + "/"); err == nil {
		r.Body.Close()
	}

	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := d.Close(ctx); err != nil {
		t.Errorf("Close: %v", err)
	}
	idle.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := idle.Read(make([]byte, 1)); errors.Is(err, os.ErrDeadlineExceeded) {
		t.Error("the lingering connection is still open")
	}
	if r, err := http.Get("http://" + addr + "/"); err == nil {
		r.Body.Close()
		t.Error("the server still answers after Close")
	}
}
