package terminalsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Fault is a way the terminal misbehaves on purpose, so that a client's
// handling of real terminals' failures can be tested. A financial request
// whose amount is the fault's trigger amount (9.01 to 9.07, see
// [Fault.Amount]) gets that fault; [Config.Fault] applies one to every
// financial request. Except for the misbehaviour, the request is processed
// normally: trigger amounts are approved.
type Fault string

const (
	// FaultNone is normal behaviour.
	FaultNone Fault = ""
	// FaultSilent (9.01): the terminal never answers. It models a terminal
	// that lost the request: nothing is charged, the busy slot is released at
	// once (a hung terminal would make every later test wait), and an
	// inquiry answers NOT_FOUND.
	FaultSilent Fault = "silent"
	// FaultChargeThenDrop (9.02): the terminal approves and charges (the
	// ledger says approved), then drops the connection before sending the
	// outcome. An inquiry finds it approved.
	FaultChargeThenDrop Fault = "charge-then-drop"
	// FaultDropBefore (9.03): the terminal drops the connection on receipt,
	// before processing. Nothing is charged; an inquiry answers NOT_FOUND.
	FaultDropBefore Fault = "drop-before"
	// FaultAckEcho (9.04): on receipt the terminal sends a plain-text
	// acknowledgement quoting the request ("Message received: {...}") and
	// the request itself verbatim, as the vendor's sample servers do; then
	// the outcome.
	FaultAckEcho Fault = "ack-echo"
	// FaultMalformed (9.05): before the outcome the terminal sends a
	// truncated JSON frame that starts like an approval.
	FaultMalformed Fault = "malformed"
	// FaultSlow (9.06): processing takes [Config.SlowDelay] instead of
	// [Config.Delay]; meanwhile the terminal is busy and an inquiry answers
	// IN_PROGRESS.
	FaultSlow Fault = "slow"
	// FaultOversize (9.07): before the outcome the terminal sends a JSON
	// notification padded past [Config.MaxMessage].
	FaultOversize Fault = "oversize"
)

// faultAmounts maps each fault to its trigger amount in minor units.
var faultAmounts = map[Fault]int64{
	FaultSilent:         901,
	FaultChargeThenDrop: 902,
	FaultDropBefore:     903,
	FaultAckEcho:        904,
	FaultMalformed:      905,
	FaultSlow:           906,
	FaultOversize:       907,
}

// Faults lists every fault but FaultNone, in trigger-amount order: for flag
// help texts.
func Faults() []Fault {
	fs := make([]Fault, 0, len(faultAmounts))
	for f := range faultAmounts {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, func(a, b Fault) int { return int(faultAmounts[a] - faultAmounts[b]) })
	return fs
}

// Amount is the fault's trigger amount in minor units (901 is 9.01), 0 for
// FaultNone or an unknown fault.
func (f Fault) Amount() int64 { return faultAmounts[f] }

// ParseFault reads a fault by name ("slow"), by trigger amount as a decimal
// ("9.06") or in minor units ("906"); "" and "none" are FaultNone. Case is
// ignored.
func ParseFault(s string) (Fault, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" || s == "none" {
		return FaultNone, nil
	}
	for f, amount := range faultAmounts {
		if s == string(f) {
			return f, nil
		}
		if n, err := parseAmount(s); err == nil && n == amount {
			return f, nil
		}
	}
	return FaultNone, fmt.Errorf("unknown fault %q (want one of %v or its amount 9.01..9.07)", s, Faults())
}

// faultFor picks the fault for a financial request: the configured one if
// any, else the one its amount triggers.
func faultFor(configured Fault, amount int64) Fault {
	if configured != FaultNone {
		return configured
	}
	for f, a := range faultAmounts {
		if a == amount {
			return f
		}
	}
	return FaultNone
}

// ackFrame is the vendor samples' plain-text acknowledgement. The request is
// quoted compacted so that over TCP the acknowledgement stays one line.
func ackFrame(raw []byte) []byte {
	var b bytes.Buffer
	b.WriteString("Message received: ")
	if err := json.Compact(&b, raw); err != nil {
		// Faults only apply to parsed requests, so raw is valid JSON; quote
		// it as is should that ever change.
		b.Write(raw)
	}
	return b.Bytes()
}

// malformedFrame starts like an approval in the dialect and stops
// mid-object: a client that pattern-matches instead of parsing would take
// it for one.
func (d *Dialect) malformedFrame() []byte {
	quote := func(s string) string {
		b, _ := json.Marshal(s) // a string always marshals
		return string(b)
	}
	s := "{" + quote(d.ResultField) + ": " + quote(d.ApprovedValue) + ", "
	if d.MessageField != "" {
		s += quote(d.MessageField)
	}
	return []byte(strings.TrimSuffix(s, " "))
}

// oversizeFrame is a well-formed notification (no result field) padded to
// more than max bytes.
func oversizeFrame(max int) []byte {
	pad := strings.Repeat("X", max+1)
	b, _ := json.Marshal(map[string]string{
		"EVENT":   "NOTICE",
		"MESSAGE": "OVERSIZE FRAME (FAULT 9.07)",
		"PADDING": pad,
	})
	return b
}
