package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/words"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// hindiVoice is the page's voice for a Hindi cashier in India, in rupees.
func hindiVoice() voice {
	return voice{lang: words.Hindi, loc: words.Locale(words.Hindi, []string{"hi-IN"}), currency: "INR", decimals: 2}
}

// voicedFiles say every word through the voice: their sentences are
// checked against the Hindi catalog. Add a file once it does.
var voicedFiles = []string{
	"history-screen.go", "settlement-screen.go", "console-screen.go", "receipt.go",
	"status-line.go", "storage-notice.go", "shell.go",
}

// sentencesIn lists the English sentences a Go file gives the voice as
// literals: the format of T, the two of Plural, and those of
// words.Errorf and words.Text.
func sentencesIn(t *testing.T, file string) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	lit := func(e ast.Expr) {
		if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
			s, err := strconv.Unquote(b.Value)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		switch sel.Sel.Name {
		case "T", "Errorf", "Text":
			if sel.Sel.Name != "T" {
				if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "words" {
					return true
				}
			}
			lit(call.Args[0])
		case "Plural":
			if len(call.Args) >= 3 {
				lit(call.Args[1])
				lit(call.Args[2])
			}
		}
		return true
	})
	return out
}

// TestHindiSaysEverySentence checks that the Hindi catalog has every
// sentence the voiced files say, and the words they take from elsewhere:
// the tabs, the default profile's type names, the settlement's lines, the
// till's frame kinds.
func TestHindiSaysEverySentence(t *testing.T) {
	var all []string
	for _, file := range voicedFiles {
		s := sentencesIn(t, file)
		if len(s) == 0 {
			t.Errorf("%s says nothing through the voice", file)
		}
		all = append(all, s...)
	}
	for _, sc := range screens {
		all = append(all, sc.label)
	}
	for _, typ := range pos.DefaultProfile().Types {
		all = append(all, typ.Name)
	}
	// cashier's totalsFields and Net: the lines of a settlement.
	all = append(all, "Sales", "Pre-auth completions", "Refunds", "Voids", "Net")
	for _, k := range []pos.Kind{pos.KindTerminalMessage, pos.KindEcho, pos.KindNotification, pos.KindOutcome, pos.KindStrayOutcome} {
		all = append(all, k.String())
	}
	all = append(all, "request", "refused")
	slices.Sort(all)
	for _, en := range slices.Compact(all) {
		if !words.Hindi.Has(en) {
			t.Errorf("no Hindi for %q", en)
		}
	}
}

var (
	htmlText  = regexp.MustCompile(`>([^<]+)<`)
	htmlLabel = regexp.MustCompile(`(?:aria-label|placeholder|title)="([^"]*)"`)
)

