package words

import "testing"

func TestPlural(t *testing.T) {
	hindi["%d test sale"] = "%d परीक्षण बिक्री"
	hindi["%d test sales"] = "%d परीक्षण बिक्रियाँ"
	hindi["%d test sale in %s"] = "%[2]s में %[1]d परीक्षण बिक्री"
	hindi["%d test sales in %s"] = "%[2]s में %[1]d परीक्षण बिक्रियाँ"
	defer func() {
		for _, k := range []string{"%d test sale", "%d test sales", "%d test sale in %s", "%d test sales in %s"} {
			delete(hindi, k)
		}
	}()
	tests := []struct {
		name string
		lang Lang
		n    int
		args []any
		want string
	}{
		{"English one", English, 1, nil, "1 test sale"},
		{"English zero is other", English, 0, nil, "0 test sales"},
		{"English many", English, 3, nil, "3 test sales"},
		{"Hindi zero is one", Hindi, 0, nil, "0 परीक्षण बिक्री"},
		{"Hindi one", Hindi, 1, nil, "1 परीक्षण बिक्री"},
		{"Hindi many", Hindi, 2, nil, "2 परीक्षण बिक्रियाँ"},
		{"more arguments", English, 2, []any{"March"}, "2 test sales in March"},
		{"more arguments, reordered", Hindi, 2, []any{"मार्च"}, "मार्च में 2 परीक्षण बिक्रियाँ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			one, other := "%d test sale", "%d test sales"
			if tt.args != nil {
				one, other = "%d test sale in %s", "%d test sales in %s"
			}
			if got := tt.lang.Plural(tt.n, one, other, tt.args...); got != tt.want {
				t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.want)
			}
		})
	}
}
