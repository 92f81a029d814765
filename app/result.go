package main

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/words"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// verdict is what the result panel says in large letters.
type verdict string

const (
	verdictApproved   verdict = "Approved"
	verdictDeclined   verdict = "Declined"
	verdictUnknown    verdict = "Outcome unknown"
	verdictNotCharged verdict = "Not charged"
)

// verdictOf maps a journal state to the words the cashier reads.
func verdictOf(s pos.State) verdict {
	switch s {
	case pos.StateApproved, pos.StateVoided, pos.StateRefunded:
		return verdictApproved
	case pos.StateDeclined:
		return verdictDeclined
	case pos.StateNotCharged:
		return verdictNotCharged
	}
	return verdictUnknown
}

// result is the outcome of one transaction, as the cashier reads it.
type result struct {
	Verdict  verdict
	Role     pos.Role
	TypeName string
	Message  string
	Ref      string
	Amount   pos.Amount
	Display  string // amount with currency
	Card     string
	AuthCode string
	Advice   string
	// Warning is a failure after the outcome, such as its journal write.
	Warning string
	Fields  [][2]string
	// Details shows every field and the printable receipt: most of the
	// panel's nodes, so they come a paint after the verdict (afterPaint).
	Details bool
}

func resultFromRecord(v voice, r journal.Record) *result {
	res := &result{
		Verdict:  verdictOf(r.State),
		Role:     pos.Role(r.Role),
		TypeName: r.TypeName,
		Message:  r.Message,
		Ref:      r.Ref,
		Amount:   r.Amount,
		Card:     journal.Field(r.Fields, journal.FieldCard),
		AuthCode: journal.Field(r.Fields, journal.FieldAuthCode),
	}
	if r.Amount > 0 {
		res.Display = v.Money(r.Amount)
	}
	switch res.Verdict {
	case verdictUnknown:
		res.Advice = words.N("Do not charge again yet. lanepay will ask the terminal about this reference as soon as it can; or read the terminal's screen or slip and record the outcome by hand.")
	case verdictNotCharged:
		res.Advice = words.N("The terminal has no record of it: the customer was not charged.")
	}
	res.Fields = sortedFields(r.Fields)
	return res
}

// sortedFields lists a terminal's fields as name and value, by name.
func sortedFields(fields map[string]string) [][2]string {
	out := make([][2]string, 0, len(fields))
	for k, v := range fields {
		out = append(out, [2]string{k, v})
	}
	slices.SortFunc(out, func(a, b [2]string) int { return strings.Compare(a[0], b[0]) })
	return out
}

// announcement is what a screen reader says when the result appears:
// the verdict, what it was for and the terminal's words, in one line.
func (r *result) announcement(v voice) string {
	s := r.Verdict.words(v)
	if r.Amount > 0 {
		s = v.T("%s: %s", s, strings.TrimSpace(v.T(r.TypeName)+" "+v.MoneyWords(r.Amount)))
	} else if r.TypeName != "" {
		s = v.T("%s: %s", s, v.T(r.TypeName))
	}
	if r.Message != "" {
		s += ". " + r.Message
	}
	return s
}

// words are the verdict in the cashier's language.
func (vd verdict) words(v voice) string { return v.T(string(vd)) }

func (r *result) class() string { return "result " + r.Verdict.class() }

// class is a verdict's style: its colour, beside its icon and words.
func (v verdict) class() string {
	switch v {
	case verdictApproved:
		return "approved"
	case verdictDeclined, verdictNotCharged:
		return "declined"
	}
	return "unknown"
}

// icon gives each verdict a shape as well as a colour, so it never depends
// on colour alone.
func (r *result) icon() string {
	switch r.Verdict {
	case verdictApproved:
		return "✓"
	case verdictDeclined, verdictNotCharged:
		return "✕"
	}
	return "?"
}

func (r *result) render(v voice, onNew app.EventHandler, onFollowUp func(pos.Role) app.EventHandler) app.UI {
	approvedSale := r.Verdict == verdictApproved && (r.Role == pos.RoleSale || r.Role == pos.RoleCompletion)
	return app.Elem("section").ID("result").Class(r.class()).Attr("aria-labelledby", "result-verdict").Body(
		app.Elem("h2").Class("result-title").Body(
			app.Elem("span").Class("result-icon").Attr("aria-hidden", "true").Text(r.icon()),
			app.Elem("span").ID("result-verdict").Text(r.Verdict.words(v)),
		),
		app.If(r.Display != "", func() app.UI {
			return app.P().ID("result-amount").Class("result-amount").Attr("aria-label", v.T(r.TypeName)+" "+v.MoneyWords(r.Amount)).Text(v.T(r.TypeName) + " " + r.Display)
		}),
		app.If(r.Message != "", func() app.UI { return app.P().ID("result-message").Class("result-message").Text(r.Message) }),
		app.If(r.Advice != "", func() app.UI { return app.P().ID("result-advice").Class("result-advice").Text(v.T(r.Advice)) }),
		app.If(r.Warning != "", func() app.UI {
			return app.P().ID("result-warning").Class("result-advice").Attr("role", "alert").Text(r.Warning)
		}),
		app.Elem("dl").Class("summary").Body(
			app.Div().Body(app.Elem("dt").Text(v.T("Reference")), app.Elem("dd").ID("result-ref").Text(r.Ref)),
			app.If(r.Card != "", func() app.UI {
				return app.Div().Body(app.Elem("dt").Text(v.T("Card")), app.Elem("dd").ID("result-card").Text(r.Card))
			}),
			app.If(r.AuthCode != "", func() app.UI {
				return app.Div().Body(app.Elem("dt").Text(v.T("Auth code")), app.Elem("dd").ID("result-auth").Text(r.AuthCode))
			}),
		),
		app.Div().Class("actions").Body(
			app.Button().ID("new-sale").Type("button").Class("button primary").Text(v.T("New sale")).OnClick(onNew),
			app.If(r.Verdict == verdictApproved, func() app.UI {
				return app.Button().ID("receipt").Type("button").Class("button secondary").Text(v.T("Receipt")).
					OnClick(func(ctx app.Context, e app.Event) { app.Window().Call("print") })
			}),
			app.If(approvedSale, func() app.UI {
				return app.Button().ID("void").Type("button").Class("button secondary").Text(v.T("Void")).OnClick(onFollowUp(pos.RoleVoid))
			}),
			app.If(approvedSale, func() app.UI {
				return app.Button().ID("refund").Type("button").Class("button secondary").Text(v.T("Refund")).OnClick(onFollowUp(pos.RoleRefund))
			}),
		),
		app.If(r.Details && len(r.Fields) > 0, func() app.UI {
			return app.Elem("details").Class("all-fields").Attr("open", true).Body(
				app.Elem("summary").Text(v.T("Every field from the terminal")),
				renderFields(r.Fields).ID("result-fields"),
			)
		}),
		app.If(r.Details, func() app.UI { return app.Div().Class("receipt-print").Body(receiptIn(v, r)) }),
	)
}

// capitalise starts a sentence with a capital, where its script has them
// (a Devanagari sentence is left as it is).
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// renderFields lists a terminal's fields, name and value.
func renderFields(fields [][2]string) app.HTMLElem {
	return app.Elem("dl").Class("fields").Body(
		app.Range(fields).Slice(func(i int) app.UI {
			return app.Div().Class("field").Body(app.Elem("dt").Text(fields[i][0]), app.Elem("dd").Text(fields[i][1]))
		}),
	)
}