// saidIn lists what a tree shows and says: its text and the labels,
// placeholders and titles of its elements.
func saidIn(ui app.UI) []string {
	markup := app.HTMLString(ui)
	var out []string
	for _, re := range []*regexp.Regexp{htmlText, htmlLabel} {
		for _, m := range re.FindAllStringSubmatch(markup, -1) {
			if s := strings.TrimSpace(html.UnescapeString(m[1])); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

// englishLeft fails for any text of ui that is a sentence the Hindi
// catalog translates: a word the code forgot to give the voice.
func englishLeft(t *testing.T, what string, ui app.UI) string {
	t.Helper()
	said := saidIn(ui)
	for _, s := range said {
		if words.Hindi.Has(s) && words.Hindi.T(s) != s {
			t.Errorf("%s shows %q in English", what, s)
		}
	}
	return strings.Join(said, "\n")
}

// TestHindiScreens renders History's details, the settlement's comparison
// and the receipt in Hindi: nothing the catalog translates is left in
// English, and amounts are in rupees.
func TestHindiScreens(t *testing.T) {
	sess := testSession(t)
	v := hindiVoice()
	sent := time.Date(2026, 3, 1, 9, 0, 0, 0, time.Local)
	rec := sale("OK-1", sent, 123456, pos.StateApproved)
	rec.Message = "Approved"
	rec.Events = []journal.Event{
		{Time: sent, State: pos.StatePending, By: "client"},
		{Time: sent, State: pos.StateSent, By: "client", Frames: []journal.Frame{{Time: sent, Dir: journal.DirOut, Kind: "request", Raw: "{}"}}},
		{Time: sent, State: pos.StateApproved, By: "terminal", Frames: []journal.Frame{{Time: sent, Dir: journal.DirIn, Kind: "outcome", Raw: "{}"}}},
	}
	h := &historyScreen{Sess: sess, loaded: true, day: "2026-03-01"}
	h.history.Shown = []journal.Record{rec}
	h.history.Totals = cashier.CountTotals(h.history.Shown, pos.DefaultProfile())

	detail := englishLeft(t, "History's details", h.renderDetail(v, rec))
	for _, want := range []string{"बिक्री", "₹1,234.56", "1,234.56 भारतीय रुपए", "स्वीकृत", "→ भेजा गया", "← मिला", "01/03/2026"} {
		if !strings.Contains(detail, want) {
			t.Errorf("History's details lack %q:\n%s", want, detail)
		}
	}
	list := englishLeft(t, "History's list", app.Div().Body(h.renderFilters(v), h.renderTotals(v), h.renderEntries(v)))
	for _, want := range []string{"1 लेनदेन, सबसे नया सबसे ऊपर", "01/03/2026", "1 · ₹1,234.56"} {
		if !strings.Contains(list, want) {
			t.Errorf("History's list lacks %q:\n%s", want, list)
		}
	}

	s := &settlementScreen{Sess: sess}
	s.last = &cashier.Settlement{
		Rec: journal.Record{Ref: "SET", Role: string(pos.RoleSettlement), State: pos.StateApproved, Created: sent, Fields: map[string]string{"BATCH_NO": "000001"}},
		Rows: []cashier.TotalsRow{
			{Label: "Sales", Terminal: cashier.Tally{Count: 2, Amount: 3234}, Journal: cashier.Tally{Count: 1, Amount: 1234}, Reported: true},
			{Label: "Refunds", Reported: false},
			{Label: "Net", Terminal: cashier.Tally{Amount: 3234}, Journal: cashier.Tally{Amount: 1234}, NoCount: true, Reported: true},
		},
	}
	settled := englishLeft(t, "the settlement", s.renderLast(v))
	for _, want := range []string{"टर्मिनल में 1 लेनदेन ज़्यादा, ₹20.00 ज़्यादा", "2 अंतर"} {
		if !strings.Contains(settled, want) {
			t.Errorf("the settlement lacks %q:\n%s", want, settled)
		}
	}

	r := resultFromRecord(v, rec)
	printed := englishLeft(t, "the receipt", receiptIn(v, r))
	for _, want := range []string{"कार्ड भुगतान", "₹1,234.56", "कृपया यह रसीद सँभालकर रखें।"} {
		if !strings.Contains(printed, want) {
			t.Errorf("the receipt lacks %q:\n%s", want, printed)
		}
	}
	englishLeft(t, "the storage notice", storageNotice(v, cashier.StorageBestEffort))
}

// TestExportIsTheSameInEveryLanguage checks that History's CSV is for
// programs, not for the cashier: the same bytes in Hindi as in English,
// with ISO dates, plain amounts and English column names.
func TestExportIsTheSameInEveryLanguage(t *testing.T) {
	sess := testSession(t)
	rec := sale("OK-1", time.Date(2026, 3, 1, 9, 0, 0, 0, time.Local), 123456, pos.StateApproved)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.Local)
	export := func() (string, string) {
		h := &historyScreen{Sess: sess, loaded: true, day: "2026-03-01"}
		h.history.Shown = []journal.Record{rec}
		name, text, err := h.exportCSV(now)
		if err != nil {
			t.Fatal(err)
		}
		return name, text
	}
	enName, en := export()
	set := sess.Settings()
	set.Language = string(words.Hindi)
	if err := sess.ApplySettings(set); err != nil {
		t.Fatal(err)
	}
	if sess.voice().lang != words.Hindi {
		t.Fatal("the session does not speak Hindi")
	}
	hiName, hi := export()
	if hi != en || hiName != enName {
		t.Errorf("the export differs in Hindi:\n%s %s\n%s %s", enName, en, hiName, hi)
	}
	if !strings.HasPrefix(en, strings.Join(journal.CSVHeader, ",")+"\n") || !strings.Contains(en, ",1234.56,approved,") ||
		!strings.Contains(en, "2026-03-01T09:00:00") || enName != "lanepay-2026-03-01.csv" {
		t.Errorf("the export is not plain: %s\n%s", enName, en)
	}
}

// TestWatchLanguage checks what the shell redraws on: a change of
// language, once, and no other change.
func TestWatchLanguage(t *testing.T) {
	sess := testSession(t)
	told := 0
	stop := watchLanguage(sess, func() { told++ })
	defer stop()
	set := sess.Settings()
	set.Theme = "dark"
	if err := sess.ApplySettings(set); err != nil {
		t.Fatal(err)
	}
	if told != 0 {
		t.Errorf("a change of theme told of %d changes of language", told)
	}
	set.Language = string(words.Hindi)
	if err := sess.ApplySettings(set); err != nil {
		t.Fatal(err)
	}
	sess.Notify()
	if told != 1 {
		t.Errorf("a change to Hindi told of %d changes of language, want 1", told)
	}
}
