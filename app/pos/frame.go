package pos

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Kind is what a frame from the terminal is to lanepay. Only KindOutcome
// ever settles a transaction.
type Kind int

const (
	// KindTerminalMessage is anything that is not a JSON object, such as the
	// vendor's plain-text acknowledgements: shown and logged.
	KindTerminalMessage Kind = iota
	// KindEcho is the request in flight sent back to us: logged.
	KindEcho
	// KindNotification is a JSON object with no result, such as a greeting.
	KindNotification
	// KindOutcome is the result of the request in flight.
	KindOutcome
	// KindStrayOutcome is a result that is not for the request in flight:
	// logged, never applied.
	KindStrayOutcome
)

func (k Kind) String() string {
	switch k {
	case KindTerminalMessage:
		return "terminal message"
	case KindEcho:
		return "echo"
	case KindNotification:
		return "notification"
	case KindOutcome:
		return "outcome"
	case KindStrayOutcome:
		return "stray outcome"
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Frame is one message from the terminal, read with a profile's rules.
// Fields keeps the terminal's own key spelling; values that were JSON
// numbers or booleans are their JSON text ("00" stays "00", 0 is "0"),
// null is "", and nested objects or arrays are their raw JSON text.
// HasResult tells a result field that is present but empty from one that
// is missing. Result, Message, Ref and Approved are filled for any JSON
// object; only Kind says whether they apply to the request in flight.
type Frame struct {
	Kind      Kind
	Raw       []byte
	Fields    map[string]string
	HasResult bool
	Result    string
	Message   string
	Ref       string
	Approved  bool
}

// Get looks a field up by name, ignoring case as the terminal's cJSON
// does; an exact spelling wins over a case-folded one.
func (f Frame) Get(name string) (string, bool) {
	return lookupFold(f.Fields, name)
}

func lookupFold(m map[string]string, name string) (string, bool) {
	if v, ok := m[name]; ok {
		return v, true
	}
	// Among case variants the smallest key wins, so a frame carrying both
	// resp_code and Resp_Code reads the same way every time.
	best, val, found := "", "", false
	for k, v := range m {
		if strings.EqualFold(k, name) && (!found || k < best) {
			best, val, found = k, v, true
		}
	}
	return val, found
}

// parseObject reads a JSON object into text fields; ok is false for
// anything else, including arrays, bare values and invalid JSON.
func parseObject(raw []byte) (map[string]string, bool) {
	trimmed := bytes.TrimLeft(raw, jsonSpace)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, false
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &obj); err != nil || obj == nil {
		return nil, false
	}
	fields := make(map[string]string, len(obj))
	for k, v := range obj {
		fields[k] = valueText(v)
	}
	return fields, true
}

// valueText turns one JSON value into the text a field holds. Numbers keep
// their literal text so a result code is compared exactly as sent.
func valueText(v json.RawMessage) string {
	v = bytes.Trim(v, jsonSpace)
	if len(v) == 0 {
		return ""
	}
	switch v[0] {
	case '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case 'n':
		return ""
	}
	return string(v)
}
