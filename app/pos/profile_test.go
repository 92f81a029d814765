package pos

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRoleKnown(t *testing.T) {
	tests := []struct {
		name string
		role Role
		want bool
	}{
		{"sale", RoleSale, true},
		{"custom", RoleCustom, true},
		{"abort", RoleAbort, true},
		{"unknown", Role("cashback"), false},
		{"wrong case", Role("Sale"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.role.Known(); got != tt.want {
				t.Errorf("Known() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTranTypeFinancial(t *testing.T) {
	tests := []struct {
		name string
		t    TranType
		want bool
	}{
		{"sale", TranType{Role: RoleSale}, true},
		{"void", TranType{Role: RoleVoid}, true},
		{"refund", TranType{Role: RoleRefund}, true},
		{"preauth", TranType{Role: RolePreauth}, true},
		{"completion", TranType{Role: RoleCompletion}, true},
		{"settlement", TranType{Role: RoleSettlement}, false},
		{"inquiry", TranType{Role: RoleInquiry}, false},
		{"abort", TranType{Role: RoleAbort}, false},
		{"custom with amount", TranType{NeedsAmount: true}, true},
		{"custom without amount", TranType{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.t.Financial(); got != tt.want {
				t.Errorf("Financial() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTranTypeUses(t *testing.T) {
	tt := TranType{Template: map[string]string{"A": "x{{amount}}y", "B": "{{ref"}}
	tests := []struct {
		name string
		ph   string
		want bool
	}{
		{"embedded", PlaceholderAmount, true},
		{"unclosed does not count", PlaceholderRef, false},
		{"absent", PlaceholderMode, false},
	}
	for _, c := range tests {
		t.Run(c.name, func(t *testing.T) {
			if got := tt.Uses(c.ph); got != c.want {
				t.Errorf("Uses(%s) = %v, want %v", c.ph, got, c.want)
			}
		})
	}
}

func TestLoadProfile(t *testing.T) {
	good := mustJSON(t, DefaultProfile())
	tests := []struct {
		name    string
		data    string
		wantErr string
	}{
		{"default", string(good), ""},
		{"trailing newline", string(good) + "\n", ""},
		{"empty", "", "the profile is empty"},
		{"spaces", "  \n", "the profile is empty"},
		{"not JSON", "name: x", "the profile is not valid JSON"},
		{"unknown field", strings.Replace(string(good), `"name"`, `"nmae"`, 1), `the profile has an unknown field "nmae"`},
		{"extra data", string(good) + "{}", "extra data after the profile"},
		{"extra closing brace", string(good) + "}", "extra data after the profile"},
		{"wrong type", `{"decimals":"2"}`, "the profile's field decimals has the wrong type (want a whole number)"},
		{"wrong nested type", `{"types":[{"code":1}]}`, "the profile's field types.code has the wrong type (want text)"},
		{"invalid profile", `{"name":"x"}`, "types: must have at least one transaction type"},
		{"null", "null", "name: must not be empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := LoadProfile([]byte(tt.data))
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("LoadProfile: %v", err)
				}
				if !reflect.DeepEqual(p, DefaultProfile()) {
					t.Errorf("loaded profile differs from the one saved")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.wantErr)
			}
			if p != nil {
				t.Errorf("profile returned with error")
			}
		})
	}
}

func TestProfileTypeLookup(t *testing.T) {
	p := DefaultProfile()
	p.Types = append(p.Types, TranType{Name: "Custom", Code: "99"})
	tests := []struct {
		name     string
		code     string
		role     Role
		wantName string
	}{
		{"by code sale", "1", "", "Sale"},
		{"by code custom", "99", "", "Custom"},
		{"by code missing", "9", "", ""},
		{"by role inquiry", "", RoleInquiry, "Status inquiry"},
		{"by role completion", "", RoleCompletion, "Pre-auth completion"},
		{"by role missing", "", RoleAbort, ""},
		{"by custom role finds nothing", "", RoleCustom, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got TranType
			var ok bool
			if tt.code != "" {
				got, ok = p.Type(tt.code)
			} else {
				got, ok = p.TypeByRole(tt.role)
			}
			if ok != (tt.wantName != "") || got.Name != tt.wantName {
				t.Errorf("got %q, %v; want %q", got.Name, ok, tt.wantName)
			}
		})
	}
}

func TestProfileClone(t *testing.T) {
	p := DefaultProfile()
	c := p.Clone()
	if !reflect.DeepEqual(p, c) {
		t.Fatal("clone differs")
	}
	c.Types[0].Template["AMOUNT"] = "changed"
	c.Types[0].Name = "changed"
	c.Modes[0].Code = "9"
	c.Outcome.ApprovedValues[0] = "changed"
	c.Inquiry.NotFoundValues[0] = "changed"
	if !reflect.DeepEqual(p, DefaultProfile()) {
		t.Error("changing the clone changed the original")
	}
	if (*Profile)(nil).Clone() != nil {
		t.Error("nil clone")
	}
}

func FuzzLoadProfile(f *testing.F) {
	f.Add(mustJSON(f, DefaultProfile()))
	f.Add([]byte(`{"name":"x","types":[{"name":"a","code":"1","template":{"A":"{{amt}}"}}]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`{"name":"x"}{}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := LoadProfile(data)
		if err != nil {
			if p != nil {
				t.Fatal("profile with error")
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("loaded profile does not validate: %v", err)
		}
		// What loads must save and load again unchanged, or an edit in the
		// app could silently turn a good profile into a different one.
		again, err := LoadProfile(mustJSON(t, p))
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		if !reflect.DeepEqual(normalizeProfile(p), normalizeProfile(again)) {
			t.Fatalf("round trip changed the profile")
		}
		// Every type must be buildable with sensible parameters.
		for _, tt := range p.Types {
			rp := RequestParams{Amount: 100, Ref: "R1", OrigRef: "R0"}
			if _, err := p.BuildRequest(tt.Code, rp); err != nil {
				t.Fatalf("BuildRequest(%q): %v", tt.Code, err)
			}
		}
	})
}

// normalizeProfile treats nil and empty the same, as JSON does not keep
// the difference.
func normalizeProfile(p *Profile) *Profile {
	c := p.Clone()
	norm := func(s []string) []string {
		if len(s) == 0 {
			return nil
		}
		return s
	}
	c.Outcome.ResultFields = norm(c.Outcome.ResultFields)
	c.Outcome.ApprovedValues = norm(c.Outcome.ApprovedValues)
	c.Outcome.MessageFields = norm(c.Outcome.MessageFields)
	c.Inquiry.NotFoundValues = norm(c.Inquiry.NotFoundValues)
	c.Inquiry.InProgressValues = norm(c.Inquiry.InProgressValues)
	if len(c.Modes) == 0 {
		c.Modes = nil
	}
	return c
}
