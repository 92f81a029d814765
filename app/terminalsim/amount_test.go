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

func TestReadAmount(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		wholeUnits bool
		decimals   int
		want       int64
		ok         bool
	}{
		{"minor digits", "1234", false, 2, 1234, true},
		{"minor accepts a decimal", "12.34", false, 2, 1234, true},
		{"decimal", "12.34", true, 2, 1234, true},
		{"decimal one place", "12.5", true, 2, 1250, true},
		{"decimal whole units", "12", true, 2, 1200, true},
		{"three decimals", "1.234", true, 3, 1234, true},
		{"three decimals whole", "1", true, 3, 1000, true},
		{"no decimals", "1234", true, 0, 1234, true},
		{"no decimals refuses a point", "12.3", true, 0, 0, false},
		{"four decimals at most", "1.2345", true, 4, 12345, true},
		{"too many decimals", "12.345", true, 2, 0, false},
		{"twelve whole digits with decimals", "999999999999.9999", true, 4, 9999999999999999, true},
		{"decimals out of range", "1", true, 5, 0, false},
		{"negative decimals", "1", true, -1, 0, false},
		{"zero", "0.00", true, 2, 0, false},
		{"sign", "-1.00", true, 2, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAmount(tt.in, tt.wholeUnits, tt.decimals)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("readAmount(%q, %v, %d) = %d, %v; want %d, ok %v",
					tt.in, tt.wholeUnits, tt.decimals, got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestFormatDecimal(t *testing.T) {
	tests := []struct {
		name     string
		minor    int64
		decimals int
		want     string
	}{
		{"two places", 1234, 2, "12.34"},
		{"under one", 5, 2, "0.05"},
		{"zero", 0, 2, "0.00"},
		{"negative net", -150, 2, "-1.50"},
		{"no places", 1234, 0, "1234"},
		{"three places", 1234, 3, "1.234"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := formatDecimal(tt.minor, tt.decimals); got != tt.want {
				t.Errorf("formatDecimal(%d, %d) = %q, want %q", tt.minor, tt.decimals, got, tt.want)
			}
		})
	}
}
