package till

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
)

// NoteNotFoundUnproven is the journal's note when the terminal found no
// record of a transaction but has not shown that it keeps lanepay's
// references, so the answer proves nothing (evidence.go).
const NoteNotFoundUnproven = "the terminal found no record of it, but it has not shown that it keeps lanepay's references: read the terminal and record the outcome by hand"

// ErrNoInquiry says the profile cannot ask the terminal about a
// transaction: the cashier must read the terminal's screen or slip.
var ErrNoInquiry = errors.New("the terminal cannot be asked about past transactions: check its screen or slip and record the outcome by hand")

// CanInquire reports whether the profile can ask the terminal about a
// transaction by reference.
func (t *Till) CanInquire() bool {
	_, ok := t.cfg.Profile.TypeByRole(pos.RoleInquiry)
	return ok && t.cfg.Profile.ReferenceField != "" && t.cfg.Profile.OriginalReferenceField != ""
}

func (t *Till) recoverLoop(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.recoverCh:
		}
		retry, err := t.Recover(ctx)
		if err != nil && ctx.Err() == nil {
			t.logf("recovery stopped: %v", err)
		}
		if errors.Is(err, ErrOtherTab) {
			// Another tab has the terminal (a charge of its own, or,
			// after a reload mid-charge, this page's old lease until it
			// expires): ask again once it may have let go, rather than
			// leave the outcome unknown until the next connection.
			retry = true
		}
		if retry {
			// Something is still in progress at the terminal: ask again.
			t.loops.Add(1)
			go func() {
				defer t.loops.Done()
				select {
				case <-time.After(t.cfg.RetryInquiry):
					t.TriggerRecovery()
				case <-ctx.Done():
				}
			}()
		}
	}
}

// Recover asks the terminal about every unresolved transaction and records
// the answers. retry reports that some are still in progress at the
// terminal. It stops at the first transport error: reconnecting runs it
// again.
func (t *Till) Recover(ctx context.Context) (retry bool, err error) {
	recs, err := t.cfg.Journal.Unresolved(ctx)
	if err != nil || len(recs) == 0 {
		return false, err
	}
	if !t.CanInquire() {
		return false, ErrNoInquiry
	}
	t.update(func(s *Status) { s.Recovering = true })
	defer t.update(func(s *Status) { s.Recovering = false })
	for _, rec := range recs {
		again, err := t.settle(ctx, rec.Ref)
		if err != nil {
			return false, err
		}
		retry = retry || again
	}
	return retry, nil
}

// settle asks about one transaction, holding the one-in-flight guard so no
// charge can interleave with the inquiry.
//
// It does not queue for the guard. The transaction may be the charge in
// flight in this till, read as unresolved a moment before its outcome: a
// recovery queued behind it would take the guard as that charge let go of
// it, and the cashier's next tap would find the till busy. So while the
// guard is held, settle waits for its release, reads the transaction
// again and, if it is still unresolved, tries once more: a cashier who
// taps meanwhile goes first.
func (t *Till) settle(ctx context.Context, ref string) (retry bool, err error) {
	var rec journal.Record
	for {
		freed := t.guardFreed()
		release, err := t.acquire(ctx, false)
		if err == nil {
			defer release()
			break
		}
		if !errors.Is(err, ErrBusy) {
			return false, err
		}
		select {
		case <-freed:
		case <-ctx.Done():
			return false, ctx.Err()
		}
		if rec, err = t.cfg.Journal.Get(ctx, ref); err != nil {
			return false, err
		}
		if !rec.Unresolved() {
			return false, nil // settled meanwhile, by the charge itself
		}
	}
	rec, err = t.cfg.Journal.Get(ctx, ref)
	if err != nil {
		return false, err
	}
	if !rec.Unresolved() {
		return false, nil // settled meanwhile
	}
	client := t.currentClient()
	if client == nil || ended(client) {
		// Dropped (a charge's answer timed out) or lost, and not yet
		// replaced: Ready on the next connection asks again.
		return false, ErrNotConnected
	}
	if rec.State != pos.StateUnknown {
		// Pending or sent with nobody waiting: the page was closed or
		// crashed mid-transaction. Its outcome is unknown until asked.
		if rec, err = t.record(ref, journal.Event{State: pos.StateUnknown, By: "recovery", Note: "interrupted before an outcome was recorded"}); err != nil {
			return false, err
		}
	}
	it, _ := t.cfg.Profile.TypeByRole(pos.RoleInquiry)
	req, err := t.cfg.Profile.BuildRequest(it.Code, pos.RequestParams{Ref: NewReference(), OrigRef: ref})
	if err != nil {
		return false, fmt.Errorf("failed to build the status inquiry: %w", err)
	}
	col := t.collect()
	defer col.stop()
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	f, err := client.Do(qctx, req)
	cancel()
	if err != nil {
		_, _ = t.record(ref, journal.Event{By: "inquiry", Note: "status inquiry got no answer", Frames: col.take()})
		return false, fmt.Errorf("failed to ask about %s: %w", ref, err)
	}
	switch t.cfg.Profile.InquiryAnswer(f) {
	case pos.InquiryFound:
		t.keptReference("a status inquiry found " + ref)
		state := pos.StateDeclined
		if f.Approved {
			state = pos.StateApproved
		}
		settled, err := t.record(ref, journal.Event{State: state, By: "inquiry", Fields: f.Fields, Note: f.Message, Frames: col.take()})
		if err == nil && state == pos.StateApproved {
			if typ, ok := t.cfg.Profile.Type(rec.TypeCode); ok {
				t.markOriginal(typ, rec.OrigRef, ref)
			}
		}
		t.settled(settled, err)
		return false, err
	case pos.InquiryNotFound:
		if !rec.RefSent || !t.TrustsNotFound() {
			// Not proof (evidence.go): the cashier reads the terminal.
			_, err = t.record(ref, journal.Event{By: "inquiry", Note: NoteNotFoundUnproven, Frames: col.take()})
			return false, err
		}
		settled, err := t.record(ref, journal.Event{State: pos.StateNotCharged, By: "inquiry", Note: "the terminal has no record of it", Frames: col.take()})
		t.settled(settled, err)
		return false, err
	case pos.InquiryInProgress:
		_, err = t.record(ref, journal.Event{By: "inquiry", Note: "the terminal is still processing it", Frames: col.take()})
		return true, err
	default:
		_, err = t.record(ref, journal.Event{By: "inquiry", Note: "the terminal's answer did not say", Frames: col.take()})
		return false, err
	}
}

