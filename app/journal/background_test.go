package journal

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

func TestBackground(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		open    func() (Store, error)
		wantErr error
	}{
		{name: "opened", open: func() (Store, error) { return NewMemory(), nil }},
		{name: "open failed", open: func() (Store, error) { return nil, ErrUnavailable }, wantErr: ErrUnavailable},
	}
	for _, tt := range tests {
		// In a bubble, so that the test knows when every goroutine of it
		// is blocked (synctest.Wait): then a call that has not returned
		// never will by itself.
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				release := make(chan struct{})
				b := OpenInBackground(func() (Store, error) { <-release; return tt.open() })
				if b.Err() != nil {
					t.Fatal("Err before the open finished")
				}
				// A call made while opening waits, then goes through or fails.
				done := make(chan error, 1)
				go func() { done <- b.Begin(ctx, Record{Ref: "BG1", Amount: 100}) }()
				synctest.Wait()
				select {
				case err := <-done:
					t.Fatalf("Begin returned before the open finished: %v", err)
				default:
				}
				close(release)
				err := <-done
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Begin: %v, want %v", err, tt.wantErr)
				}
				if !errors.Is(b.Err(), tt.wantErr) {
					t.Errorf("Err: %v, want %v", b.Err(), tt.wantErr)
				}
				if tt.wantErr != nil {
					if _, err := b.Unresolved(ctx); !errors.Is(err, tt.wantErr) {
						t.Errorf("Unresolved: %v", err)
					}
					return
				}
				if r, err := b.Append(ctx, "BG1", Event{State: pos.StateSent}); err != nil || r.State != pos.StateSent {
					t.Errorf("Append: %v %v", r.State, err)
				}
				if recs, err := b.List(ctx, Filter{}); err != nil || len(recs) != 1 {
					t.Errorf("List: %v %v", recs, err)
				}
				if err := b.Close(); err != nil {
					t.Error(err)
				}
			})
		})
	}
	// A caller that gives up while the open hangs gets an error, not a hang.
	b := OpenInBackground(func() (Store, error) { select {} })
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := b.Get(cctx, "X"); err == nil {
		t.Error("Get on a hanging open returned no error")
	}
}
