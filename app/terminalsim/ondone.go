package terminalsim

import "context"

// onDone runs f once ctx is done, as context.AfterFunc does, but its stop
// also waits for an f that has already started. context.AfterFunc's stop
// returns at once in that case, which would leave f's goroutine running
// after the handler that set it up returned, and Close promises that
// nothing of the simulator runs once it returns.
func onDone(ctx context.Context, f func()) (stop func()) {
	finished := make(chan struct{})
	stopFunc := context.AfterFunc(ctx, func() {
		defer close(finished)
		f()
	})
	return func() {
		if !stopFunc() {
			<-finished
		}
	}
}
