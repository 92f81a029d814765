package cashier

import (
	"context"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/locale"
	"github.com/lanepay/lanepay/app/words"
)

// The language is the shop's choice, else the browser's; amounts follow
// it, in the profile's currency (rupees by default).
func TestLanguage(t *testing.T) {
	tests := []struct {
		name      string
		setting   string
		browser   []string
		wantLang  words.Lang
		wantLoc   locale.Locale
		wantMoney string
	}{
		{"a Hindi browser", "", []string{"hi-IN"}, words.Hindi, "hi-IN", "₹1,23,456.78"},
		{"English chosen on a Hindi browser", "en", []string{"hi-IN"}, words.English, "en-IN", "₹1,23,456.78"},
		{"a US browser", "", []string{"en-US"}, words.English, "en-US", "₹123,456.78"},
		{"Hindi chosen, no browser languages", "hi", nil, words.Hindi, "hi-IN", "₹1,23,456.78"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newMemStorage()
			set := DefaultSettings("")
			set.Language = tt.setting
			if err := store.Set(SettingsKey, set); err != nil {
				t.Fatal(err)
			}
			c := New(Config{Storage: store, Connect: noTerminal, Logf: func(string, ...any) {}, Languages: tt.browser,
				OpenJournal: func(context.Context) (journal.Store, error) { return journal.NewMemory(), nil }})
			t.Cleanup(c.life.Load().Close)
			if got := c.Words(); got != tt.wantLang {
				t.Errorf("Words() = %q, want %q", got, tt.wantLang)
			}
			if got := c.Locale(); got != tt.wantLoc {
				t.Errorf("Locale() = %q, want %q", got, tt.wantLoc)
			}
			if got := c.Money(12345678); got != tt.wantMoney {
				t.Errorf("Money() = %q, want %q", got, tt.wantMoney)
			}
		})
	}
}

func TestLanguageSetting(t *testing.T) {
	set := DefaultSettings("")
	for _, lang := range []string{"", "en", "hi"} {
		set.Language = lang
		if err := set.Validate(); err != nil {
			t.Errorf("language %q refused: %v", lang, err)
		}
	}
	set.Language = "fr"
	if err := set.Validate(); err == nil {
		t.Error("a language lanepay does not speak was accepted")
	}
}
