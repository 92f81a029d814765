package main

import (
	"errors"
	"sort"
	"strings"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
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

// result is the outcome of one transaction, as the cashier reads it.
type result struct {
	Verdict verdict
	Message string
	Ref     string
	Advice  string
	Fields  [][2]string
}

func newResult(req pos.Request, f pos.Frame, err error) *result {
	r := &result{Ref: req.Ref}
	switch {
	case err == nil && f.Approved:
		r.Verdict, r.Message = verdictApproved, f.Message
	case err == nil:
		r.Verdict, r.Message = verdictDeclined, f.Message
	case terminal.OutcomeUnknown(err):
		r.Verdict = verdictUnknown
		r.Message = capitalise(terminal.UserMessage(err)) + "."
		r.Advice = "Do not charge again yet. Check the terminal's screen or slip for this reference."
	case errors.Is(err, terminal.ErrNotSent), errors.Is(err, terminal.ErrInFlight):
		r.Verdict = verdictNotCharged
		r.Message = capitalise(terminal.UserMessage(err)) + "."
	default:
		r.Verdict = verdictUnknown
		r.Message = capitalise(terminal.UserMessage(err)) + "."
	}
	for k, v := range f.Fields {
		r.Fields = append(r.Fields, [2]string{k, v})
	}
	sort.Slice(r.Fields, func(i, j int) bool { return r.Fields[i][0] < r.Fields[j][0] })
	return r
}

func (r *result) class() string {
	switch r.Verdict {
	case verdictApproved:
		return "result approved"
	case verdictDeclined, verdictNotCharged:
		return "result declined"
	}
	return "result unknown"
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

func (r *result) render() app.UI {
	return app.Section().ID("result").Class(r.class()).Attr("role", "status").Aria("live", "assertive").Body(
		app.H2().Class("result-title").Body(
			app.Span().Class("result-icon").Aria("hidden", "true").Text(r.icon()),
			app.Span().ID("result-verdict").Text(string(r.Verdict)),
		),
		app.If(r.Message != "", func() app.UI { return app.P().ID("result-message").Class("result-message").Text(r.Message) }),
		app.If(r.Advice != "", func() app.UI { return app.P().Class("result-advice").Text(r.Advice) }),
		app.P().Class("result-ref").Body(app.Text("Reference "), app.Strong().ID("result-ref").Text(r.Ref)),
		app.If(len(r.Fields) > 0, func() app.UI {
			return app.Dl().ID("result-fields").Class("fields").Body(
				app.Range(r.Fields).Slice(func(i int) app.UI {
					return app.Div().Class("field").Body(
						app.Dt().Text(r.Fields[i][0]),
						app.Dd().Text(r.Fields[i][1]),
					)
				}),
			)
		}),
	)
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
