package bridge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"os"
	"time"

	"github.com/coder/websocket"
	"github.com/lanepay/lanepay/app/pos"
)

// writeTimeout bounds one write to either side: a peer that stops reading
// for this long is treated as gone rather than left to hold the relay.
const writeTimeout = 10 * time.Second

// terminal is the bridge's connection to a terminal, of either kind.
type terminal interface {
	// read hands each message from the terminal to deliver until the
	// connection ends or deliver fails, and returns why.
	read(deliver func([]byte) error, notice func(string) error) error
	// write sends one message from the page.
	write(msg []byte) error
	// close ends the connection, which ends read; why goes to a WebSocket
	// terminal in its close frame.
	close(why string)
}

// keepAlive is TCP keepalive that finds a terminal gone without a word
// (its link cut, its power off, no FIN) within about every: probes start
// after a third of it in silence, every third, and the second unanswered
// one ends the connection, and with it the page's. Without it, a relay to
// a vanished terminal looks alive until the idle timeout, and the page
// shows Ready for a terminal that is not there. Zero or less turns it off.
func keepAlive(every time.Duration) net.KeepAliveConfig {
	if every <= 0 {
		return net.KeepAliveConfig{Enable: false}
	}
	third := every / 3
	return net.KeepAliveConfig{Enable: true, Idle: third, Interval: third, Count: 2}
}

// dialAny connects to the first address that answers, in order, within
// ctx. They are the checked addresses: never a name.
func dialAny(ctx context.Context, addrs []netip.AddrPort, ka net.KeepAliveConfig) (net.Conn, error) {
	d := net.Dialer{KeepAliveConfig: ka}
	if !ka.Enable {
		d.KeepAlive = -1
	}
	var errs []error
	for _, a := range addrs {
		c, err := d.DialContext(ctx, "tcp", a.String())
		if err == nil {
			return c, nil
		}
		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}
	return nil, errors.Join(errs...)
}

// tcpTerminal is a terminal whose connection type is TCP: a stream of JSON
// objects (and perhaps text lines) each way.
type tcpTerminal struct {
	conn  net.Conn
	max   int
	quiet time.Duration
}

func dialTCP(ctx context.Context, addrs []netip.AddrPort, max int, quiet time.Duration, ka net.KeepAliveConfig) (*tcpTerminal, error) {
	c, err := dialAny(ctx, addrs, ka)
	if err != nil {
		return nil, err
	}
	return &tcpTerminal{conn: c, max: max, quiet: quiet}, nil
}

func (t *tcpTerminal) read(deliver func([]byte) error, notice func(string) error) error {
	dec := pos.NewStreamDecoder(t.max)
	buf := make([]byte, 32<<10)
	// The decoder holds the start of an unfinished message; its first byte
	// tells an object (wait for the rest, however long) from a text line
	// (a plain-text acknowledgement may never get its newline: deliver it
	// after a quiet spell). A held message that started in this read ends
	// it, so its first byte is buf[n-held]; one that started earlier keeps
	// the first byte seen then.
	var first byte
	quietDeadline := false
	for {
		pendingText := dec.Buffered() > 0 && first != '{'
		if pendingText != quietDeadline {
			var d time.Time
			if pendingText {
				d = time.Now().Add(t.quiet)
			}
			if err := t.conn.SetReadDeadline(d); err != nil {
				return fmt.Errorf("failed to set a read deadline: %w", err)
			}
			quietDeadline = pendingText
		}
		n, err := t.conn.Read(buf)
		if n > 0 {
			segs, ferr := dec.Feed(buf[:n])
			for _, s := range segs {
				if err := deliver(s.Raw); err != nil {
					return err
				}
			}
			if ferr != nil {
				if err := notice(fmt.Sprintf("dropped a message from the terminal over %d bytes", t.max)); err != nil {
					return err
				}
			}
			if held := dec.Buffered(); held > 0 && held <= n {
				first = buf[n-held]
			}
		}
		if err != nil {
			if errors.Is(err, os.ErrDeadlineExceeded) && pendingText {
				for _, s := range dec.Flush() {
					if err := deliver(s.Raw); err != nil {
						return err
					}
				}
				continue
			}
			// What the terminal sent last, unfinished, goes as text: a
			// half object can never pass for an outcome.
			for _, s := range dec.Flush() {
				if derr := deliver(s.Raw); derr != nil {
					return derr
				}
			}
			return err
		}
	}
}

