package terminalsim

import (
	"sync/atomic"
	"testing"
	"time"
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
		t.Run(tt.name, func(t *testing.T) {
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
				select {
				case <-done:
					t.Fatal("closeAndWait returned while a goroutine was running")
				case <-time.After(20 * time.Millisecond):
				}
			}
			close(release)
			<-done
			if ran.Load() != tt.wantRun {
				t.Errorf("ran = %v, want %v", ran.Load(), tt.wantRun)
			}
		})
	}
}
