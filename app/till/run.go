package till

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
)

// Order is what the cashier asks for.
type Order struct {
	TypeCode string
	Amount   pos.Amount
	Mode     string
	OrigRef  string
	// Invoice is the billing software's bill number for a sale it handed
	// off (app/handoff), journalled with it; it is not sent.
	Invoice string
}

// acquire takes the one-in-flight guard: this till's, then other tabs'.
// With wait false it refuses at once when busy, so a double tap or a
// second Enter can never queue a second charge.
func (t *Till) acquire(ctx context.Context, wait bool) (release func(), err error) {
	if wait {
		select {
		case t.sem <- struct{}{}:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	} else {
		select {
		case t.sem <- struct{}{}:
		default:
			return nil, ErrBusy
		}
	}
	unlock := func() {}
	if t.cfg.Lock != nil {
		unlock, err = t.cfg.Lock(ctx)
		if err != nil {
			<-t.sem
			return nil, err
		}
	}
	return func() {
		unlock()
		<-t.sem
		t.freedMu.Lock()
		if t.freed != nil {
			close(t.freed)
			t.freed = nil
		}
		t.freedMu.Unlock()
	}, nil
}

// guardFreed returns a channel closed when the guard is next released.
func (t *Till) guardFreed() <-chan struct{} {
	t.freedMu.Lock()
	defer t.freedMu.Unlock()
	if t.freed == nil {
		t.freed = make(chan struct{})
	}
	return t.freed
}

// takeTerminal takes the one-in-flight guard without waiting, then the
// connected client: what a request the cashier starts needs before
// anything is journalled.
func (t *Till) takeTerminal(ctx context.Context) (*terminal.Client, func(), error) {
	release, err := t.acquire(ctx, false)
	if err != nil {
		return nil, nil, err
	}
	client := t.currentClient()
	if client == nil {
		release()
		return nil, nil, ErrNotConnected
	}
	return client, release, nil
}

// Run performs one transaction: it builds the request, writes it to the
// journal as pending, sends it once, and records what happens. Cancelling
// ctx is the cashier's "Stop waiting": the outcome becomes unknown.
//
// A nil error means the transaction reached a recorded end: the returned
// record's State is approved, declined, unknown or not_charged. An error
// means nothing was sent (ErrBusy, ErrOtherTab, ErrNotConnected,
// ErrJournal, or a bad order).
func (t *Till) Run(ctx context.Context, o Order) (journal.Record, error) {
	p, err := t.Prepare(ctx, o)
	if err != nil {
		return journal.Record{}, err
	}
	return p.Run(ctx, nil)
}

// transact is the write-ahead exchange every request to the terminal goes
// through: journal rec as pending (no entry, no request), then exchange.
func (t *Till) transact(ctx context.Context, client *terminal.Client, rec journal.Record, req pos.Request, by string) (out journal.Record, stopped bool, err error) {
	if err := t.begin(rec); err != nil {
		return journal.Record{}, false, err
	}
	return t.exchange(ctx, client, rec, req, by, nil)
}

// begin writes rec to the journal as pending: no entry, no request.
func (t *Till) begin(rec journal.Record) error {
	rec.State = pos.StatePending
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := t.cfg.Journal.Begin(ctx, rec); err != nil {
		return fmt.Errorf("%w: %w", ErrJournal, err)
	}
	return nil
}

// exchange sends req, journalled as pending, once, records sent, waits,
// and records the outcome or that it is unknown. stopped reports that the
// cashier stopped waiting. Nothing before the send waits on the browser,
// so a prepared charge leaves inside the task of the tap that sends it.
// outcome, if not nil, sees the terminal's outcome as it will be
// journalled, before its write.
func (t *Till) exchange(ctx context.Context, client *terminal.Client, rec journal.Record, req pos.Request, by string, outcome func(journal.Record)) (out journal.Record, stopped bool, err error) {
	ref := rec.Ref
	rec.State = pos.StatePending
	now := time.Now()
	// Held becomes in flight in one change: the page never sees the
	// transaction as neither.
	t.update(func(s *Status) {
		s.InFlight, s.InFlightSince = &rec, now
		if s.Held == ref {
			s.Held = ""
		}
	})
	defer t.update(func(s *Status) { s.InFlight = nil })

	col := t.collect()
	defer col.stop()
	pending, err := client.Send(ctx, req)
	if err != nil {
		if errors.Is(err, terminal.ErrNotSent) {
			out, err = t.record(ref, journal.Event{State: pos.StateNotCharged, By: "client",
				Note: "not sent: " + terminal.UserMessage(err), Frames: col.take()})
			return out, false, err
		}
		out, err = t.unknown(ref, err, col.take())
		return out, false, err
	}
	// The send is recorded while the terminal works: a quick answer need
	// not wait for it, and the outcome is written after it (journalled).
	sent := journal.Event{State: pos.StateSent, By: by, Frames: col.take()}
	journalled := make(chan error, 1)
	go func() {
		_, err := t.record(ref, sent)
		journalled <- err
	}()
	f, err := pending.Wait(ctx)
	var verdict journal.Event
	if err == nil {
		if f.Ref != "" && req.Ref != "" && strings.EqualFold(f.Ref, req.Ref) {
			t.keptReference("the terminal answered with " + req.Ref)
		}
		state := pos.StateDeclined
		if f.Approved {
			state = pos.StateApproved
		}
		verdict = journal.Event{State: state, By: "terminal", Fields: f.Fields, Note: f.Message, Frames: col.take()}
		if outcome != nil {
			now := time.Now()
			r, aerr := journal.Apply(rec, sent, now)
			if aerr == nil {
				r, aerr = journal.Apply(r, verdict, now)
			}
			if aerr == nil {
				outcome(r)
			}
		}
	}
	if jerr := <-journalled; jerr != nil {
		// The outcome can only follow sent: once more, now that nothing
		// else writes. Failing that, the outcome's own write fails too and
		// recovery, which treats pending as unknown, asks the terminal.
		if _, jerr = t.record(ref, sent); jerr != nil {
			t.logf("failed to record the send of %s: %v", ref, jerr)
		}
	}
	if err != nil {
		if errors.Is(err, terminal.ErrTimeout) {
			// No answer within the response timeout, on a connection
			// that may have died without a word: a cable pulled or a
			// terminal switched off sends no FIN, and the browser's
			// WebSocket sends nothing of its own to find out (its TCP
			// keepalive takes minutes). Dropping it makes the link loop
			// dial again, so the status line shows the link as it is
			// rather than Ready, and recovery, which the unknown outcome
			// asks for, runs on the next connection: Ready triggers it
			// again. A terminal merely slow loses nothing: its outcome
			// is asked for by reference.
			t.logf("no answer to %s within the response timeout: dropping the connection to find out whether the terminal is still there", ref)
			client.Drop(err)
		}
		out, rerr := t.unknown(ref, err, col.take())
		return out, errors.Is(err, terminal.ErrStopped), rerr
	}
	out, err = t.record(ref, verdict)
	return out, false, err
}

// record appends e to the journal and returns the record as written. If
// the append fails after a send, the outcome is still returned to the
// cashier, with the error, so it can be written down by hand.
func (t *Till) record(ref string, e journal.Event) (journal.Record, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rec, err := t.cfg.Journal.Append(ctx, ref, e)
	if err != nil {
		return rec, fmt.Errorf("failed to record %s for %s: %w", e.State, ref, err)
	}
	return rec, nil
}

func (t *Till) unknown(ref string, why error, frames []journal.Frame) (journal.Record, error) {
	by := "connection"
	switch {
	case errors.Is(why, terminal.ErrTimeout):
		by = "timeout"
	case errors.Is(why, terminal.ErrStopped):
		by = "cashier"
	}
	rec, err := t.record(ref, journal.Event{State: pos.StateUnknown, By: by, Note: terminal.UserMessage(why), Frames: frames})
	t.TriggerRecovery()
	return rec, err
}

// abort sends the profile's abort request, if it has one, after the
// cashier stopped waiting. Its answer does not settle the transaction:
// the terminal's own outcome or the inquiry does.
func (t *Till) abort(c *terminal.Client, ref string) {
	at, ok := t.cfg.Profile.TypeByRole(pos.RoleAbort)
	if !ok {
		return
	}
	req, err := t.cfg.Profile.BuildRequest(at.Code, pos.RequestParams{Ref: NewReference(), OrigRef: ref})
	if err != nil {
		t.logf("failed to build the abort request: %v", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.Do(ctx, req); err != nil {
		t.logf("abort request for %s got no answer: %v", ref, err)
	}
}

// markOriginal moves the sale a void or refund was about to its new state.
func (t *Till) markOriginal(typ pos.TranType, orig, by string) {
	if orig == "" {
		return
	}
	var to pos.State
	switch typ.Role {
	case pos.RoleVoid:
		to = pos.StateVoided
	case pos.RoleRefund:
		to = pos.StateRefunded
	default:
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := t.cfg.Journal.Append(ctx, orig, journal.Event{State: to, By: "terminal", Note: string(typ.Role) + " " + by}); err != nil {
		t.logf("failed to mark the original transaction %s: %v", orig, err)
	}
}
