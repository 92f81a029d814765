package cashier

import (
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
	"github.com/lanepay/lanepay/app/till/tilltest"
)

func TestFollowUp(t *testing.T) {
	tests := []struct {
		name   string
		p      *pos.Profile
		role   pos.Role
		want   till.Order
		wantOK bool
	}{
		{"a void takes no amount", pos.DefaultProfile(), pos.RoleVoid, till.Order{TypeCode: "2", OrigRef: "S1"}, true},
		{"a refund takes the sale's", pos.DefaultProfile(), pos.RoleRefund, till.Order{TypeCode: "3", OrigRef: "S1", Amount: 1234}, true},
		{"a profile without refunds", tilltest.ProfileWithout(pos.RoleRefund), pos.RoleRefund, till.Order{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := FollowUp(tt.p, tt.role, "S1", 1234)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("follow-up %+v %v, want %+v %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// A follow-up left for the Charge screen is taken once.
func TestTakeFollowUp(t *testing.T) {
	c := newCore(t, nil, nil, journal.NewMemory(), nil)
	if _, ok := c.TakeFollowUp(); ok {
		t.Fatal("a follow-up before any was started")
	}
	f := till.Order{TypeCode: "2", OrigRef: "S1"}
	c.StartFollowUp(f)
	if got, ok := c.TakeFollowUp(); !ok || got != f {
		t.Errorf("took %+v %v, want %+v", got, ok, f)
	}
	if _, ok := c.TakeFollowUp(); ok {
		t.Error("the follow-up was taken twice")
	}
}
