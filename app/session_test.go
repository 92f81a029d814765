package main

import "testing"

// While a charge is prepared or in flight, the core's changes wait for a
// task of their own, a burst of them told once; otherwise (Ready at
// start-up) they are told at once.
func TestSessionNotify(t *testing.T) {
	tests := []struct {
		name       string
		charging   []bool // one notify each
		wantAtOnce int    // told before the queued tasks run
		wantTasks  int
	}{
		{"idle: at once", []bool{false}, 1, 0},
		{"charging: in a task", []bool{true}, 0, 1},
		{"a burst while charging: one task", []bool{true, true, true}, 0, 1},
		{"idle after charging: at once, and the task still runs", []bool{true, false}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var q fakeTasks
			s := &session{listeners: map[int]func(){}}
			s.changed = &backgroundTask{f: s.tell, schedule: q.schedule}
			told := 0
			s.subscribe(func() { told++ })
			for _, c := range tt.charging {
				s.notify(c)
			}
			if told != tt.wantAtOnce || len(q) != tt.wantTasks {
				t.Errorf("told %d times with %d tasks queued, want %d and %d", told, len(q), tt.wantAtOnce, tt.wantTasks)
			}
			q.runAll()
			if want := tt.wantAtOnce + tt.wantTasks; told != want {
				t.Errorf("told %d times once the tasks ran, want %d", told, want)
			}
		})
	}
}

// Unsubscribing stops the telling.
func TestSessionUnsubscribe(t *testing.T) {
	s := &session{listeners: map[int]func(){}}
	told := 0
	unsub := s.subscribe(func() { told++ })
	s.notify(false)
	unsub()
	s.notify(false)
	if told != 1 {
		t.Errorf("told %d times, want once before unsubscribing", told)
	}
}
