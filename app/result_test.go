package main

import (
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/words"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func TestResultFromRecord(t *testing.T) {
	p := pos.DefaultProfile()
	tests := []struct {
		name       string
		rec        journal.Record
		verdict    verdict
		class      string
		icon       string
		wantAdvice bool
		followUps  bool // Void and Refund offered
	}{
		{name: "approved sale", rec: journal.Record{Ref: "R1", Role: "sale", State: pos.StateApproved, Amount: 1234,
			Fields: map[string]string{"RESP_CODE": "00", "CARD_NO": "****4242", "AUTH_CODE": "ABC123"}},
			verdict: verdictApproved, class: "result approved", icon: "✓", followUps: true},
		{name: "declined", rec: journal.Record{Ref: "R2", Role: "sale", State: pos.StateDeclined, Amount: 1051},
			verdict: verdictDeclined, class: "result declined", icon: "✕"},
		{name: "unknown tells what to do", rec: journal.Record{Ref: "R3", Role: "sale", State: pos.StateUnknown, Amount: 902},
			verdict: verdictUnknown, class: "result unknown", icon: "?", wantAdvice: true},
		{name: "sent counts as unknown", rec: journal.Record{Ref: "R4", Role: "sale", State: pos.StateSent},
			verdict: verdictUnknown, class: "result unknown", icon: "?", wantAdvice: true},
		{name: "not charged", rec: journal.Record{Ref: "R5", Role: "sale", State: pos.StateNotCharged},
			verdict: verdictNotCharged, class: "result declined", icon: "✕", wantAdvice: true},
		{name: "approved refund has no follow-ups", rec: journal.Record{Ref: "R6", Role: "refund", State: pos.StateApproved, Amount: 100},
			verdict: verdictApproved, class: "result approved", icon: "✓"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resultFromRecord(englishVoice(p), tt.rec)
			if r.Verdict != tt.verdict || r.class() != tt.class || r.icon() != tt.icon {
				t.Errorf("got %q %q %q, want %q %q %q", r.Verdict, r.class(), r.icon(), tt.verdict, tt.class, tt.icon)
			}
			if (r.Advice != "") != tt.wantAdvice {
				t.Errorf("advice %q, want some: %v", r.Advice, tt.wantAdvice)
			}
			if tt.rec.Fields["CARD_NO"] != "" && (r.Card != "****4242" || r.AuthCode != "ABC123") {
				t.Errorf("card %q auth %q", r.Card, r.AuthCode)
			}
			for i := 1; i < len(r.Fields); i++ {
				if r.Fields[i-1][0] > r.Fields[i][0] {
					t.Errorf("fields not sorted: %v", r.Fields)
				}
			}

			// Render it in go-app's test engine and look at what the
			// cashier would see.
			html := renderResult(t, r)
			if !strings.Contains(html, string(tt.verdict)) || !strings.Contains(html, tt.rec.Ref) {
				t.Errorf("rendered result lacks the verdict or the reference:\n%s", html)
			}
			if got := strings.Contains(html, `id="void"`); got != tt.followUps {
				t.Errorf("Void offered: %v, want %v", got, tt.followUps)
			}
		})
	}
}

// renderResult renders r in go-app's test engine, as HTML.
func renderResult(t *testing.T, r *result) string {
	t.Helper()
	e := app.NewTestEngine()
	view := &resultView{r: r}
	if err := e.Load(view); err != nil {
		t.Fatal(err)
	}
	e.ConsumeAll()
	return app.HTMLString(view)
}

// resultView hosts a result in the test engine.
type resultView struct {
	app.Compo
	r *result
}

func (v *resultView) Render() app.UI {
	noop := func(app.Context, app.Event) {}
	return v.r.render(englishVoice(pos.DefaultProfile()), noop, func(pos.Role) app.EventHandler { return noop })
}

// The fields and the receipt, most of the panel, come after the verdict.
func TestResultDetails(t *testing.T) {
	rec := journal.Record{Ref: "R1", Role: "sale", State: pos.StateApproved, Amount: 1234,
		Fields: map[string]string{"RESP_CODE": "00", "CARD_NO": "****4242", "AUTH_CODE": "ABC123"}}
	tests := []struct {
		name    string
		details bool
		want    bool
	}{
		{name: "verdict first", details: false, want: false},
		{name: "details after the paint", details: true, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resultFromRecord(englishVoice(pos.DefaultProfile()), rec)
			r.Details = tt.details
			html := renderResult(t, r)
			if !strings.Contains(html, "Approved") || !strings.Contains(html, `id="result-ref"`) {
				t.Errorf("the verdict and reference are missing:\n%s", html)
			}
			for _, part := range []string{`id="result-fields"`, `class="receipt-print"`} {
				if got := strings.Contains(html, part); got != tt.want {
					t.Errorf("%s rendered: %v, want %v", part, got, tt.want)
				}
			}
		})
	}
}

func TestResultAnnouncement(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    result
		want string
	}{
		{"approved sale, rupees in words", result{Verdict: verdictApproved, TypeName: "Sale", Amount: 1234, Message: "APPROVED"}, "Approved: Sale 12.34 Indian rupees. APPROVED"},
		{"declined, the terminal's words kept", result{Verdict: verdictDeclined, TypeName: "Sale", Amount: 351, Message: "INSUFFICIENT FUNDS"}, "Declined: Sale 3.51 Indian rupees. INSUFFICIENT FUNDS"},
		{"no amount", result{Verdict: verdictNotCharged, TypeName: "Void"}, "Not charged: Void"},
		{"nothing but the verdict", result{Verdict: verdictUnknown}, "Outcome unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.r.announcement(englishVoice(pos.DefaultProfile())); got != tc.want {
				t.Errorf("announcement() = %q, want %q", got, tc.want)
			}
		})
	}
}

// englishVoice is the page's voice in English in India, for p.
func englishVoice(p *pos.Profile) voice {
	return voice{lang: words.English, loc: "en-IN", currency: p.Currency, decimals: p.Decimals}
}
