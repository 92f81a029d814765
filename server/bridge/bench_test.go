package bridge

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/testkit"
)

// BenchmarkBridge measures one sale's round trip (request out, outcome
// back) to the simulated terminal with no processing delay, directly over
// WebSocket and through the bridge to its WebSocket and TCP ports: the
// difference is what the bridge adds. It reports the median round trip
// and messages per second (one request and one outcome each).
//
//	go test -run '^$' -bench BenchmarkBridge ./server/bridge/
var benchRef atomic.Int64

func BenchmarkBridge(b *testing.B) {
	sim := startSim(b)
	_, srv := startBridge(b, Config{Allow: simAllow(b, sim), Logger: testkit.Discard()})
	paths := []struct {
		name string
		url  string
	}{
		{"direct", "ws://" + sim.WSAddr() + "/"},
		{"bridge", bridgeURL(srv, sim.WSAddr(), "ws")},
		{"bridge-tcp", bridgeURL(srv, sim.TCPAddr(), "tcp")},
	}
	for _, p := range paths {
		b.Run("path="+p.name, func(b *testing.B) {
			ctx := context.Background()
			c, _, err := websocket.Dial(ctx, p.url, &websocket.DialOptions{HTTPHeader: map[string][]string{"Origin": {srv.URL}}})
			if err != nil {
				b.Fatal(err)
			}
			defer c.CloseNow()
			if _, _, err := c.Read(ctx); err != nil { // the greeting
				b.Fatal(err)
			}
			var rtt []time.Duration
			for b.Loop() {
				// Unique across runs: the simulator refuses a reused REF_NO.
				ref := fmt.Sprintf("B-%s-%d", p.name, benchRef.Add(1))
				t0 := time.Now()
				if err := c.Write(ctx, websocket.MessageText, []byte(sale(ref, "1234"))); err != nil {
					b.Fatal(err)
				}
				_, msg, err := c.Read(ctx)
				if err != nil {
					b.Fatal(err)
				}
				rtt = append(rtt, time.Since(t0))
				var out struct{ RESP_CODE, REF_NO string }
				if err := json.Unmarshal(msg, &out); err != nil || out.REF_NO != ref || out.RESP_CODE != "00" {
					b.Fatalf("outcome %s: %v", msg, err)
				}
			}
			b.StopTimer()
			c.Close(websocket.StatusNormalClosure, "")
			slices.Sort(rtt)
			var total time.Duration
			for _, d := range rtt {
				total += d
			}
			b.ReportMetric(float64(rtt[len(rtt)/2].Nanoseconds())/1e3, "p50-us")
			b.ReportMetric(2*float64(len(rtt))/total.Seconds(), "msg/s")
		})
	}
}
