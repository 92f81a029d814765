package bridge

import (
	"strings"
	"testing"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		name, target, typ string
		want              string // Target.String(); "" with wantErr
		wantErr           string
	}{
		{name: "tcp", target: "192.168.1.50:5000", want: "tcp 192.168.1.50:5000"},
		{name: "tcp typed", target: "192.168.1.50:5000", typ: "tcp", want: "tcp 192.168.1.50:5000"},
		{name: "tcp name", target: "Terminal-1.lan:5000", want: "tcp terminal-1.lan:5000"},
		{name: "tcp ipv6", target: "[fd00::5]:5000", want: "tcp [fd00::5]:5000"},
		{name: "tcp mapped", target: "[::ffff:10.0.0.1]:5000", want: "tcp 10.0.0.1:5000"},
		{name: "ws by type", target: "192.168.1.50:5000", typ: "ws", want: "ws://192.168.1.50:5000/"},
		{name: "ws URL", target: "ws://192.168.1.50:8080/ws", want: "ws://192.168.1.50:8080/ws"},
		{name: "ws URL typed", target: "ws://192.168.1.50:8080/ws", typ: "ws", want: "ws://192.168.1.50:8080/ws"},
		{name: "ws URL upper case scheme", target: "WS://192.168.1.50:8080", want: "ws://192.168.1.50:8080/"},
		{name: "ws default port", target: "ws://192.168.1.50/", want: "ws://192.168.1.50:80/"},
		{name: "ws query", target: "ws://192.168.1.50:8080/ws?id=1", want: "ws://192.168.1.50:8080/ws?id=1"},
		{name: "ws ipv6", target: "ws://[fd00::5]:8080/", want: "ws://[fd00::5]:8080/"},
		{name: "empty", target: "", wantErr: "no target"},
		{name: "no port", target: "192.168.1.50", wantErr: "HOST:PORT"},
		{name: "port 0", target: "192.168.1.50:0", wantErr: "port"},
		{name: "port text", target: "192.168.1.50:http", wantErr: "port"},
		{name: "bad type", target: "192.168.1.50:5000", typ: "udp", wantErr: "type"},
		{name: "ws URL typed tcp", target: "ws://192.168.1.50:8080/", typ: "tcp", wantErr: "type=tcp"},
		{name: "wss", target: "wss://192.168.1.50/", wantErr: "wss://"},
		{name: "http", target: "http://192.168.1.50/", wantErr: "scheme"},
		{name: "user info", target: "ws://u:p@192.168.1.50/", wantErr: "user"},
		{name: "fragment", target: "ws://192.168.1.50/#x", wantErr: "fragment"},
		{name: "empty ws port", target: "ws://192.168.1.50:/", wantErr: "port"},
		{name: "zone", target: "[fe80::1%25eth0]:5000", wantErr: "zoned"},
		{name: "bad name", target: "bad_name!:5000", wantErr: "neither"},
		{name: "empty host", target: ":5000", wantErr: "no host"},
		{name: "too long", target: strings.Repeat("a", 3000) + ":5000", wantErr: "longer"},
		{name: "space in path, escaped", target: "ws://192.168.1.50/a b", want: "ws://192.168.1.50:80/a%20b"},
		{name: "space in query", target: "ws://192.168.1.50/a?b c", wantErr: "spaces"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTarget(tt.target, tt.typ)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want it to mention %q (got %v)", err, tt.wantErr, got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("String() = %q, want %q", got.String(), tt.want)
			}
		})
	}
}

// FuzzParseTarget checks that any parameters either fail or make a target
// that names a host and port, and whose own form reads back the same.
func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"192.168.1.50:5000", "ws://192.168.1.50:8080/ws?x=1", "[fd00::5]:5000", "terminal.lan:5000", "ws://[::1]/", "wss://x/"} {
		f.Add(s, "")
		f.Add(s, "ws")
	}
	f.Fuzz(func(t *testing.T, target, typ string) {
		got, err := ParseTarget(target, typ)
		if err != nil {
			return
		}
		if got.Host == "" || got.Port == 0 || (got.Kind != TCP && got.Kind != WebSocket) {
			t.Fatalf("ParseTarget(%q, %q) = %+v", target, typ, got)
		}
		if got.Kind == WebSocket && !strings.HasPrefix(got.Path, "/") {
			t.Fatalf("path %q", got.Path)
		}
		form, ftyp := got.Addr(), string(got.Kind)
		if got.Kind == WebSocket {
			form, ftyp = got.String(), ""
		}
		again, err := ParseTarget(form, ftyp)
		if err != nil || again != got {
			t.Fatalf("%+v reads back as %+v, %v", got, again, err)
		}
	})
}
