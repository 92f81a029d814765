package terminalsim

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/testkit"
)

// TestBusy checks the one busy slot across clients and transports: while
// one sale is processing, other financial requests and settlements are
// turned away uncharged, inquiries are answered.
func TestBusy(t *testing.T) {
	tests := []struct {
		name        string
		first, more transport
	}{
		{"ws then tcp", transports[0], transports[1]},
		{"tcp then ws", transports[1], transports[0]},
		{"ws then ws", transports[0], transports[0]},
		{"tcp then tcp", transports[1], transports[1]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := startSim(t, Config{Delay: 300 * time.Millisecond})
			a := tt.first.dial(t, s)
			b := tt.more.dial(t, s)
			a.send(sale("S1", "100"))
			// The sale is in progress once an inquiry says so.
			i := 0
			testkit.Eventually(t, "the sale to be in progress", func() bool {
				ref := fmt.Sprintf("Q%d", i)
				i++
				b.send(inquiry(ref, "S1"))
				return b.nextFor(ref)["TXN_STATUS"] == "IN_PROGRESS"
			})
			busy := map[string]string{"RESP_CODE": "BY", "RESP_MSG": "TERMINAL BUSY"}
			b.send(sale("S2", "200"))
			wantFields(t, b.nextFor("S2"), busy)
			b.send(`{"TRAN_CODE":"6","REF_NO":"B1"}`)
			wantFields(t, b.nextFor("B1"), busy)
			a.send(withOrig("2", "V1", "S1", "")) // the same client, too
			wantFields(t, a.nextFor("V1"), busy)

			s.SetDelay(0) // the next sale need not wait
			wantFields(t, a.nextFor("S1"), map[string]string{"RESP_CODE": "00"})
			b.send(sale("S2", "200")) // a busy answer did not use the reference
			wantFields(t, b.nextFor("S2"), map[string]string{"RESP_CODE": "00"})
			if l := s.Ledger(); len(l) != 2 || l[0].Ref != "S1" || l[1].Ref != "S2" {
				t.Errorf("ledger = %+v, want S1 and S2 only", l)
			}
		})
	}
}

// TestManyClients has clients on both transports sell at once, each
// retrying after a busy answer, and checks that each sale is charged once.
func TestManyClients(t *testing.T) {
	const perTransport = 4
	s := startSim(t, Config{})
	var clients []*testClient
	for _, tr := range transports {
		for range perTransport {
			clients = append(clients, tr.dial(t, s))
		}
	}
	errs := make(chan error, len(clients))
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			errs <- sellUntilApproved(c, fmt.Sprintf("C%d", i))
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	l := s.Ledger()
	if len(l) != len(clients) {
		t.Fatalf("ledger has %d entries, want %d: %+v", len(l), len(clients), l)
	}
	seen := map[string]bool{}
	for _, e := range l {
		if e.State != StateApproved || seen[e.Ref] {
			t.Errorf("entry %+v: want one approved sale per client", e)
		}
		seen[e.Ref] = true
	}
}

// sellUntilApproved sells with fresh references until one is approved. It
// reports rather than fails: it runs off the test's goroutine.
func sellUntilApproved(c *testClient, prefix string) error {
	timeout := time.After(waitFor)
	for try := 0; ; try++ {
		ref := fmt.Sprintf("%s-%d", prefix, try)
		if err := c.write(context.Background(), sale(ref, "100")); err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
		var f frame
		select {
		case f = <-c.frames:
		case <-timeout:
			return fmt.Errorf("%s: no answer", ref)
		}
		m, ok := f.object()
		switch {
		case !ok || m["REF_NO"] != ref:
			return fmt.Errorf("%s: unexpected frame %q", ref, f)
		case m["RESP_CODE"] == "00":
			return nil
		case m["RESP_CODE"] != "BY":
			return fmt.Errorf("%s: answer %v", ref, m)
		}
	}
}

func TestSleep(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		d    time.Duration
		want error
	}{
		{"zero", context.Background(), 0, nil},
		{"short", context.Background(), time.Millisecond, nil},
		{"cancelled", cancelled, time.Hour, context.Canceled},
		{"zero but cancelled", cancelled, 0, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := sleep(tt.ctx, tt.d); !errors.Is(err, tt.want) {
				t.Errorf("sleep = %v, want %v", err, tt.want)
			}
		})
	}
}
