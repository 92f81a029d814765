package pos

import (
	"maps"
	"testing"
)

func TestKindString(t *testing.T) {
	tests := []struct {
		kind Kind
		want string
	}{
		{KindTerminalMessage, "terminal message"},
		{KindEcho, "echo"},
		{KindNotification, "notification"},
		{KindOutcome, "outcome"},
		{KindStrayOutcome, "stray outcome"},
		{Kind(9), "kind(9)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.kind.String(); got != tt.want {
				t.Errorf("String() = %q", got)
			}
		})
	}
}

func TestFrameGet(t *testing.T) {
	f := Frame{Fields: map[string]string{"Resp_Code": "00", "msg": "", "X": "exact", "x": "folded", "ref_no": "b", "Ref_No": "a", "rEF_NO": "c"}}
	tests := []struct {
		name   string
		field  string
		want   string
		wantOK bool
	}{
		{"case-insensitive", "RESP_CODE", "00", true},
		{"empty value is present", "MSG", "", true},
		{"exact spelling wins", "x", "folded", true},
		{"case variants read the same every time", "REF_NO", "a", true},
		{"missing", "ORIG_REF_NO", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := f.Get(tt.field)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Get(%q) = %q, %v", tt.field, got, ok)
			}
		})
	}
}

func TestParseObject(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want map[string]string
		ok   bool
	}{
		{"strings", `{"A":"1","b":"x"}`, map[string]string{"A": "1", "b": "x"}, true},
		{"leading space", " \n{\"A\":\"1\"}", map[string]string{"A": "1"}, true},
		{"numbers keep their text", `{"RESP_CODE":0,"AMT":100.50,"E":1e3}`, map[string]string{"RESP_CODE": "0", "AMT": "100.50", "E": "1e3"}, true},
		{"bools and null", `{"OK":true,"NO":false,"N":null}`, map[string]string{"OK": "true", "NO": "false", "N": ""}, true},
		{"nested kept raw", `{"O":{"a": [1, 2]},"L":[ "x" ]}`, map[string]string{"O": `{"a": [1, 2]}`, "L": `[ "x" ]`}, true},
		{"escapes decoded", `{"M":"a\"b\u00e9"}`, map[string]string{"M": `a"bé`}, true},
		{"empty object", `{}`, map[string]string{}, true},
		{"array", `[{"A":"1"}]`, nil, false},
		{"null", `null`, nil, false},
		{"string", `"hello"`, nil, false},
		{"text", `OK received`, nil, false},
		{"invalid", `{"A":}`, nil, false},
		{"trailing garbage", `{"A":"1"} x`, nil, false},
		{"empty", ``, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseObject([]byte(tt.raw))
			if ok != tt.ok || !maps.Equal(got, tt.want) {
				t.Errorf("parseObject(%s) = %v, %v", tt.raw, got, ok)
			}
		})
	}
}
