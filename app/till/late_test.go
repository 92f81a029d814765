package till_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/testkit"
	"github.com/lanepay/lanepay/app/till"
)

// A terminal that keeps no reference answers a sale the cashier stopped
// waiting for while the next sale is in flight. That late answer is not
// the next sale's: taking it would record one customer's approval, card
// and identifiers under another customer's declined sale.
func TestLateAnswerIsNotTheNextOutcome(t *testing.T) {
	// The terminal: it holds the first request's answer, and sends it,
	// without a reference, just before the second's.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, nil)
		if err != nil {
			return
		}
		defer c.CloseNow()
		ctx := r.Context()
		var held []byte
		for {
			_, msg, err := c.Read(ctx)
			if err != nil {
				return
			}
			var req map[string]string
			if json.Unmarshal(msg, &req) != nil {
				continue
			}
			answer, _ := json.Marshal(map[string]string{"RESP_CODE": "00", "TRAN_CODE": req["TRAN_CODE"], "AMOUNT": req["AMOUNT"], "RRN": "RRN-OF-" + req["AMOUNT"]})
			if held == nil {
				held = answer // the first sale: answered late
				continue
			}
			_ = c.Write(ctx, websocket.MessageText, held)
			declined, _ := json.Marshal(map[string]string{"RESP_CODE": "51", "TRAN_CODE": req["TRAN_CODE"], "AMOUNT": req["AMOUNT"]})
			_ = c.Write(ctx, websocket.MessageText, declined)
		}
	}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/"
	p := pos.DefaultProfile()
	j := journal.NewMemory()
	tl := till.New(till.Config{Journal: j, Profile: p, Terminal: url, Logf: quietf,
		Dial: func(ctx context.Context, opts *terminal.Options) (*terminal.Client, error) {
			return terminal.Connect(ctx, url, p, opts)
		}})
	tl.Start(context.Background())
	defer tl.Stop()
	testkit.Eventually(t, "Ready", func() bool { return tl.Status().Link == till.Ready })

	stopped, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	first, err := tl.Run(stopped, sale(906))
	if err != nil || first.State != pos.StateUnknown {
		t.Fatalf("the first sale: %v %v, want unknown", first.State, err)
	}
	second, err := tl.Run(context.Background(), sale(1051))
	if err != nil {
		t.Fatal(err)
	}
	if second.State != pos.StateDeclined || journal.Field(second.Fields, "RRN") == "RRN-OF-906" {
		t.Errorf("the second sale is %s with RRN %q: it took the first sale's late answer", second.State, journal.Field(second.Fields, "RRN"))
	}
}
