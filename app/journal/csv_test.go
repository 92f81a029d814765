package journal

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/pos"
)

func TestExportCSV(t *testing.T) {
	created := time.Date(2025, 3, 14, 10, 30, 0, 0, time.FixedZone("", 5*3600+1800))
	approved := sale("S1", 29, created)
	approved.State = pos.StateApproved
	approved.Message = "APPROVED, thank you"
	approved.Fields = map[string]string{FieldResult: "00", FieldAuthCode: "A1B2C3", FieldCard: "************1234", "RESP_CODE": "00"}

	// No normalised fields: the terminal's own spellings are used.
	refund := sale("S2", 100000, created.Add(time.Hour))
	refund.TypeName, refund.TypeCode, refund.Role, refund.OrigRef = "", "3", "refund", "S1"
	refund.State = pos.StateDeclined
	refund.Fields = map[string]string{"resp_code": "51", "Resp_Msg": "Insufficient \"funds\"\nsee bank", "CARD_NO": "4111********1111"}

	// Text from the terminal that a spreadsheet would run.
	evil := sale("S3", 5, created)
	evil.State = pos.StateUnknown
	evil.Message = "=HYPERLINK(\"http://x\")"
	evil.Fields = map[string]string{FieldAuthCode: "+1", FieldCard: "@x"}

	var buf bytes.Buffer
	if err := ExportCSV(&buf, []Record{approved, refund, evil}, 2); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatalf("the export does not parse back: %v\n%s", err, buf.String())
	}
	want := [][]string{
		CSVHeader,
		{"2025-03-14T10:30:00+05:30", "S1", "Sale", "1", "0.29", "approved", "00", "APPROVED, thank you", "A1B2C3", "************1234", ""},
		{"2025-03-14T11:30:00+05:30", "S2", "3", "1", "1000.00", "declined", "51", "Insufficient \"funds\"\nsee bank", "", "4111********1111", "S1"},
		{"2025-03-14T10:30:00+05:30", "S3", "Sale", "1", "0.05", "unknown", "", "'=HYPERLINK(\"http://x\")", "'+1", "'@x", ""},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d:\n%s", len(rows), len(want), buf.String())
	}
	for i := range want {
		if !slices.Equal(rows[i], want[i]) {
			t.Errorf("row %d:\n got %q\nwant %q", i, rows[i], want[i])
		}
	}
	if _, err := time.Parse(time.RFC3339, rows[1][0]); err != nil {
		t.Errorf("created is not RFC 3339: %v", err)
	}

	// No decimals: minor units as they are.
	buf.Reset()
	if err := ExportCSV(&buf, []Record{approved}, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), ",29,") {
		t.Errorf("decimals 0: %s", buf.String())
	}
}

func TestExportCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	if err := ExportCSV(&buf, nil, 2); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != strings.Join(CSVHeader, ",")+"\n" {
		t.Errorf("got %q", got)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errFail }

var errFail = &OpError{Op: "test", Err: ErrUnavailable}

func TestExportCSVWriteError(t *testing.T) {
	err := ExportCSV(failWriter{}, []Record{sale("S1", 1, day1)}, 2)
	if err == nil || !strings.Contains(err.Error(), "failed to export the journal") {
		t.Errorf("got %v", err)
	}
}
