package tilltest

import (
	"context"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminalsim"
	"github.com/lanepay/lanepay/app/till"
)

// Till hands back a till that is Ready on the simulator, with the
// configuration changed as asked, and it charges there.
func TestTillIsReadyOnTheSim(t *testing.T) {
	sim := Sim(t, "")
	sim.SetDelay(0)
	tl := Till(t, sim, journal.NewMemory(), nil, func(c *till.Config) { c.Terminal = "counter 1" })
	if st := tl.Status(); st.Link != till.Ready || st.Terminal != "counter 1" {
		t.Fatalf("status %v %q, want Ready on counter 1", st.Link, st.Terminal)
	}
	rec, err := tl.Run(context.Background(), till.Order{TypeCode: "1", Amount: 100})
	if err != nil || rec.State != pos.StateApproved {
		t.Fatalf("a charge on the simulator: %s, %v", rec.State, err)
	}
	if n := len(sim.Ledger()); n != 1 {
		t.Errorf("the simulator has %d transactions, want 1", n)
	}
}

func TestProfileWithout(t *testing.T) {
	for _, role := range []pos.Role{pos.RoleInquiry, pos.RoleRefund} {
		t.Run(string(role), func(t *testing.T) {
			all := pos.DefaultProfile().Types
			got := ProfileWithout(role).Types
			want := 0
			for _, ty := range all {
				if ty.Role != role {
					want++
				}
			}
			if want == len(all) {
				t.Fatalf("the default profile has no %s type to remove", role)
			}
			if len(got) != want {
				t.Errorf("%d types, want %d", len(got), want)
			}
			for _, ty := range got {
				if ty.Role == role {
					t.Errorf("type %s (%s) kept", ty.Code, ty.Name)
				}
			}
		})
	}
}

// A simulator has the TCP listener a test asks for, and none otherwise:
// the till's tests need none, the bridge's and the settlement's do.
func TestSimWithTCP(t *testing.T) {
	for _, tt := range []struct {
		name    string
		tcp     string
		wantTCP bool
	}{
		{"none by default", "", false},
		{"on a free port", "127.0.0.1:0", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			sim := SimWith(t, terminalsim.Config{TCPAddr: tt.tcp})
			if got := sim.TCPAddr() != ""; got != tt.wantTCP {
				t.Errorf("TCP listener at %q, want one: %v", sim.TCPAddr(), tt.wantTCP)
			}
			if sim.WSAddr() == "" {
				t.Error("no WebSocket listener")
			}
		})
	}
}
