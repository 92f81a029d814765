package till

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
)

// ErrPreparedUsed is what a Prepared that already ran or was cancelled
// answers.
var ErrPreparedUsed = errors.New("this prepared transaction was already sent or cancelled")

// ErrNoOriginalAnswer says a void, refund or completion cannot name its
// original as its template asks: nothing was sent.
var ErrNoOriginalAnswer = errors.New("the original transaction's answer is not at hand")

// Prepared is a transaction with everything done that must come before
// its send: the terminal taken, the request built and journalled as
// pending. The page prepares a charge when the cashier presses Charge, so
// that the release sends it at once: in a browser, any step that waits
// on it (the Web Lock, IndexedDB) waits for the next frame after a tap,
// 8 to 16 ms, but a press comes about 100 ms before its tap.
//
// A Prepared must end with Run or Cancel. If the page crashes before
// either, recovery finds the entry pending, as it would any request whose
// send is in doubt, and asks the terminal.
type Prepared struct {
	t       *Till
	order   Order
	typ     pos.TranType
	client  *terminal.Client
	release func()
	rec     journal.Record
	req     pos.Request
	expiry  *time.Timer

	mu   sync.Mutex
	used bool
}

// Prepare takes the terminal (refusing at once when busy), builds the
// request for o and journals it as pending. Its errors are Run's before
// anything is sent.
func (t *Till) Prepare(ctx context.Context, o Order) (*Prepared, error) {
	pr := t.cfg.Profile
	typ, ok := pr.Type(o.TypeCode)
	if !ok {
		return nil, fmt.Errorf("the profile has no transaction type %q", o.TypeCode)
	}
	original, err := t.original(ctx, typ, o.OrigRef)
	if err != nil {
		return nil, err
	}
	client, release, err := t.takeTerminal(ctx)
	if err != nil {
		return nil, err
	}
	ref := NewReference()
	req, err := pr.BuildRequest(typ.Code, pos.RequestParams{Amount: o.Amount, Mode: o.Mode, Ref: ref, OrigRef: o.OrigRef, Original: original})
	if err != nil {
		release()
		return nil, err
	}
	rec := journal.Record{
		Ref: ref, Terminal: t.Status().Terminal, TypeCode: typ.Code, TypeName: typ.Name,
		Role: string(typ.Role), Amount: o.Amount, Mode: req.Params.Mode, OrigRef: o.OrigRef,
		RefSent: req.Ref != "", Invoice: o.Invoice,
	}
	// Held without a change notice: the notice would have the page read
	// the journal, and IndexedDB would queue the pending write behind it.
	t.mu.Lock()
	t.status.Held = ref
	t.mu.Unlock()
	if err := t.begin(rec); err != nil {
		t.unhold(ref)
		release()
		return nil, err
	}
	p := &Prepared{t: t, order: o, typ: typ, client: client, release: release, rec: rec, req: req}
	// Under mu: the timer may fire, and read it, before AfterFunc returns.
	p.mu.Lock()
	p.expiry = time.AfterFunc(t.cfg.PrepareHold, func() {
		if err := p.Cancel("nothing sent it within " + t.cfg.PrepareHold.String()); err != nil && !errors.Is(err, ErrPreparedUsed) {
			t.logf("failed to cancel the unsent %s: %v", ref, err)
		}
	})
	p.mu.Unlock()
	return p, nil
}

// original is the recorded answer of the transaction a void, refund or
// completion is about, for the identifiers its template takes from it
// ({{orig.NAME}}): they are the original's own, or the request is refused.
func (t *Till) original(ctx context.Context, typ pos.TranType, origRef string) (map[string]string, error) {
	if origRef == "" || len(typ.OriginalFields()) == 0 {
		return nil, nil
	}
	rec, err := t.cfg.Journal.Get(ctx, origRef)
	if errors.Is(err, journal.ErrNotFound) {
		return nil, fmt.Errorf("%w: %s is not in this till's journal, so its %s cannot be sent: do it on the terminal itself", ErrNoOriginalAnswer, origRef, strings.Join(typ.OriginalFields(), " and "))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrJournal, err)
	}
	if rec.State != pos.StateApproved && rec.State != pos.StateRefunded {
		return nil, fmt.Errorf("%w: %s is %s, not approved", ErrNoOriginalAnswer, origRef, rec.State)
	}
	return rec.Fields, nil
}

// Order is what p was prepared for.
func (p *Prepared) Order() Order { return p.order }

// Ref is the reference p was journalled under.
func (p *Prepared) Ref() string { return p.rec.Ref }

// take marks p used; false if it already was.
func (p *Prepared) take() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.used {
		return false
	}
	p.used = true
	p.expiry.Stop()
	return true
}

// Run sends p once and records what happens, as Till.Run does after its
// journal write; it waits on nothing before the send. outcome, if not
// nil, is called with the terminal's outcome as soon as it arrives, as
// it will be journalled, while it is written: the cashier need not wait
// for the disk. Run's own result is the record as written.
func (p *Prepared) Run(ctx context.Context, outcome func(journal.Record)) (journal.Record, error) {
	if !p.take() {
		return journal.Record{}, ErrPreparedUsed
	}
	t := p.t
	defer p.release()
	client := p.client
	select {
	case <-client.Done():
		// The link was lost and made again since the press: nothing was
		// sent on the old one, and the guard is still held, so the new one
		// carries the request. It is to the same terminal: another one is
		// another till (cashier.Lifecycle).
		if c := t.currentClient(); c != nil {
			client = c
		}
	default:
	}
	out, stopped, err := t.exchange(ctx, client, p.rec, p.req, "client", outcome)
	if stopped {
		t.abort(client, p.rec.Ref)
	}
	if err == nil && out.State == pos.StateApproved {
		t.markOriginal(p.typ, p.order.OrigRef, p.rec.Ref)
	}
	return out, err
}

// Cancel records that p was never sent, and why, and frees the terminal.
func (p *Prepared) Cancel(why string) error {
	if !p.take() {
		return ErrPreparedUsed
	}
	t := p.t
	defer p.release()
	defer t.unhold(p.rec.Ref)
	_, err := t.record(p.rec.Ref, journal.Event{State: pos.StateNotCharged, By: "client", Note: "not sent: " + why})
	return err
}

// unhold clears Held if it still names ref, with a change notice.
func (t *Till) unhold(ref string) {
	t.update(func(s *Status) {
		if s.Held == ref {
			s.Held = ""
		}
	})
}
