package static

import (
	"strings"
	"testing"
)

func TestNegotiate(t *testing.T) {
	all := codingSet(1<<brotli | 1<<gzip | 1<<identity)
	gzOnly := codingSet(1<<gzip | 1<<identity)
	plain := codingSet(1 << identity)
	tests := []struct {
		name   string
		header string
		avail  codingSet
		want   coding
		ok     bool
	}{
		{"absent", "", all, identity, true},
		{"chrome", "gzip, deflate, br, zstd", all, brotli, true},
		{"br only", "br", all, brotli, true},
		{"gzip only", "gzip", all, gzip, true},
		{"x-gzip", "x-gzip", all, gzip, true},
		{"case", "GZip, BR", all, brotli, true},
		{"br refused", "br;q=0, gzip", all, gzip, true},
		{"br refused with spaces", "br ; q=0 , gzip", all, gzip, true},
		{"both refused", "br;q=0, gzip;q=0", all, identity, true},
		{"client weights", "gzip;q=1, br;q=0.5", all, gzip, true},
		{"tie prefers br", "gzip;q=0.8, br;q=0.8", all, brotli, true},
		{"wildcard", "*", all, brotli, true},
		{"wildcard but br", "*, br;q=0", all, gzip, true},
		{"unknown codings", "deflate, zstd", all, identity, true},
		{"named coding beats implicit identity", "gzip;q=0.001", all, gzip, true},
		{"named identity beats a lower coding", "identity, gzip;q=0.5", all, identity, true},
		{"identity refused", "identity;q=0, gzip", all, gzip, true},
		{"identity refused, nothing else", "identity;q=0", all, identity, false},
		{"wildcard refused", "*;q=0", all, identity, false},
		{"wildcard refused, identity named", "*;q=0, identity", all, identity, true},
		{"wildcard refused, br named", "*;q=0, br", all, brotli, true},
		{"br wanted, gzip available", "br, gzip", gzOnly, gzip, true},
		{"br wanted, none available", "br", plain, identity, true},
		{"br only and identity refused, none available", "br, identity;q=0", plain, identity, false},
		{"bad q ignored", "br;q=2, gzip", all, gzip, true},
		{"bad q text ignored", "br;q=high", all, identity, true},
		{"q with three decimals", "br;q=0.001, gzip;q=0.002", all, gzip, true},
		{"q upper case", "br;Q=0, gzip", all, gzip, true},
		{"other parameters", "br;level=5", all, brotli, true},
		{"empty elements", ",,br,,", all, brotli, true},
		{"repeated, max wins", "br;q=0, br", all, brotli, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := negotiate(tt.header, tt.avail)
			if got != tt.want || ok != tt.ok {
				t.Errorf("negotiate(%q) = %v, %v; want %v, %v", tt.header, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestParseQ(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"1", 1000, true}, {"0.5", 500, true}, {"0.123", 123, true},
		{"1.000", 1000, true}, {"1.", 1000, true}, {"0.", 0, true},
		{"1.001", 0, false}, {"0.1234", 0, false}, {"2", 0, false}, {"", 0, false},
		{".5", 0, false}, {"0,5", 0, false}, {"-0", 0, false}, {"0.5x", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseQ(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseQ(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNegotiateAllocatesNothing(t *testing.T) {
	all := codingSet(1<<brotli | 1<<gzip | 1<<identity)
	n := testing.AllocsPerRun(100, func() { negotiate("gzip, deflate, br;q=0.9, zstd", all) })
	if n != 0 {
		t.Errorf("negotiate allocates %v times per call", n)
	}
}

// FuzzNegotiate checks that any header gets an answer that respects it:
// never a coding the file lacks, and a coding other than identity only
// when the header accepts it by name or by wildcard with a weight above 0.
func FuzzNegotiate(f *testing.F) {
	for _, s := range []string{"", "gzip, deflate, br, zstd", "br;q=0, gzip", "*;q=0", "identity;q=0", "br;q=0.5;x=y, *"} {
		f.Add(s, uint8(7))
	}
	f.Fuzz(func(t *testing.T, header string, avail uint8) {
		set := codingSet(avail&3) | 1<<identity
		c, ok := negotiate(header, set)
		if !ok || c == identity {
			return
		}
		if !set.has(c) {
			t.Fatalf("negotiate(%q, %b) = %v, not available", header, set, c)
		}
		named, star := -1, -1
		for elem := range strings.SplitSeq(header, ",") {
			tok, params, _ := strings.Cut(elem, ";")
			tok = strings.ToLower(strings.TrimSpace(tok))
			q, valid := weight(params)
			switch {
			case !valid:
			case tok == "*":
				star = max(star, q)
			case tok == "br" && c == brotli, (tok == "gzip" || tok == "x-gzip") && c == gzip:
				named = max(named, q)
			}
		}
		if named == 0 || (named < 0 && star <= 0) {
			t.Fatalf("negotiate(%q) = %v, which the header does not accept", header, c)
		}
	})
}
