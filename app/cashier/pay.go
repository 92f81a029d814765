package cashier

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/lanepay/lanepay/app/handoff"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

// PayStage is where a hand-off from billing software stands, as the Pay
// screen shows it.
type PayStage int

// Pay stages. A hand-off starts at PayChecking (or PayRefused, when its
// parameters are refused) and ends at PayDone or PayRefused.
const (
	// PayChecking: the journal is read for the invoice.
	PayChecking PayStage = iota
	// PayRefused: nothing is charged, and nothing goes back: Problem
	// says why (Param names the parameter refused, if one was).
	PayRefused
	// PayReady: the payment waits for the cashier's tap on Charge.
	PayReady
	// PayCharging: the tap's charge is at the terminal.
	PayCharging
	// PayResolving: a charge of this invoice has an unknown outcome,
	// which recovery is asking the terminal about (Record).
	PayResolving
	// PayDone: Outcome goes back to the billing software.
	PayDone
)

// PayView is a hand-off as the Pay screen shows it.
type PayView struct {
	Stage PayStage
	// Request is the hand-off, from PayChecking on.
	Request handoff.Request
	// Param is the parameter a refusal is for; Problem says why, in a
	// sentence.
	Param   string
	Problem string
	// Record is the transaction being resolved (PayResolving), or the one
	// whose outcome goes back (PayDone).
	Record journal.Record
	// Own says Record is this hand-off's own charge, rather than an
	// earlier one of the same invoice.
	Own bool
	// Answered says the outcome was recorded before this hand-off:
	// nothing was charged now.
	Answered bool
	Outcome  handoff.Outcome
	// ReturnURL is Request.Return with Outcome in its query (PayDone).
	ReturnURL string
	// Err is why the last tap on Charge charged nothing (not connected,
	// the journal); the cashier may tap again.
	Err error
	// Warning is a failure after the outcome: its journal write.
	Warning string
}

// Pay is one hand-off from billing software (app/handoff): the Pay
// screen's logic. It reads the journal for the invoice, charges on the
// cashier's tap only, follows an unknown outcome until recovery settles
// it, and ends with the outcome to send back. Its methods may be called
// from any goroutine; changes are told through the core's Notify.
type Pay struct {
	c      *Core
	ctx    context.Context // ends with Close
	cancel context.CancelFunc
	wake   chan struct{} // recovery settled something

	mu sync.Mutex
	v  PayView
}

// payLookup bounds a read of the journal for an invoice; the journal may
// still be opening (up to 15 s).
const payLookup = 20 * time.Second

// payPoll is how often an unknown outcome being resolved is read again
// when nothing says it changed: another tab or window may settle it.
const payPoll = time.Second

// StartPay takes a hand-off's parameters (the /pay URL's query). A
// refusal is final at once; otherwise the journal is read for the
// invoice, in the background. Close it when the screen goes.
func (c *Core) StartPay(q url.Values) *Pay {
	ctx, cancel := context.WithCancel(context.Background())
	p := &Pay{c: c, ctx: ctx, cancel: cancel, wake: make(chan struct{}, 1)}
	r, err := handoff.Parse(q, c.Profile(), c.Settings().BillingOrigins)
	if err != nil {
		p.v = PayView{Stage: PayRefused, Problem: sentence(err.Error()) + " Nothing was charged."}
		if pe, ok := errors.AsType[*handoff.ParamError](err); ok {
			p.v.Param = pe.Param
		}
		return p
	}
	p.v = PayView{Stage: PayChecking, Request: r}
	c.mu.Lock()
	c.pay = p
	c.mu.Unlock()
	go func() {
		if err := p.check(); err != nil {
			p.refuse(journal.UserMessage(err))
		}
	}()
	return p
}

// View returns what the Pay screen shows.
func (p *Pay) View() PayView {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.v
}

// Close stops following an unknown outcome; a charge at the terminal
// goes on to its end, journalled as any other.
func (p *Pay) Close() {
	p.cancel()
	p.c.mu.Lock()
	if p.c.pay == p {
		p.c.pay = nil
	}
	p.c.mu.Unlock()
}

// set changes the view and tells the screens.
func (p *Pay) set(f func(v *PayView)) {
	p.mu.Lock()
	f(&p.v)
	p.mu.Unlock()
	p.c.Notify()
}

func (p *Pay) refuse(problem string) {
	p.set(func(v *PayView) { v.Stage, v.Problem = PayRefused, problem })
}

// prior reads the journal's transactions for the invoice.
func (p *Pay) prior(invoice string) ([]journal.Record, error) {
	ctx, cancel := context.WithTimeout(p.ctx, payLookup)
	defer cancel()
	return p.c.Journal().List(ctx, journal.Filter{Invoice: invoice})
}

// check reads the journal for the invoice and applies the idempotency
// rule (handoff.Decide).
func (p *Pay) check() error {
	r := p.View().Request
	prior, err := p.prior(r.Invoice)
	if err != nil {
		return err
	}
	p.decide(handoff.Decide(r, prior, p.c.Profile()))
	return nil
}

