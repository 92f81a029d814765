package main

import "testing"

// fakeTasks is a task queue the test runs by hand.
type fakeTasks []func()

func (q *fakeTasks) schedule(fire func()) { *q = append(*q, fire) }

func (q *fakeTasks) runAll() {
	for len(*q) > 0 {
		next := (*q)[0]
		*q = (*q)[1:]
		next()
	}
}

func TestBackgroundTaskCoalesces(t *testing.T) {
	tests := []struct {
		name      string
		posts     int  // before the queue runs
		postInRun bool // f posts once more the first time it runs
		wantTasks int  // tasks scheduled before the queue runs
		wantRuns  int
	}{
		{"none", 0, false, 0, 0},
		{"one", 1, false, 1, 1},
		{"a burst is one run", 5, false, 1, 1},
		{"a change while running runs again", 3, true, 1, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q fakeTasks
			runs := 0
			var b *backgroundTask
			b = &backgroundTask{schedule: q.schedule, f: func() {
				runs++
				if tt.postInRun && runs == 1 {
					b.post()
				}
			}}
			for range tt.posts {
				b.post()
			}
			if len(q) != tt.wantTasks {
				t.Errorf("%d tasks scheduled for %d posts, want %d", len(q), tt.posts, tt.wantTasks)
			}
			if runs != 0 {
				t.Errorf("f ran %d times before its task", runs)
			}
			q.runAll()
			if runs != tt.wantRuns {
				t.Errorf("f ran %d times, want %d", runs, tt.wantRuns)
			}
		})
	}
}

// Outside the browser there is no later task: f runs at once.
func TestBackgroundTaskWithoutScheduler(t *testing.T) {
	runs := 0
	b := newBackgroundTask(func() { runs++ })
	b.post()
	b.post()
	if runs != 2 {
		t.Errorf("f ran %d times for 2 posts, want 2", runs)
	}
}
