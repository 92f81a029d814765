// Package bridge lets the page reach a card terminal that a browser cannot:
// one whose connection type is TCP, or a ws:// terminal from a page served
// over HTTPS (mixed content). The page opens a WebSocket to the server,
// same origin, and the server connects to the terminal and relays messages
// both ways. It is off unless the server runs with -bridge.
//
// # URL
//
//	ws[s]://SERVER/bridge?target=TARGET[&type=tcp|ws]
//
// TARGET is URL-encoded (encodeURIComponent) and one of:
//
//   - HOST:PORT, a TCP terminal: 192.168.1.50:5000, [fd00::5]:5000,
//     till-terminal.lan:5000. With type=ws it is the WebSocket terminal
//     ws://HOST:PORT/.
//   - ws://HOST[:PORT]/PATH[?QUERY], a WebSocket terminal, for example
//     ws://192.168.1.50:8080/ws (the port defaults to 80; type, if given,
//     must be ws). wss:// terminals are not bridged: a page can reach
//     those directly.
//
// The port is required for TCP. type defaults to tcp for HOST:PORT.
//
// The server resolves and checks the target, then connects to it (within
// the dial timeout), and only then completes the WebSocket handshake: when
// the page's socket opens, the terminal is connected, and a message the
// page sends then goes straight to it. Any refusal or failure completes
// the handshake too and closes at once with a close code and a reason
// (a browser hides the HTTP status of a failed handshake, not a close
// reason):
//
//	code  reason starts with          when
//	1000  page closed                 (to a WebSocket terminal) the page left
//	1001  server shutting down        the server stops
//	4400  bad target                  the target or type parameter is malformed
//	4403  target refused              not allowed: see Allow-list below
//	4408  idle                        no message either way for the idle
//	                                  timeout
//	4409  terminal busy               the terminal already has its quota of
//	                                  bridge connections (one by default)
//	4410  terminal closed / lost      the terminal closed or dropped the
//	                                  connection mid-relay
//	4502  could not connect           name not found, refused, unreachable,
//	                                  timed out, or the WebSocket handshake
//	                                  failed
//	1009  message far over            the page sent a message past 16 times
//	                                  the size limit (see Messages)
//
// Two checks come before anything else, and a request that fails either is
// refused with HTTP 403 (and a warning in the log), nothing dialled:
//
//   - Host: the request's Host header must name the server itself, on the
//     port the request came in on: loopback (localhost, 127.0.0.1, [::1]),
//     the address the request came in on, or an entry of Config.Hosts (the
//     server adds the addresses it listens on, all of the machine's when it
//     listens on every interface, its certificate's names and addresses,
//     and -host). A Host without a port is allowed only when the server
//     listens on the scheme's default port. This stops DNS rebinding: a
//     hostile site that re-points its own name at the shop's server has
//     its page send Host and Origin that agree, but both name the site.
//     The 403 names the refused host, to be added with -host if the shop
//     does use it.
//   - Origin: it must name the same host and port as Host, as
//     coder/websocket checks by default. Clients that send no Origin, not
//     browsers, pass this check (only a browser can be made to act for
//     another site), but still need an allowed Host.
//
// A plain GET is answered 426.
//
// # Messages
//
// One message per WebSocket text frame, both ways.
//
//   - Page to terminal: each message must be one JSON object (the
//     terminal's requests are; this keeps the bridge from being used to
//     speak another protocol to whatever listens at an allowed address).
//     Over TCP it is written as it is, followed by a newline, in one write:
//     the terminal's cJSON parses the object and skips the whitespace, and
//     a terminal that reads lines gets a line. Pages should send compact
//     (one-line) JSON. To a WebSocket terminal it is one text frame.
//   - Terminal to page: over TCP the byte stream is cut into messages by
//     pos.StreamDecoder: every JSON object, however it was split across
//     reads or packed into one, and every non-JSON text line, such as a
//     plain-text acknowledgement (one without a newline is delivered after
//     a quiet spell of QuietFlush). From a WebSocket terminal, each message
//     as it came; binary ones as text. Bytes that are not UTF-8 are
//     replaced with U+FFFD, since a browser fails a connection on a text
//     frame that is not UTF-8.
//   - Limits: a message over the size limit (64 KiB by default) either way
//     is dropped, not relayed, and the page gets a text frame that starts
//     with "lanepay bridge: " saying so; the connection stays usable. The
//     page should show such notices and never take them for an outcome
//     (they are not JSON). A message past 16 times the limit is not read
//     to its end: from the page it closes the connection with 1009, from a
//     WebSocket terminal with 4410. (Over TCP the decoder skips an
//     over-size message however long, in constant memory.)
//
// # Allow-list
//
// It is never an open proxy. A target is allowed only if every address it
// resolves to is allowed (the name is resolved once, and the checked
// addresses are what is dialled, so a name cannot be made to resolve
// elsewhere between check and dial). An address is allowed when:
//
//   - it is not one that is never bridged, listed or not: unspecified
//     (0.0.0.0, ::), "this network" 0.0.0.0/8, broadcast, multicast,
//     link-local (169.254.0.0/16, fe80::/10), cloud metadata addresses
//     (169.254.169.254, fd00:ec2::254, 100.100.100.200, 168.63.129.16),
//     and NAT64 forms (64:ff9b::/96) of any of these or of loopback;
//   - and, for loopback (127.0.0.0/8, ::1), an exact ADDRESS:PORT entry
//     names it: a CIDR or a bare address never opens loopback, where the
//     server's own machine keeps services that the LAN should not reach
//     through it. With -sim the simulator's exact addresses are added;
//   - or, for any other address, an entry matches: ADDRESS:PORT, ADDRESS
//     (any port), CIDR (any port) or CIDR:PORT ([CIDR]:PORT for IPv6).
//
// Entries are addresses, never names (a name could resolve elsewhere
// later). A /0 entry is refused, as are entries that could never match.
//
// # Limits and liveness
//
// Size limit, idle timeout, dial timeout and connections per terminal are
// configurable. The server pings the page every PingInterval, so that a
// tablet that vanished frees its terminal within a minute rather than at
// the idle timeout; a page that misses a ping is dropped without a close
// frame (it is not listening). WebSocket compression is off on both sides: messages
// are a few hundred bytes, deflate would cost a 32 KiB window per
// connection and latency on every message, and compressing
// attacker-influenced data beside secrets in one stream is how CRIME-style
// attacks read TLS traffic; terminals do not offer it anyway.
package bridge
