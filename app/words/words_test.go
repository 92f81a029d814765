package words

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/lanepay/lanepay/app/locale"
)

func TestPick(t *testing.T) {
	tests := []struct {
		name    string
		setting string
		browser []string
		want    Lang
	}{
		{"the shop's choice wins", "hi", []string{"en-US"}, Hindi},
		{"English chosen on a Hindi browser", "en", []string{"hi-IN"}, English},
		{"no choice: the browser's", "", []string{"hi-IN", "en"}, Hindi},
		{"no choice: the first the app speaks", "", []string{"ta-IN", "hi", "en"}, Hindi},
		{"a language the app does not speak", "ta", []string{"fr-FR"}, English},
		{"nothing known", "", nil, English},
		{"case of the tag", "", []string{"HI-in"}, Hindi},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Pick(tt.setting, tt.browser); got != tt.want {
				t.Errorf("Pick(%q, %q) = %q, want %q", tt.setting, tt.browser, got, tt.want)
			}
		})
	}
}

func TestLocale(t *testing.T) {
	tests := []struct {
		name    string
		lang    Lang
		browser []string
		want    locale.Locale
	}{
		{"Hindi in India", Hindi, []string{"hi-IN"}, "hi-IN"},
		{"English in the United States", English, []string{"en-US", "en"}, "en-US"},
		{"no region: India", English, []string{"en"}, "en-IN"},
		{"Hindi on a US browser keeps the region", Hindi, []string{"en-US"}, "hi-US"},
		{"no browser languages", Hindi, nil, "hi-IN"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Locale(tt.lang, tt.browser); got != tt.want {
				t.Errorf("Locale(%q, %q) = %q, want %q", tt.lang, tt.browser, got, tt.want)
			}
		})
	}
}

func TestT(t *testing.T) {
	catalogs["xx"] = map[string]string{"%d sales": "%d ventes", "Of %[1]s, %[2]s": "%[2]s de %[1]s"}
	defer delete(catalogs, "xx")
	tests := []struct {
		name string
		lang Lang
		en   string
		args []any
		want string
	}{
		{"English is the source", English, "%d sales", []any{3}, "3 sales"},
		{"translated with its arguments", "xx", "%d sales", []any{3}, "3 ventes"},
		{"arguments in another order", "xx", "Of %[1]s, %[2]s", []any{"a", "b"}, "b de a"},
		{"missing: English", "xx", "Charge", nil, "Charge"},
		{"no arguments: no formatting of a percent", English, "100%", nil, "100%"},
		{"a sentence in a sentence", "xx", "Of %[1]s, %[2]s", []any{Text("%d sales", 2), "b"}, "b de 2 ventes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.lang.T(tt.en, tt.args...); got != tt.want {
				t.Errorf("T(%q) = %q, want %q", tt.en, got, tt.want)
			}
		})
	}
}

func TestErr(t *testing.T) {
	catalogs["xx"] = map[string]string{"the amount %s is too large": "le montant %s est trop grand", "No terminal": "Pas de terminal"}
	defer delete(catalogs, "xx")
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"an Error, translated", Errorf("the amount %s is too large", "9.99"), "le montant 9.99 est trop grand"},
		{"an Error wrapped", fmt.Errorf("failed to charge: %w", Errorf("the amount %s is too large", "1")), "le montant 1 est trop grand"},
		{"another error found whole", fmt.Errorf("No terminal"), "Pas de terminal"},
		{"another error as it is", fmt.Errorf("dial tcp: refused"), "dial tcp: refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Lang("xx").Err(tt.err); got != tt.want {
				t.Errorf("Err(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
	if got := Errorf("the amount %s is too large", "2").Error(); got != "the amount 2 is too large" {
		t.Errorf("an Error reads %q in English", got)
	}
}

// verbs are a format's verbs as fmt reads them, so that a translation
// takes the same arguments as its English.
var verbs = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// argsOf lists the arguments a format uses, by number, with their verb
// letters: "%[2]s %d" is 2s and 3d.
func argsOf(format string) []string {
	var out []string
	next := 1
	for _, m := range verbs.FindAllStringSubmatch(format, -1) {
		v := m[0]
		letter := v[len(v)-1:]
		if letter == "%" {
			continue
		}
		if m[1] != "" {
			fmt.Sscanf(m[1], "[%d]", &next)
		}
		out = append(out, fmt.Sprint(next, letter))
		next++
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every translation takes the arguments its English takes, with the same
// verbs, and says something.
func TestCatalogsMatchTheirEnglish(t *testing.T) {
	for lang, cat := range catalogs {
		for en, tr := range cat {
			if tr == "" {
				t.Errorf("%s: %q is empty", lang, en)
			}
			if a, b := argsOf(en), argsOf(tr); !slices.Equal(a, b) {
				t.Errorf("%s: %q takes %v, its translation %q takes %v", lang, en, a, tr, b)
			}
		}
	}
}

func TestArgsOf(t *testing.T) {
	tests := []struct {
		format string
		want   []string
	}{
		{"%d of %s", []string{"1d", "2s"}},
		{"%[2]s then %[1]d", []string{"1d", "2s"}},
		{"100%% sure, %s", []string{"1s"}},
		{"none", nil},
	}
	for _, tt := range tests {
		if got := argsOf(tt.format); !slices.Equal(got, tt.want) {
			t.Errorf("argsOf(%q) = %v, want %v", tt.format, got, tt.want)
		}
	}
}
