package terminalsim

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseFault(t *testing.T) {
	tests := []struct {
		in   string
		want Fault
		ok   bool
	}{
		{"", FaultNone, true},
		{"none", FaultNone, true},
		{"silent", FaultSilent, true},
		{" Charge-Then-Drop ", FaultChargeThenDrop, true},
		{"9.03", FaultDropBefore, true},
		{"904", FaultAckEcho, true},
		{"9.05", FaultMalformed, true},
		{"slow", FaultSlow, true},
		{"9.07", FaultOversize, true},
		{"9.08", FaultNone, false},
		{"100", FaultNone, false},
		{"explode", FaultNone, false},
	}
	for _, tt := range tests {
		t.Run("in "+tt.in, func(t *testing.T) {
			got, err := ParseFault(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParseFault(%q) = %q, %v; want %q, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestFaultsAndAmounts(t *testing.T) {
	want := []Fault{FaultSilent, FaultChargeThenDrop, FaultDropBefore, FaultAckEcho,
		FaultMalformed, FaultSlow, FaultOversize}
	if got := Faults(); !slices.Equal(got, want) {
		t.Fatalf("Faults() = %v, want %v", got, want)
	}
	for i, f := range want {
		if got := f.Amount(); got != int64(901+i) {
			t.Errorf("%s.Amount() = %d, want %d", f, got, 901+i)
		}
	}
	if FaultNone.Amount() != 0 {
		t.Errorf("FaultNone.Amount() = %d", FaultNone.Amount())
	}
}

func TestFaultFor(t *testing.T) {
	tests := []struct {
		name       string
		configured Fault
		amount     int64
		want       Fault
	}{
		{"plain amount", FaultNone, 100, FaultNone},
		{"trigger amount", FaultNone, 906, FaultSlow},
		{"trigger is exact", FaultNone, 1906, FaultNone},
		{"configured wins", FaultMalformed, 906, FaultMalformed},
		{"configured on any amount", FaultSilent, 100, FaultSilent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := faultFor(tt.configured, tt.amount); got != tt.want {
				t.Errorf("faultFor(%q, %d) = %q, want %q", tt.configured, tt.amount, got, tt.want)
			}
		})
	}
}

func TestFaultFrames(t *testing.T) {
	if got := string(ackFrame([]byte("{\n \"A\": \"1\"\n}"))); got != `Message received: {"A":"1"}` {
		t.Errorf("ackFrame = %q", got)
	}
	if json.Valid(malformedFrame) {
		t.Errorf("malformedFrame is valid JSON: %s", malformedFrame)
	}
	big := oversizeFrame(1000)
	var m map[string]string
	if err := json.Unmarshal(big, &m); err != nil || len(big) <= 1000 {
		t.Fatalf("oversizeFrame: %d bytes, %v", len(big), err)
	}
	if _, ok := m["RESP_CODE"]; ok || m["EVENT"] == "" {
		t.Errorf("oversizeFrame is not a notification: %.100s", big)
	}
}

// TestFaultsOnTheWire drives each fault by its trigger amount over both
// transports and checks what the client sees and what the terminal recorded.
func TestFaultsOnTheWire(t *testing.T) {
	const max = 4 << 10
	tests := []struct {
		name   string
		amount string
		// check runs after the sale S1 is sent on c; a second client can be
		// dialled with dial.
		check func(t *testing.T, s *Simulator, c *testClient, dial func() *testClient)
		// state is S1's ledger state at the end; "" means not recorded.
		state string
	}{
		{
			name: "9.01 silent", amount: "901",
			check: func(t *testing.T, s *Simulator, c *testClient, _ func() *testClient) {
				// Silent: the inquiry's answer is the next frame (nextFor
				// fails on any other first).
				c.send(inquiry("Q1", "S1"))
				wantFields(t, c.nextFor("Q1"), map[string]string{"TXN_STATUS": "NOT_FOUND", "RESP_CODE": "25"})
				c.send(sale("S2", "100")) // the slot is free again
				wantFields(t, c.nextFor("S2"), map[string]string{"RESP_CODE": "00"})
			},
		},
		{
			name: "9.02 charge then drop", amount: "902",
			check: func(t *testing.T, s *Simulator, c *testClient, dial func() *testClient) {
				c.expectClosed()
				c2 := dial()
				c2.send(inquiry("Q1", "S1"))
				wantFields(t, c2.nextFor("Q1"), map[string]string{
					"TXN_STATUS": "FOUND", "RESP_CODE": "00", "AMOUNT": "902", "ORIG_REF_NO": "S1"})
			},
			state: StateApproved,
		},
		{
			name: "9.03 drop before", amount: "903",
			check: func(t *testing.T, s *Simulator, c *testClient, dial func() *testClient) {
				c.expectClosed()
				c2 := dial()
				c2.send(inquiry("Q1", "S1"))
				wantFields(t, c2.nextFor("Q1"), map[string]string{"TXN_STATUS": "NOT_FOUND"})
			},
		},
		{
			name: "9.04 ack and echo", amount: "904",
			check: func(t *testing.T, s *Simulator, c *testClient, _ func() *testClient) {
				if f := c.next(); string(f) != "Message received: "+sale("S1", "904") {
					t.Errorf("first frame %q, want the acknowledgement", f)
				}
				if f := c.next(); string(f) != sale("S1", "904") {
					t.Errorf("second frame %q, want the echo", f)
				}
				wantFields(t, c.nextFor("S1"), map[string]string{"RESP_CODE": "00"})
			},
			state: StateApproved,
		},
		{
			name: "9.05 malformed", amount: "905",
			check: func(t *testing.T, s *Simulator, c *testClient, _ func() *testClient) {
				if f := c.next(); string(f) != string(malformedFrame) {
					t.Errorf("first frame %q, want the malformed one", f)
				}
				// 905 ends in 05 but a trigger amount is approved.
				wantFields(t, c.nextFor("S1"), map[string]string{"RESP_CODE": "00"})
			},
			state: StateApproved,
		},
		{
			name: "9.06 slow", amount: "906",
			check: func(t *testing.T, s *Simulator, c *testClient, dial func() *testClient) {
				start := time.Now()
				c.send(inquiry("Q1", "S1"))
				wantFields(t, c.nextFor("Q1"), map[string]string{"TXN_STATUS": "IN_PROGRESS", "RESP_CODE": "09"})
				c2 := dial()
				c2.send(sale("S2", "100"))
				wantFields(t, c2.nextFor("S2"), map[string]string{"RESP_CODE": "BY"})
				wantFields(t, c.nextFor("S1"), map[string]string{"RESP_CODE": "00"})
				if waited := time.Since(start); waited < 150*time.Millisecond {
					t.Errorf("outcome after %v, want about SlowDelay", waited)
				}
			},
			state: StateApproved,
		},
		{
			name: "9.07 oversize", amount: "907",
			check: func(t *testing.T, s *Simulator, c *testClient, _ func() *testClient) {
				f := c.next()
				m, ok := f.object()
				if !ok || len(f) <= max || m["RESP_CODE"] != "" {
					t.Errorf("first frame: %d bytes, object %v, RESP_CODE %q; want an over-size notification",
						len(f), ok, m["RESP_CODE"])
				}
				wantFields(t, c.nextFor("S1"), map[string]string{"RESP_CODE": "00"})
			},
			state: StateApproved,
		},
	}
	for _, tr := range transports {
		for _, tt := range tests {
			t.Run(tr.name+"/"+tt.name, func(t *testing.T) {
				// The slow fault's delay is short but long enough to ask
				// about the sale meanwhile.
				s := startSim(t, Config{SlowDelay: 200 * time.Millisecond, MaxMessage: max})
				c := tr.dial(t, s)
				c.send(sale("S1", tt.amount))
				tt.check(t, s, c, func() *testClient { return tr.dial(t, s) })
				e, ok := entryFor(t, s, "S1")
				switch {
				case tt.state == "" && ok:
					t.Errorf("S1 recorded as %+v, want nothing charged", e)
				case tt.state != "" && e.State != tt.state:
					t.Errorf("S1 state %q, want %q", e.State, tt.state)
				}
			})
		}
	}
}

// TestConfiguredFault checks Config.Fault and SetFault: they apply to every
// financial request, whatever its amount, and never to inquiries and
// settlements.
func TestConfiguredFault(t *testing.T) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			s := startSim(t, Config{Fault: FaultMalformed})
			c := tr.dial(t, s)

			c.send(sale("S1", "1051")) // the decline rule still holds
			if f := c.next(); string(f) != string(malformedFrame) {
				t.Fatalf("frame %q, want the malformed one", f)
			}
			wantFields(t, c.nextFor("S1"), map[string]string{"RESP_CODE": "51"})

			c.send(`{"TRAN_CODE":"6","REF_NO":"B1"}`)
			wantFields(t, c.nextFor("B1"), map[string]string{"RESP_CODE": "00", "SALE_COUNT": "0"})

			s.SetFault(FaultSilent)
			if s.Fault() != FaultSilent {
				t.Fatalf("Fault() = %q after SetFault", s.Fault())
			}
			c.send(withOrig("3", "R1", "S1", "100"))
			c.send(inquiry("Q1", "R1"))
			wantFields(t, c.nextFor("Q1"), map[string]string{"TXN_STATUS": "NOT_FOUND"})

			s.SetFault(FaultNone)
			c.send(sale("S2", "100"))
			wantFields(t, c.nextFor("S2"), map[string]string{"RESP_CODE": "00"})
		})
	}
}

// TestFaultOnRefund checks that a trigger amount on another financial type
// misbehaves too.
func TestFaultOnRefund(t *testing.T) {
	s := startSim(t, Config{})
	c := dialTCP(t, s)
	c.send(sale("S1", "1000"))
	wantFields(t, c.nextFor("S1"), map[string]string{"RESP_CODE": "00"})
	req := withOrig("3", "R1", "S1", "904")
	c.send(req)
	if f := c.next(); !strings.HasPrefix(string(f), "Message received: ") {
		t.Fatalf("frame %q, want the acknowledgement", f)
	}
	if f := c.next(); string(f) != req {
		t.Fatalf("frame %q, want the echo", f)
	}
	wantFields(t, c.nextFor("R1"), map[string]string{"RESP_CODE": "00", "AMOUNT": "904"})
}

// SetFault changes the fault applied to every financial request from now
// on; FaultNone goes back to faults by amount.
func (s *Simulator) SetFault(f Fault) { s.fault.Store(f) }
