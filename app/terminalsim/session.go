package terminalsim

import (
	"context"
	"errors"
	"log/slog"
	"time"
)

// writeTimeout bounds one write to a client, so that a client that stopped
// reading cannot hold a processing goroutine (and Close) forever.
const writeTimeout = 10 * time.Second

// peer is one connected client, whichever the transport.
type peer interface {
	// send writes one message: a WebSocket text frame, or a line over TCP.
	send(ctx context.Context, msg []byte) error
	// drop closes the connection abruptly, as a failing terminal would.
	drop()
	// String names the peer in logs.
	String() string
}

// reply sends msg to p, logging rather than returning a failure: the
// terminal has already decided, and a client that went away learns the
// outcome by inquiry.
//
// The write's context is not the simulator's: coder/websocket closes the
// connection when a write's context ends, even one that ended just after
// the write completed, so shutdown would race every last answer. Shutdown
// closes connections itself, which ends any blocked write.
func (s *Simulator) reply(p peer, msg []byte) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), writeTimeout)
	defer cancel()
	if err := p.send(ctx, msg); err != nil {
		s.log.Warn("terminal could not send", "peer", p.String(), "err", err)
	}
}

// greet pushes the connect notification.
func (s *Simulator) greet(p peer) {
	s.reply(p, greeting(s.term.tid, s.term.mid, s.term.batchNo()))
}

// handle answers one message from p. Everything answered at once (bad
// requests, inquiries, last transaction inquiries, busy and duplicate
// answers, the faults that act on receipt) is done here, in the
// connection's read loop, so that those answers keep their order. Processing runs in its own goroutine: the client may send
// an inquiry meanwhile, and the terminal keeps processing even if the client
// goes away, as a real one does.
func (s *Simulator) handle(p peer, raw []byte) {
	now := time.Now()
	log := s.log.With("peer", p.String())
	d := s.term.d
	req, err := parseRequestIn(d, raw)
	var bad *refusal
	switch {
	case errors.Is(err, errNotObject):
		log.Warn("terminal got a message that is not a JSON object", "err", err)
		s.reply(p, []byte("ERROR: "+err.Error()))
		return
	case errors.As(err, &bad):
		log.Warn("terminal refused a request", "ref", req.ref, "tran_code", req.code,
			"resp_code", bad.code, "resp_msg", bad.msg)
		s.reply(p, s.term.refused(req, bad, now).encode())
		return
	}
	log = log.With("ref", req.ref, "tran_code", req.code)
	switch req.role() {
	case roleInquiry:
		a := s.term.inquire(req, now)
		log.Info("terminal answered an inquiry", "orig_ref", req.origRef, "status", a[d.StatusField],
			"resp_code", a[d.ResultField])
		s.reply(p, a.encode())
		return
	case roleLast:
		a := s.term.lastTransaction(req, now)
		log.Info("terminal answered a last transaction inquiry", "status", a[d.StatusField],
			"resp_code", a[d.ResultField])
		s.reply(p, a.encode())
		return
	}
	if a, ok := s.term.begin(req, now); !ok {
		log.Info("terminal turned a request away", "resp_code", a[d.ResultField], "resp_msg", a[d.MessageField])
		s.reply(p, a.encode())
		return
	}
	fault, delay := FaultNone, s.Delay()
	if req.financial() {
		fault = faultFor(s.Fault(), req.amount)
	}
	if fault != FaultNone {
		log = log.With("fault", string(fault))
	}
	switch fault {
	case FaultDropBefore:
		s.term.abandon()
		log.Info("terminal drops the connection before processing (fault)")
		p.drop()
		return
	case FaultSilent:
		s.term.abandon()
		log.Info("terminal ignores the request (fault)")
		return
	case FaultAckEcho:
		s.reply(p, ackFrame(raw))
		s.reply(p, raw)
	case FaultSlow:
		delay = s.cfg.SlowDelay
	}
	started := s.group.Go(func() { s.process(p, req, fault, delay, log) })
	if !started {
		s.term.abandon()
	}
}

// process waits out the processing time, decides and records the
// transaction, and sends the outcome, misbehaving as fault says.
func (s *Simulator) process(p peer, req request, fault Fault, delay time.Duration, log *slog.Logger) {
	if err := sleep(s.ctx, delay); err != nil {
		s.term.abandon()
		log.Info("terminal closed while processing: nothing recorded")
		return
	}
	a := s.term.finish(req, time.Now())
	d := s.term.d
	log.Info("terminal processed a request", "resp_code", a[d.ResultField], "resp_msg", a[d.MessageField])
	switch fault {
	case FaultChargeThenDrop:
		log.Info("terminal drops the connection before the outcome (fault)")
		p.drop()
		return
	case FaultMalformed:
		s.reply(p, d.malformedFrame())
	case FaultOversize:
		s.reply(p, oversizeFrame(s.cfg.MaxMessage))
	}
	s.reply(p, a.encode())
}

// sleep waits d, or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
