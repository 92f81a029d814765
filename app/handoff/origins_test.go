package handoff

import (
	"net/url"
	"slices"
	"testing"
)

func TestParseOrigins(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Origins
		bad  bool
	}{
		{"one a line", "https://billing.example\nhttp://192.168.1.20:8080\n", Origins{"https://billing.example", "http://192.168.1.20:8080"}, false},
		{"blank lines and spaces", "\n  https://billing.example  \n\n", Origins{"https://billing.example"}, false},
		{"default port and case folded", "HTTPS://Billing.Example:443/", Origins{"https://billing.example"}, false},
		{"twice is once", "https://a.example\nhttps://a.example", Origins{"https://a.example"}, false},
		{"IPv6", "http://[fd00::20]:8080", Origins{"http://[fd00::20]:8080"}, false},
		{"empty", "", nil, false},
		{"a path", "https://billing.example/pos", nil, true},
		{"no scheme", "billing.example", nil, true},
		{"another scheme", "ftp://billing.example", nil, true},
		{"a query", "https://billing.example?x=1", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseOrigins(tt.text)
			if (err != nil) != tt.bad || !slices.Equal(got, tt.want) {
				t.Errorf("ParseOrigins(%q) = %q, %v", tt.text, got, err)
			}
		})
	}
}

func TestOriginsAllows(t *testing.T) {
	o := Origins{"https://billing.example", "http://192.168.1.20:8080"}
	for _, tt := range []struct {
		url  string
		want bool
	}{
		{"https://billing.example/paid?x=1", true},
		{"https://BILLING.example:443/", true},
		{"http://billing.example/", false},
		{"https://billing.example.evil/", false},
		{"http://192.168.1.20:8080/", true},
		{"http://192.168.1.20/", false},
	} {
		u, _ := url.Parse(tt.url)
		if got := o.Allows(u); got != tt.want {
			t.Errorf("Allows(%s) = %v", tt.url, got)
		}
	}
}
