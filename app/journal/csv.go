package journal

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
)

// CSVHeader is the first row ExportCSV writes.
var CSVHeader = []string{"created", "ref", "type", "mode", "amount", "state", "result code", "message", "auth code", "card", "orig ref"}

// ExportCSV writes recs, one row each in the given order, after CSVHeader.
// Amounts are written with decimals places from the integer minor units
// (never through a float, so 0.29 stays 0.29); created is RFC 3339 with
// its offset. Text from the terminal is guarded against spreadsheet
// formula injection: a cell starting with = + - @ tab or carriage return
// gets a leading apostrophe, as spreadsheet programs expect.
func ExportCSV(w io.Writer, recs []Record, decimals int) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return fmt.Errorf("failed to export the journal: %w", err)
	}
	for _, r := range recs {
		typ := r.TypeName
		if typ == "" {
			typ = r.TypeCode
		}
		msg := r.Message
		if msg == "" {
			msg = Field(r.Fields, FieldMessage)
		}
		row := []string{
			r.Created.Format(time.RFC3339),
			cell(r.Ref),
			cell(typ),
			cell(r.Mode),
			r.Amount.Format(decimals),
			string(r.State),
			cell(Field(r.Fields, FieldResult)),
			cell(msg),
			cell(Field(r.Fields, FieldAuthCode)),
			cell(Field(r.Fields, FieldCard)),
			cell(r.OrigRef),
		}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("failed to export the journal: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("failed to export the journal: %w", err)
	}
	return nil
}

// cell neutralises text a spreadsheet would run as a formula. The values
// come from the terminal over the network, so they are not trusted.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
