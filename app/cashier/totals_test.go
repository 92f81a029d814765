package cashier

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/journal"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/till"
)

func rec(ref string, role pos.Role, amount pos.Amount, state pos.State, orig string) journal.Record {
	return journal.Record{Ref: ref, Role: string(role), Amount: amount, State: state, OrigRef: orig}
}

// console is what the Console sent with code, as the till journals it.
func console(ref, code string, amount pos.Amount, state pos.State, orig string) journal.Record {
	return journal.Record{Ref: ref, Role: till.RoleConsole, TypeCode: code, Amount: amount, State: state, OrigRef: orig}
}

func TestCountTotals(t *testing.T) {
	tests := []struct {
		name string
		recs []journal.Record
		want Totals
	}{
		{"nothing", nil, Totals{}},
		{"approved sales", []journal.Record{
			rec("S1", pos.RoleSale, 1000, pos.StateApproved, ""),
			rec("S2", pos.RoleSale, 250, pos.StateApproved, ""),
		}, Totals{Sales: Tally{2, 1250}, Net: 1250}},
		{"what took no money counts nowhere", []journal.Record{
			rec("D", pos.RoleSale, 9999, pos.StateDeclined, ""),
			rec("U", pos.RoleSale, 9999, pos.StateUnknown, ""),
			rec("P", pos.RoleSale, 9999, pos.StatePending, ""),
			rec("N", pos.RoleSale, 9999, pos.StateNotCharged, ""),
			rec("RD", pos.RoleRefund, 9999, pos.StateDeclined, ""),
			rec("VD", pos.RoleVoid, 9999, pos.StateDeclined, "S"),
			rec("I", pos.RoleInquiry, 0, pos.StateApproved, ""),
			rec("X", pos.RoleSettlement, 0, pos.StateApproved, ""),
		}, Totals{}},
		{"a refunded sale is still a sale; its refund counts apart", []journal.Record{
			rec("S", pos.RoleSale, 2000, pos.StateRefunded, ""),
			rec("R", pos.RoleRefund, 500, pos.StateApproved, "S"),
		}, Totals{Sales: Tally{1, 2000}, Refunds: Tally{1, 500}, Net: 1500}},
		{"a voided sale counts only as its void, of its amount", []journal.Record{
			rec("S", pos.RoleSale, 1234, pos.StateVoided, ""),
			rec("V", pos.RoleVoid, 0, pos.StateApproved, "S"),
		}, Totals{Voids: Tally{1, 1234}}},
		{"a void of a sale on another day counts, with its own amount", []journal.Record{
			rec("V", pos.RoleVoid, 0, pos.StateApproved, "ELSEWHERE"),
			rec("W", pos.RoleVoid, 400, pos.StateApproved, "ELSEWHERE-2"),
		}, Totals{Voids: Tally{2, 400}}},
		{"a voided refund is no refund", []journal.Record{
			rec("R", pos.RoleRefund, 70, pos.StateVoided, "S"),
			rec("V", pos.RoleVoid, 0, pos.StateApproved, "R"),
		}, Totals{Voids: Tally{1, 70}}},
		{"a completion is charged; its pre-auth only held money", []journal.Record{
			rec("P", pos.RolePreauth, 5000, pos.StateApproved, ""),
			rec("C", pos.RoleCompletion, 4500, pos.StateApproved, "P"),
		}, Totals{Completions: Tally{1, 4500}, Net: 4500}},
		{"a Console sale counts by its code", []journal.Record{
			console("K", "1", 700, pos.StateApproved, ""),
		}, Totals{Sales: Tally{1, 700}, Net: 700}},
		{"a Console refund counts by its code", []journal.Record{
			console("K", "3", 300, pos.StateApproved, "S"),
		}, Totals{Refunds: Tally{1, 300}, Net: -300}},
		{"a Console void cancels its sale, which the journal left approved", []journal.Record{
			rec("S", pos.RoleSale, 800, pos.StateApproved, ""),
			console("K", "2", 0, pos.StateApproved, "S"),
		}, Totals{Voids: Tally{1, 800}}},
		{"a Console code of no type counts nowhere", []journal.Record{
			console("K", "99", 100, pos.StateApproved, ""),
		}, Totals{}},
		{"a Console inquiry counts nowhere", []journal.Record{
			console("K", "7", 0, pos.StateApproved, "S"),
		}, Totals{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CountTotals(tt.recs, pos.DefaultProfile()); got != tt.want {
				t.Errorf("CountTotals =\n%+v, want\n%+v", got, tt.want)
			}
		})
	}
}