// decide moves to what d says.
func (p *Pay) decide(d handoff.Decision) {
	switch d.Action {
	case handoff.Charge:
		p.set(func(v *PayView) { v.Stage = PayReady })
	case handoff.Answer:
		p.done(d.Record, false, true, "")
	case handoff.Resolving:
		p.resolve(d.Record, false)
	case handoff.Refuse:
		p.refuse(sentence(d.Problem) + " Nothing was charged.")
	}
}

// done ends the hand-off with rec's outcome, unless it has ended.
func (p *Pay) done(rec journal.Record, own, answered bool, warning string) {
	prof := p.c.Profile()
	p.set(func(v *PayView) { v.finish(rec, own, answered, warning, prof) })
}

// finish ends v with rec's outcome, once.
func (v *PayView) finish(rec journal.Record, own, answered bool, warning string, prof *pos.Profile) {
	if v.Stage == PayDone || v.Stage == PayRefused {
		return
	}
	o := handoff.OutcomeOf(rec, prof)
	v.Stage, v.Record, v.Own, v.Answered, v.Outcome, v.Warning = PayDone, rec, own, answered, o, warning
	v.ReturnURL = handoff.ReturnURL(v.Request.Return, o)
}

// resolve waits for recovery to settle rec: this hand-off's own charge
// then ends with its outcome; an earlier one is decided again (approved:
// its outcome goes back; otherwise the bill may be charged).
func (p *Pay) resolve(rec journal.Record, own bool) {
	p.set(func(v *PayView) { v.Stage, v.Record, v.Own = PayResolving, rec, own })
	p.c.Till().TriggerRecovery()
	go p.follow(rec, own)
}

func (p *Pay) follow(rec journal.Record, own bool) {
	tick := time.NewTicker(payPoll)
	defer tick.Stop()
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-p.wake:
		case <-tick.C:
		}
		if p.View().Stage != PayResolving {
			return // returned without waiting
		}
		ctx, cancel := context.WithTimeout(p.ctx, payLookup)
		now, err := p.c.Journal().Get(ctx, rec.Ref)
		cancel()
		if err != nil || now.Unresolved() {
			continue
		}
		if own {
			p.done(now, true, false, "")
			return
		}
		if err := p.check(); err != nil && p.ctx.Err() == nil {
			p.refuse(journal.UserMessage(err))
		}
		return
	}
}

// settled wakes a hand-off following an unknown outcome: recovery has
// settled something.
func (p *Pay) settled() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// ReturnUnknown ends a hand-off whose outcome is being resolved without
// waiting: the billing software gets status unknown, and a later
// hand-off of the invoice gets the outcome recovery finds.
func (p *Pay) ReturnUnknown() {
	prof := p.c.Profile()
	p.set(func(v *PayView) {
		if v.Stage == PayResolving {
			v.finish(v.Record, v.Own, !v.Own, "", prof)
		}
	})
}

// Charge is the cashier's tap on Charge: the only way a hand-off
// charges. It returns at once; the view follows the charge. The journal
// is read for the invoice again first: another tab or window may have
// charged it since the screen opened.
func (p *Pay) Charge() {
	p.mu.Lock()
	if p.v.Stage != PayReady {
		p.mu.Unlock()
		return
	}
	p.v.Stage, p.v.Err = PayCharging, nil
	r := p.v.Request
	p.mu.Unlock()
	p.c.Notify()
	go p.charge(r)
}

func (p *Pay) charge(r handoff.Request) {
	prior, err := p.prior(r.Invoice)
	if err != nil {
		p.set(func(v *PayView) { v.Stage, v.Err = PayReady, err })
		return
	}
	if d := handoff.Decide(r, prior, p.c.Profile()); d.Action != handoff.Charge {
		p.decide(d)
		return
	}
	o, err := SaleOrder(p.c.Profile(), r)
	if err != nil {
		p.set(func(v *PayView) { v.Stage, v.Err = PayReady, err })
		return
	}
	var mu sync.Mutex
	var shown *journal.Record
	rec, err := p.c.Charge(context.Background(), p.c.Till(), nil, o, func(r journal.Record) {
		mu.Lock()
		shown = &r
		mu.Unlock()
	})
	mu.Lock()
	early := shown
	mu.Unlock()
	switch {
	case err != nil && early == nil:
		// Nothing came back from the terminal. An entry the charge left
		// open (a journal write failed after the send) is the invoice's
		// too: the next tap reads it first.
		p.set(func(v *PayView) { v.Stage, v.Err = PayReady, err })
	case err != nil:
		// The terminal answered, and the journal may not have it: it
		// goes back all the same, since the money moved as it says.
		p.done(*early, true, false, journal.UserMessage(err))
	case rec.Unresolved():
		p.resolve(rec, true)
	default:
		p.done(rec, true, false, "")
	}
}

// SaleOrder is the sale a hand-off charges: the profile's sale type and
// first payment mode, as the Charge screen starts with, for the bill's
// amount and invoice.
func SaleOrder(p *pos.Profile, r handoff.Request) (till.Order, error) {
	t, ok := p.TypeByRole(pos.RoleSale)
	if !ok {
		return till.Order{}, errors.New("the profile has no sale type, so a hand-off cannot be charged")
	}
	o := till.Order{TypeCode: t.Code, Amount: r.Amount, Invoice: r.Invoice}
	if len(p.Modes) > 0 {
		o.Mode = p.Modes[0].Code
	}
	return o, nil
}

// sentence is s with a capital and a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
