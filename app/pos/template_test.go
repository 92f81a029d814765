package pos

import (
	"slices"
	"testing"
)

func TestPlaceholdersIn(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     []string
		unclosed bool
	}{
		{"none", "plain", nil, false},
		{"one", "{{amount}}", []string{"{{amount}}"}, false},
		{"embedded two", "a{{ref}}b{{code}}c", []string{"{{ref}}", "{{code}}"}, false},
		{"unknown name kept", "{{amt}}", []string{"{{amt}}"}, false},
		{"unclosed", "{{amount}", nil, true},
		{"closed then unclosed", "{{ref}}{{", []string{"{{ref}}"}, true},
		{"closing only", "}}", nil, false},
		{"triple brace", "{{{amount}}}", []string{"{{{amount}}"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, unclosed := placeholdersIn(tt.in)
			if !slices.Equal(got, tt.want) || unclosed != tt.unclosed {
				t.Errorf("placeholdersIn(%q) = %q, %v", tt.in, got, unclosed)
			}
		})
	}
}

func TestExpand(t *testing.T) {
	values := map[string]string{PlaceholderAmount: "100", PlaceholderRef: "{{amount}}"}
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"whole value", "{{amount}}", "100"},
		{"embedded", "A{{amount}}B", "A100B"},
		{"substitution not rescanned", "{{ref}}", "{{amount}}"},
		{"unknown left alone", "{{mode}}", "{{mode}}"},
		{"unclosed left alone", "x{{amount", "x{{amount"},
		{"literal", "12", "12"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := expand(tt.in, values); got != tt.want {
				t.Errorf("expand(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestOrigFieldName(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		ok   bool
	}{
		{"invoice", "{{orig.INVOICE_NO}}", "INVOICE_NO", true},
		{"dotted and dashed", "{{orig.host.rrn-no}}", "host.rrn-no", true},
		{"empty name", "{{orig.}}", "", false},
		{"space", "{{orig.A B}}", "", false},
		{"other placeholder", "{{orig_ref}}", "", false},
		{"no braces", "orig.RRN", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := origFieldName(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("origFieldName(%q) = %q, %v", tt.in, got, ok)
			}
			if ok && !knownPlaceholder(tt.in) {
				t.Errorf("knownPlaceholder(%q) = false", tt.in)
			}
		})
	}
}
