package main

import "testing"

func TestKeypadPress(t *testing.T) {
	tests := []struct {
		name     string
		shown    string
		keys     []string
		decimals int
		want     string
	}{
		{name: "digits shift in from the right", keys: []string{"1", "2", "3", "4"}, decimals: 2, want: "12.34"},
		{name: "first digit is a cent", keys: []string{"5"}, decimals: 2, want: "0.05"},
		{name: "double zero", keys: []string{"1", "00"}, decimals: 2, want: "1.00"},
		{name: "backspace", shown: "12.34", keys: []string{"back"}, decimals: 2, want: "1.23"},
		{name: "backspace to empty", shown: "0.05", keys: []string{"back"}, decimals: 2, want: ""},
		{name: "clear", shown: "99.99", keys: []string{"clear"}, decimals: 2, want: ""},
		{name: "continues typed amount", shown: "1.2", keys: []string{"3"}, decimals: 2, want: "12.03"},
		{name: "garbage typed starts over", shown: "abc", keys: []string{"7"}, decimals: 2, want: "0.07"},
		{name: "zero decimals", keys: []string{"4", "2"}, decimals: 0, want: "42"},
		{name: "leading zeros ignored", keys: []string{"0", "0", "7"}, decimals: 2, want: "0.07"},
		{name: "no more than 12 digits", shown: "9999999999.99", keys: []string{"9"}, decimals: 2, want: "9999999999.99"},
		{name: "unknown key ignored", shown: "1.00", keys: []string{"x"}, decimals: 2, want: "1.00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.shown
			for _, k := range tt.keys {
				got = keypadPress(got, k, tt.decimals)
			}
			if got != tt.want {
				t.Errorf("after %v on %q: %q, want %q", tt.keys, tt.shown, got, tt.want)
			}
		})
	}
}
