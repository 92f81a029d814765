package terminalsim

import (
	"sync/atomic"
	"testing"
	"testing/synctest"
)

func TestGroup(t *testing.T) {
	tests := []struct {
		name       string
		closeFirst bool
		wantRun    bool
	}{
		{"runs while open", false, true},
		{"refuses once closed", true, false},
	}
	for _, tt := range tests {
		// In a bubble, so that the test knows when every goroutine of it
		// is blocked (synctest.Wait): then a call that has not returned
		// never will by itself.
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var g group
				if tt.closeFirst {
					g.closeAndWait()
				}
				var ran atomic.Bool
				release := make(chan struct{})
				started := g.Go(func() { <-release; ran.Store(true) })
				if started != tt.wantRun {
					t.Fatalf("Go() = %v, want %v", started, tt.wantRun)
				}
				done := make(chan struct{})
				go func() { g.closeAndWait(); close(done) }()
				if tt.wantRun {
					synctest.Wait()
					select {
					case <-done:
						t.Fatal("closeAndWait returned while a goroutine was running")
					default:
					}
				}
				close(release)
				<-done
				if ran.Load() != tt.wantRun {
					t.Errorf("ran = %v, want %v", ran.Load(), tt.wantRun)
				}
			})
		})
	}
}