// ended reports that c's connection has ended.
func ended(c *terminal.Client) bool {
	select {
	case <-c.Done():
		return true
	default:
		return false
	}
}

// settled tells OnSettled of a transaction recovery has just settled.
func (t *Till) settled(rec journal.Record, err error) {
	if err == nil && t.cfg.OnSettled != nil {
		t.cfg.OnSettled(rec)
	}
}

// LastTransaction asks the terminal for the last transaction it
// processed, for the cashier to compare with an outcome lanepay could not
// settle by itself (NoteNotFoundUnproven). It settles nothing: the
// cashier records what it says. ErrNoLastTransaction when the profile
// cannot ask.
func (t *Till) LastTransaction(ctx context.Context) (pos.Frame, error) {
	lt, ok := t.cfg.Profile.TypeByRole(pos.RoleLastTransaction)
	if !ok {
		return pos.Frame{}, ErrNoLastTransaction
	}
	// Waits its turn behind an inquiry, as the cashier would.
	release, err := t.acquire(ctx, true)
	if err != nil {
		return pos.Frame{}, err
	}
	defer release()
	client := t.currentClient()
	if client == nil {
		return pos.Frame{}, ErrNotConnected
	}
	req, err := t.cfg.Profile.BuildRequest(lt.Code, pos.RequestParams{Ref: NewReference()})
	if err != nil {
		return pos.Frame{}, fmt.Errorf("failed to build the last-transaction request: %w", err)
	}
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	f, err := client.Do(qctx, req)
	if err != nil {
		return pos.Frame{}, fmt.Errorf("failed to ask for the terminal's last transaction: %w", err)
	}
	return f, nil
}

// ErrNoLastTransaction says the profile has no request for the
// terminal's last transaction.
var ErrNoLastTransaction = errors.New("the profile cannot ask the terminal for its last transaction: read its screen or slip")

// ResolveByHand records the outcome the cashier read on the terminal's
// screen or slip, with their note.
func (t *Till) ResolveByHand(ctx context.Context, ref string, approved bool, note string) (journal.Record, error) {
	release, err := t.acquire(ctx, true)
	if err != nil {
		return journal.Record{}, err
	}
	defer release()
	rec, err := t.cfg.Journal.Get(ctx, ref)
	if err != nil {
		return rec, err
	}
	if !rec.Unresolved() {
		return rec, fmt.Errorf("transaction %s is already %s", ref, rec.State)
	}
	if rec.State != pos.StateUnknown {
		if _, err := t.record(ref, journal.Event{State: pos.StateUnknown, By: "cashier", Note: "outcome to be recorded by hand"}); err != nil {
			return rec, err
		}
	}
	state := pos.StateDeclined
	if approved {
		state = pos.StateApproved
	}
	out, err := t.record(ref, journal.Event{State: state, By: "cashier", Note: note})
	if err == nil && approved {
		// As the terminal's own answer would: a void or refund the cashier
		// read as approved changed its sale.
		if typ, ok := t.cfg.Profile.Type(rec.TypeCode); ok {
			t.markOriginal(typ, rec.OrigRef, ref)
		}
	}
	return out, err
}
