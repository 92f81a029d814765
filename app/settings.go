package main

import (
	"strconv"
	"strings"

	"github.com/lanepay/lanepay/app/terminal"
)

// connectionSettings is what the cashier typed in the connection panel. It
// is kept in local storage so a reload, or tomorrow morning, finds it.
type connectionSettings struct {
	Host string `json:"host"`
	Port string `json:"port"`
}

const connectionKey = "lanepay.connection"

// defaultConnection points at the simulator that `make run` starts next to
// the server, so a newcomer can charge at once.
func defaultConnection(pageHost string) connectionSettings {
	host := pageHost
	if host == "" || host == "localhost" {
		host = "127.0.0.1"
	}
	return connectionSettings{Host: host, Port: strconv.Itoa(terminal.DefaultPort)}
}

// target is the WebSocket URL these settings name.
func (s connectionSettings) target() (string, error) {
	port := terminal.DefaultPort
	if p := strings.TrimSpace(s.Port); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return "", errPort(p)
		}
		port = n
	}
	return terminal.ParseTarget(s.Host, port)
}

type errPort string

func (e errPort) Error() string { return "the port must be a number, not " + strconv.Quote(string(e)) }
