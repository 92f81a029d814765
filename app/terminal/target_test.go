package terminal

import "testing"

func TestParseTarget(t *testing.T) {
	tests := []struct {
		name    string
		host    string
		port    int
		want    string
		wantErr bool
	}{
		{name: "ipv4", host: "192.168.1.50", port: 5000, want: "ws://192.168.1.50:5000/"},
		{name: "spaces trimmed", host: "  10.0.0.7 ", port: 5000, want: "ws://10.0.0.7:5000/"},
		{name: "host name", host: "terminal.local", port: 5001, want: "ws://terminal.local:5001/"},
		{name: "ipv6", host: "::1", port: 5000, want: "ws://[::1]:5000/"},
		{name: "ipv6 bracketed", host: "[fe80::1]", port: 5000, want: "ws://[fe80::1]:5000/"},
		{name: "ws url with path", host: "ws://127.0.0.1:8080/ws", port: 5000, want: "ws://127.0.0.1:8080/ws"},
		{name: "wss url without port takes port field", host: "wss://term.example/ws", port: 5000, want: "wss://term.example:5000/ws"},
		{name: "ws url without path", host: "ws://127.0.0.1:8080", port: 5000, want: "ws://127.0.0.1:8080/"},
		{name: "empty", host: "", port: 5000, wantErr: true},
		{name: "http scheme", host: "http://127.0.0.1:5000", port: 5000, wantErr: true},
		{name: "port zero", host: "127.0.0.1", port: 0, wantErr: true},
		{name: "port too big", host: "127.0.0.1", port: 70000, wantErr: true},
		{name: "port typed into ip", host: "127.0.0.1:5000", port: 5000, wantErr: true},
		{name: "path without scheme", host: "127.0.0.1/ws", port: 5000, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTarget(tt.host, tt.port)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseTarget(%q, %d) = %q, want an error", tt.host, tt.port, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseTarget(%q, %d): %v", tt.host, tt.port, err)
			}
			if got != tt.want {
				t.Errorf("ParseTarget(%q, %d) = %q, want %q", tt.host, tt.port, got, tt.want)
			}
		})
	}
}