// write sends the page's object and a newline in one write: cJSON skips
// the whitespace, and a terminal that reads lines gets one.
func (t *tcpTerminal) write(msg []byte) error {
	if len(msg) == 0 || msg[len(msg)-1] != '\n' {
		msg = append(msg, '\n')
	}
	if err := t.conn.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil {
		return fmt.Errorf("failed to set a write deadline: %w", err)
	}
	if _, err := t.conn.Write(msg); err != nil {
		return fmt.Errorf("failed to write to the terminal: %w", err)
	}
	return nil
}

func (t *tcpTerminal) close(string) { t.conn.Close() }

// wsTerminal is a terminal whose connection type is WebSocket.
type wsTerminal struct {
	c   *websocket.Conn
	max int
}

func dialWS(ctx context.Context, t Target, addrs []netip.AddrPort, max int, ka net.KeepAliveConfig) (*wsTerminal, error) {
	tr := &http.Transport{
		// Never a proxy from the environment: it would connect to the name,
		// not the checked address.
		Proxy: nil,
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialAny(ctx, addrs, ka)
		},
		DisableKeepAlives: true,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport: tr,
		// A redirect could point anywhere; a terminal has no reason to send one.
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return errors.New("the terminal answered with a redirect")
		},
	}
	c, resp, err := websocket.Dial(ctx, "ws://"+t.Addr()+t.Path, &websocket.DialOptions{
		HTTPClient:      client,
		CompressionMode: websocket.CompressionDisabled,
	})
	if err != nil {
		if resp != nil && resp.StatusCode != http.StatusSwitchingProtocols {
			return nil, fmt.Errorf("the terminal answered HTTP %d, not a WebSocket", resp.StatusCode)
		}
		return nil, err
	}
	// The size limit is the bridge's own (read), so that an over-size
	// message is dropped and the connection kept.
	c.SetReadLimit(-1)
	return &wsTerminal{c: c, max: max}, nil
}

func (t *wsTerminal) read(deliver func([]byte) error, notice func(string) error) error {
	for {
		// Never cancelled: cancelling a read makes the library drop the
		// connection; close ends it instead.
		_, r, err := t.c.Reader(context.Background())
		if err != nil {
			return err
		}
		msg, tooBig, err := readLimited(r, t.max)
		if err != nil {
			return err
		}
		if tooBig {
			if err := notice(fmt.Sprintf("dropped a message from the terminal over %d bytes", t.max)); err != nil {
				return err
			}
			continue
		}
		if err := deliver(msg); err != nil {
			return err
		}
	}
}

func (t *wsTerminal) write(msg []byte) error {
	ctx, cancel := context.WithTimeout(context.Background(), writeTimeout)
	defer cancel()
	if err := t.c.Write(ctx, websocket.MessageText, msg); err != nil {
		return fmt.Errorf("failed to write to the terminal: %w", err)
	}
	return nil
}

func (t *wsTerminal) close(why string) { t.c.Close(websocket.StatusNormalClosure, clip(why)) }

// discardFactor bounds what is read of an over-size message to throw it
// away: past it, the peer is flooding and the connection is closed.
const discardFactor = 16

// errFlood is a message so far over the limit that the bridge stops
// reading it.
var errFlood = errors.New("message far over the size limit")

// readLimited reads one message of at most max bytes. A longer one is read
// to its end and dropped (tooBig), up to discardFactor times max.
func readLimited(r io.Reader, max int) (msg []byte, tooBig bool, err error) {
	msg, err = io.ReadAll(io.LimitReader(r, int64(max)+1))
	if err != nil {
		return nil, false, err
	}
	if len(msg) <= max {
		return msg, false, nil
	}
	n, err := io.Copy(io.Discard, io.LimitReader(r, int64(discardFactor-1)*int64(max)))
	if err != nil {
		return nil, true, err
	}
	if n == int64(discardFactor-1)*int64(max) {
		return nil, true, errFlood
	}
	return nil, true, nil
}
