package static

import "testing"

func TestNoneMatch(t *testing.T) {
	const tag = `"abc"`
	tests := []struct {
		name   string
		fields []string
		want   bool
	}{
		{"same", []string{`"abc"`}, true},
		{"weak same", []string{`W/"abc"`}, true},
		{"star", []string{`*`}, true},
		{"in a list", []string{`"x", "abc"`}, true},
		{"list without spaces", []string{`"x","abc"`}, true},
		{"second field", []string{`"x"`, `"abc"`}, true},
		{"other", []string{`"abcd"`}, false},
		{"prefix", []string{`"ab"`}, false},
		{"unquoted", []string{`abc`}, false},
		{"unterminated", []string{`"abc`}, false},
		{"empty", []string{``}, false},
		{"junk after a tag", []string{`"x"junk, "abc"`}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := noneMatch(tt.fields, tag); got != tt.want {
				t.Errorf("noneMatch(%q) = %v, want %v", tt.fields, got, tt.want)
			}
		})
	}
}

func TestETagsDifferByContent(t *testing.T) {
	a, b := etagOf([]byte("a")), etagOf([]byte("b"))
	if a == b || a != etagOf([]byte("a")) {
		t.Errorf("etags %s %s", a, b)
	}
	if a[0] != '"' || a[len(a)-1] != '"' {
		t.Errorf("etag %s is not a strong quoted tag", a)
	}
}

// FuzzNoneMatch checks that any If-None-Match value is handled without a
// panic, and that a field holding exactly the tag always matches.
func FuzzNoneMatch(f *testing.F) {
	for _, s := range []string{`"abc"`, `W/"abc", "x"`, `*`, `"`, `W/`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, field string) {
		noneMatch([]string{field}, `"abc"`)
		if !noneMatch([]string{field, `"abc"`}, `"abc"`) {
			t.Fatalf("a field of exactly the tag did not match after %q", field)
		}
	})
}
