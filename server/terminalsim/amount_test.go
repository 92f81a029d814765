package terminalsim

import "testing"

func TestParseAmount(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
		ok   bool
	}{
		{"minor units", "100", 100, true},
		{"leading zeros", "0100", 100, true},
		{"decimal two places", "1.00", 100, true},
		{"decimal one place", "1.5", 150, true},
		{"decimal large", "10.51", 1051, true},
		{"spaces trimmed", " 250 ", 250, true},
		{"twelve digits", "999999999999", 999999999999, true},
		{"thirteen digits", "9999999999999", 0, false},
		{"zero", "0", 0, false},
		{"zero decimal", "0.00", 0, false},
		{"empty", "", 0, false},
		{"negative", "-100", 0, false},
		{"plus", "+100", 0, false},
		{"three decimals", "1.005", 0, false},
		{"trailing dot", "1.", 0, false},
		{"leading dot", ".50", 0, false},
		{"exponent", "1e3", 0, false},
		{"letters", "abc", 0, false},
		{"comma", "1,00", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseAmount(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("parseAmount(%q) error = %v, want ok %v", tt.in, err, tt.ok)
			}
			if got != tt.want {
				t.Errorf("parseAmount(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestFormatMinor(t *testing.T) {
	tests := []struct {
		name string
		in   int64
		want string
	}{
		{"positive", 1051, "1051"},
		{"zero", 0, "0"},
		{"negative net", -500, "-500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatMinor(tt.in); got != tt.want {
				t.Errorf("formatMinor(%d) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
