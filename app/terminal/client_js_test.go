//go:build js

package terminal_test

import (
	"context"
	"errors"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
)

// These run inside headless Chromium (wasmbrowsertest), so the client uses
// the browser's WebSocket. The server's TestTerminalClientInBrowser starts
// the simulator and passes its address in LANEPAY_SIM_WS.

func simURL(t *testing.T) string {
	u := os.Getenv("LANEPAY_SIM_WS")
	if u == "" {
		t.Skip("LANEPAY_SIM_WS is not set: run through the server's TestTerminalClientInBrowser")
	}
	return u
}

func browserSale(t *testing.T, p *pos.Profile, minor int64, n int) pos.Request {
	st, _ := p.TypeByRole(pos.RoleSale)
	req, err := p.BuildRequest(st.Code, pos.RequestParams{Amount: pos.Amount(minor), Mode: "1",
		Ref: "W" + strconv.FormatInt(time.Now().UnixMilli()%1e8, 10) + strconv.Itoa(n)})
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func TestWasmClientCharges(t *testing.T) {
	url := simURL(t)
	p := pos.DefaultProfile()
	refused := make(chan error, 4)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := terminal.Connect(ctx, url, p, &terminal.Options{OnEvent: func(e terminal.Event) {
		if e.Err != nil {
			refused <- e.Err
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()

	tests := []struct {
		name     string
		minor    int64
		approved bool
	}{
		{name: "approved", minor: 1234, approved: true},
		{name: "declined", minor: 1051},
		{name: "over-size frame before the outcome", minor: 907, approved: true},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := browserSale(t, p, tt.minor, i)
			f, err := c.Do(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if f.Approved != tt.approved || f.Ref != req.Ref {
				t.Errorf("outcome approved=%v ref=%q, want %v %q", f.Approved, f.Ref, tt.approved, req.Ref)
			}
		})
	}
	select {
	case err := <-refused:
		if !errors.Is(err, terminal.ErrTooLarge) {
			t.Errorf("refused with %v, want ErrTooLarge", err)
		}
	default:
		t.Error("the over-size frame was not refused")
	}
}

func TestWasmClientDialFailure(t *testing.T) {
	simURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Port 1 on loopback: nothing listens there.
	_, err := terminal.Connect(ctx, "ws://127.0.0.1:1/", pos.DefaultProfile(), nil)
	var de *terminal.DialError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a DialError", err)
	}
}
