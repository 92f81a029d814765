package main

import "testing"

func TestConnectionSettingsTarget(t *testing.T) {
	tests := []struct {
		name    string
		s       connectionSettings
		want    string
		wantErr bool
	}{
		{name: "default", s: defaultConnection(""), want: "ws://127.0.0.1:5000/"},
		{name: "default follows the page host", s: defaultConnection("192.168.1.20"), want: "ws://192.168.1.20:5000/"},
		{name: "localhost becomes loopback", s: defaultConnection("localhost"), want: "ws://127.0.0.1:5000/"},
		{name: "empty port means 5000", s: connectionSettings{Host: "10.1.1.1"}, want: "ws://10.1.1.1:5000/"},
		{name: "url with path", s: connectionSettings{Host: "ws://10.1.1.1:8080/ws", Port: "5000"}, want: "ws://10.1.1.1:8080/ws"},
		{name: "port not a number", s: connectionSettings{Host: "10.1.1.1", Port: "50a"}, wantErr: true},
		{name: "no host", s: connectionSettings{Port: "5000"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.s.target()
			if (err != nil) != tt.wantErr {
				t.Fatalf("target() error = %v, wantErr %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("target() = %q, want %q", got, tt.want)
			}
		})
	}
}