// History's totals of a day, Settlement's journal column for that day
// and the day's CSV, read back as a bookkeeper reads it, tell the same
// story: app and Console sales, a refund, voids from both, a pre-auth
// completed, a decline and a code of no type.
func TestTotalsAgreeAcrossHistorySettlementAndCSV(t *testing.T) {
	ctx := context.Background()
	p := pos.DefaultProfile()
	j := journal.NewMemory()
	typed := func(r journal.Record, code string, role pos.Role) journal.Record {
		r.TypeCode, r.Role = code, string(role)
		r.TypeName = map[string]string{"2": "Void", "3": "Refund", "4": "Pre-auth", "5": "Pre-auth completion"}[code]
		return r
	}
	byConsole := func(r journal.Record, name string) journal.Record {
		r.Role, r.TypeName = till.RoleConsole, name
		return r
	}
	addRecord(t, j, sale("S1", at(1, 9, 0), 1234), pos.StateSent, pos.StateApproved)
	addRecord(t, j, sale("S2", at(1, 9, 10), 2000), pos.StateSent, pos.StateApproved, pos.StateRefunded)
	addRecord(t, j, typed(journal.Record{Ref: "R2", OrigRef: "S2", Amount: 500, Created: at(1, 9, 20)}, "3", pos.RoleRefund), pos.StateSent, pos.StateApproved)
	addRecord(t, j, sale("S3", at(1, 9, 30), 1000), pos.StateSent, pos.StateApproved, pos.StateVoided)
	addRecord(t, j, typed(journal.Record{Ref: "V3", OrigRef: "S3", Created: at(1, 9, 40)}, "2", pos.RoleVoid), pos.StateSent, pos.StateApproved)
	addRecord(t, j, sale("S4", at(1, 9, 50), 1051), pos.StateSent, pos.StateDeclined)
	addRecord(t, j, byConsole(sale("K1", at(1, 10, 0), 777), "Console: Sale"), pos.StateSent, pos.StateApproved)
	addRecord(t, j, byConsole(sale("K2", at(1, 10, 10), 800), "Console: Sale"), pos.StateSent, pos.StateApproved)
	addRecord(t, j, byConsole(typed(journal.Record{Ref: "K3", OrigRef: "K2", Created: at(1, 10, 20)}, "2", ""), "Console: Void"), pos.StateSent, pos.StateApproved)
	addRecord(t, j, byConsole(typed(journal.Record{Ref: "K4", Amount: 100, Created: at(1, 10, 30)}, "99", ""), "Console"), pos.StateSent, pos.StateApproved)
	addRecord(t, j, typed(journal.Record{Ref: "P1", Amount: 5000, Created: at(1, 11, 0)}, "4", pos.RolePreauth), pos.StateSent, pos.StateApproved)
	addRecord(t, j, typed(journal.Record{Ref: "C1", OrigRef: "P1", Amount: 4500, Created: at(1, 11, 10)}, "5", pos.RoleCompletion), pos.StateSent, pos.StateApproved)
	want := Totals{
		Sales:       Tally{3, 1234 + 2000 + 777},
		Completions: Tally{1, 4500},
		Refunds:     Tally{1, 500},
		Voids:       Tally{2, 1000 + 800},
		Net:         1234 + 2000 + 777 + 4500 - 500,
	}

	h, err := LoadHistory(ctx, j, HistoryQuery{Day: at(1, 0, 0), Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	if h.Totals != want {
		t.Errorf("History's totals =\n%+v, want\n%+v", h.Totals, want)
	}

	settle := addRecord(t, j, journal.Record{Ref: "SET", TypeCode: "6", TypeName: "Settlement", Role: string(pos.RoleSettlement), Created: at(1, 18, 0)}, pos.StateSent, pos.StateApproved)
	v, err := viewSettlement(ctx, j, settle, p)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []Tally{want.Sales, want.Completions, want.Refunds, want.Voids, {Amount: want.Net}} {
		if got := v.Rows[i].Journal; got != want {
			t.Errorf("Settlement's journal %s = %+v, want %+v", v.Rows[i].Label, got, want)
		}
	}

	var buf bytes.Buffer
	if err := journal.ExportCSV(&buf, h.Shown, p.Decimals); err != nil {
		t.Fatal(err)
	}
	if got := bookkeeper(t, buf.String(), p); got != want {
		t.Errorf("the CSV adds up to\n%+v, want\n%+v", got, want)
	}
}

// bookkeeper adds an exported day up from the CSV alone, as the shop's
// bookkeeper would: by the type each row names (what the Console sent is
// "Console: " and its type), its state and amount, and for a void with no
// amount its original's, found by the original reference; a void cancels
// its original.
func bookkeeper(t *testing.T, text string, p *pos.Profile) Totals {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	roles := map[string]pos.Role{}
	for _, typ := range p.Types {
		roles[typ.Name], roles["Console: "+typ.Name] = typ.Role, typ.Role
	}
	amounts, cancelled := map[string]pos.Amount{}, map[string]bool{}
	for _, r := range rows[1:] {
		a, err := pos.ParseAmount(r[col["amount"]], p.Decimals)
		if err != nil {
			t.Fatal(err)
		}
		amounts[r[col["ref"]]] = a
		if roles[r[col["type"]]] == pos.RoleVoid && r[col["state"]] == string(pos.StateApproved) {
			cancelled[r[col["orig ref"]]] = true
		}
	}
	var tot Totals
	for _, r := range rows[1:] {
		ref, state := r[col["ref"]], pos.State(r[col["state"]])
		approved := state == pos.StateApproved && !cancelled[ref]
		charged := approved || state == pos.StateRefunded && !cancelled[ref]
		switch a := amounts[ref]; roles[r[col["type"]]] {
		case pos.RoleSale:
			if charged {
				tot.Sales.add(a)
			}
		case pos.RoleCompletion:
			if charged {
				tot.Completions.add(a)
			}
		case pos.RoleRefund:
			if approved {
				tot.Refunds.add(a)
			}
		case pos.RoleVoid:
			if state == pos.StateApproved {
				if a == 0 {
					a = amounts[r[col["orig ref"]]]
				}
				tot.Voids.add(a)
			}
		}
	}
	tot.Net = tot.Sales.Amount + tot.Completions.Amount - tot.Refunds.Amount
	return tot
}
