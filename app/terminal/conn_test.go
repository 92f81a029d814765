package terminal_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/terminal"
)

// What the cashier reads for each way a connection fails: the bridge's
// own server out of reach is said in plain words, without the bridge's
// URL (which names the terminal, encoded) and without blaming the
// terminal.
func TestUserMessage(t *testing.T) {
	bridgeURL := "wss://10.0.0.20:8443/bridge?target=ws%3A%2F%2F10.0.0.30%3A5000%2F&type=ws"
	tests := []struct {
		name      string
		err       error
		want, not []string
	}{
		{"the terminal silent", &terminal.DialError{URL: "ws://10.0.0.30:5000/", Err: context.DeadlineExceeded},
			[]string{"the terminal did not answer at ws://10.0.0.30:5000/"}, nil},
		{"the terminal refusing", &terminal.DialError{URL: "ws://10.0.0.30:5000/", Err: errors.New("use of closed network connection")},
			[]string{"could not reach the terminal at ws://10.0.0.30:5000/"}, nil},
		{"the server silent", &terminal.ServerError{Server: "10.0.0.20:8443", Err: &terminal.DialError{URL: bridgeURL, Err: context.DeadlineExceeded}},
			[]string{"the till's server cannot be reached at 10.0.0.20:8443", "check that the server is running"},
			[]string{"bridge?", "%3A", "terminal did not answer", "could not reach the terminal"}},
		{"the server refusing", fmt.Errorf("dial: %w", &terminal.ServerError{Server: "10.0.0.20:8443", Err: &terminal.DialError{URL: bridgeURL, Err: errors.New("use of closed network connection")}}),
			[]string{"the till's server cannot be reached at 10.0.0.20:8443"},
			[]string{"bridge?", "%3A", "could not reach the terminal"}},
		{"no answer in time", terminal.ErrTimeout, []string{"the terminal did not answer in time"}, nil},
		{"dropped for its silence", fmt.Errorf("%w: %w", terminal.ErrDisconnected, terminal.ErrTimeout), []string{"the terminal did not answer in time"}, nil},
		{"lost", terminal.ErrDisconnected, []string{"the connection to the terminal was lost"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := terminal.UserMessage(tt.err)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("UserMessage = %q, want it to say %q", msg, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(msg, n) {
					t.Errorf("UserMessage = %q, must not say %q", msg, n)
				}
			}
		})
	}
}
