package terminalsim

import (
	"context"
	"sync/atomic"
	"testing"
)

func TestOnDone(t *testing.T) {
	tests := []struct {
		name    string
		cancel  bool // cancel the context before stop
		wantRun bool
	}{
		{name: "stopped before the context is done", cancel: false, wantRun: false},
		{name: "stopped while f runs", cancel: true, wantRun: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			started := make(chan struct{})
			release := make(chan struct{})
			var finished atomic.Bool
			stop := onDone(ctx, func() {
				close(started)
				<-release
				finished.Store(true)
			})
			if tt.cancel {
				cancel()
				<-started
				// f is now blocked; stop must wait for it, so release it
				// from elsewhere.
				go close(release)
			} else {
				close(release)
			}
			stop()
			if got := finished.Load(); got != tt.wantRun {
				t.Errorf("f finished = %v when stop returned, want %v", got, tt.wantRun)
			}
			cancel()
			select {
			case <-started:
				if !tt.wantRun {
					t.Error("f ran after stop")
				}
			default:
			}
		})
	}
}
