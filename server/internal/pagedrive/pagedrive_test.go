package pagedrive

import "testing"

// What JSString returns must read back, in JavaScript, as the same string,
// whatever a test or the bench puts into an id or a value.
func TestJSString(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "amount", `"amount"`},
		{"quotes", `say "12.34"`, `"say \"12.34\""`},
		{"backslash", `a\b`, `"a\\b"`},
		{"newline", "a\nb", `"a\nb"`},
		{"script end", "</script>", `"\u003c/script\u003e"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := JSString(tt.in); got != tt.want {
				t.Errorf("JSString(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}
