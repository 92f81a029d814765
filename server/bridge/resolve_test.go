package bridge

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	allow, err := ParseAllowList("192.0.2.0/24,127.0.0.1:5001")
	if err != nil {
		t.Fatal(err)
	}
	res := fakeResolver{
		"terminal.test": {"192.0.2.10"},
		"twice.test":    {"192.0.2.10", "::ffff:192.0.2.10", "192.0.2.11"},
		"mixed.test":    {"192.0.2.10", "10.0.0.1"},
		"localhost":     {"127.0.0.1"},
		"empty.test":    {},
	}
	tests := []struct {
		name, target string
		want         string // the addresses, comma-separated
		refused      string
		notFound     bool
	}{
		{name: "address", target: "192.0.2.5:5000", want: "192.0.2.5:5000"},
		{name: "name", target: "terminal.test:5000", want: "192.0.2.10:5000"},
		{name: "name, duplicates folded", target: "twice.test:5000", want: "192.0.2.10:5000,192.0.2.11:5000"},
		{name: "one address outside", target: "mixed.test:5000", refused: "mixed.test resolves to 10.0.0.1:5000"},
		{name: "localhost on the listed port", target: "localhost:5001", want: "127.0.0.1:5001"},
		{name: "localhost elsewhere", target: "localhost:22", refused: "loopback"},
		{name: "unknown", target: "nowhere.test:5000", notFound: true},
		{name: "no address", target: "empty.test:5000", notFound: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target, err := ParseTarget(tt.target, "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := resolve(context.Background(), res, allow, target)
			var refused *RefusedError
			var notFound *resolveError
			switch {
			case tt.refused != "":
				if !errors.As(err, &refused) || !strings.Contains(err.Error(), tt.refused) {
					t.Fatalf("err %v, want a refusal mentioning %q", err, tt.refused)
				}
			case tt.notFound:
				if !errors.As(err, &notFound) {
					t.Fatalf("err %v, want a resolve error", err)
				}
			case err != nil:
				t.Fatal(err)
			default:
				var s []string
				for _, a := range got {
					s = append(s, a.String())
				}
				if strings.Join(s, ",") != tt.want {
					t.Errorf("addresses %v, want %s", s, tt.want)
				}
			}
		})
	}
}
