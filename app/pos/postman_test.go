package pos

import (
	"cmp"
	"encoding/json"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportPostmanVendorCollection(t *testing.T) {
	im, err := ImportPostman(readTestdata(t, "vendor.postman_collection.json"), nil)
	if err != nil {
		t.Fatalf("ImportPostman: %v", err)
	}
	p, skipped := im.Profile, im.Skipped
	if p.Name != "Semi Integration - ECR" || p.Example {
		t.Errorf("name %q example %v", p.Name, p.Example)
	}
	if p.ReferenceField != "REF_NO" || p.OriginalReferenceField != "ORIG_REF_NO" {
		t.Errorf("reference fields %q %q", p.ReferenceField, p.OriginalReferenceField)
	}
	// The collection's modes, named after their folders, replace the
	// base's example modes.
	wantModes := []Mode{{"Card", "1"}, {"UPI", "3"}}
	if !reflect.DeepEqual(p.Modes, wantModes) {
		t.Errorf("modes %v", p.Modes)
	}
	if !reflect.DeepEqual(p.Outcome, DefaultProfile().Outcome) || !reflect.DeepEqual(p.Inquiry, DefaultProfile().Inquiry) {
		t.Error("outcome or inquiry rules not taken from the base")
	}

	types := []struct {
		name     string
		code     string
		role     Role
		template map[string]string
	}{
		{"Sale", "1", RoleSale, map[string]string{"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}"}},
		{"Void", "2", RoleVoid, map[string]string{"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "ORIG_REF_NO": "{{orig_ref}}", "REF_NO": "{{ref}}"}},
		{"Refund", "3", RoleRefund, map[string]string{"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "ORIG_REF_NO": "{{orig_ref}}", "REF_NO": "{{ref}}"}},
		{"Pre-Auth", "4", RolePreauth, map[string]string{"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "TID": "T0001"}},
		{"Pre-Auth Completion", "5", RoleCompletion, map[string]string{"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "ORIG_REF_NO": "{{orig_ref}}", "MID": ""}},
		{"UPI Sale", "11", RoleCustom, map[string]string{"TRAN_MODE": "{{mode}}", "TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}"}},
		{"Settlement", "6", RoleSettlement, map[string]string{"TRAN_CODE": "{{code}}"}},
		{"Status Inquiry", "7", RoleInquiry, map[string]string{"TRAN_CODE": "{{code}}", "ORIG_REF_NO": "{{orig_ref}}"}},
	}
	if len(p.Types) != len(types) {
		t.Fatalf("%d types: %+v", len(p.Types), p.Types)
	}
	for i, want := range types {
		t.Run(want.name, func(t *testing.T) {
			got := p.Types[i]
			if got.Name != want.name || got.Code != want.code || got.Role != want.role || !maps.Equal(got.Template, want.template) {
				t.Errorf("got %+v", got)
			}
			if got.NeedsAmount != got.Uses(PlaceholderAmount) || got.NeedsOriginal != (got.Uses(PlaceholderOrigRef) || len(got.OriginalFields()) > 0) {
				t.Errorf("needs flags do not follow the template: %+v", got)
			}
		})
	}

	wantSkipped := []Skipped{
		{"Card/Sale (amount variable)", `duplicate TRAN_CODE "1": already imported from "Card/Sale"`, false},
		{"Card/Pre-Auth/Pre-Auth Completion", "field MID: the Postman variable {{merchant_id}} has no value in the collection; it is left empty, so fill it in", true},
		{"UPI/UPI Sale", `"Card/Sale" already has the role sale; this one is imported as a custom type`, true},
		{"Utilities/Health check", "no request body", false},
		{"Utilities/Ping", "no request body", false},
		{"Utilities/Login", "the body is form fields (urlencoded), not raw JSON", false},
		{"Utilities/Print text", "the body is not JSON", false},
		{"Utilities/Batch list", "the body is JSON but not an object", false},
		{"Utilities/Echo test", "the body has no TRAN_CODE field", false},
		{"Utilities/Receipt", "field LINES has a nested object or list, which lanepay cannot send", false},
		{"Utilities/Tip adjust", "TRAN_CODE is the Postman variable {{tip_code}}, which has no value in the collection", false},
	}
	if !reflect.DeepEqual(skipped, wantSkipped) {
		for _, s := range skipped {
			t.Logf("%+v", s)
		}
		t.Errorf("skipped differs")
	}
	wantFixed := []FixedValue{
		{"Pre-Auth", "TID", "T0001"},
		{"Pre-Auth Completion", "MID", ""},
	}
	if !reflect.DeepEqual(im.Fixed, wantFixed) {
		t.Errorf("fixed %+v", im.Fixed)
	}

	// The imported sale builds the vendor's documented request, with
	// lanepay's reference added: the collection names none, and recovery
	// must ask about a reference the terminal was given.
	req, err := p.BuildRequest("1", RequestParams{Amount: 100, Ref: "R1"})
	if err != nil {
		t.Fatal(err)
	}
	if string(req.Body) != `{"AMOUNT":"100","REF_NO":"R1","TRAN_CODE":"1","TRAN_MODE":"1"}` {
		t.Errorf("sale body %s", req.Body)
	}
}

// collection wraps items in a v2.1 collection.
func collection(items ...string) []byte {
	return []byte(`{"info":{"name":"T","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[` + strings.Join(items, ",") + `]}`)
}

func rawItem(name, body string) string {
	b, _ := json.Marshal(body)
	return `{"name":"` + name + `","request":{"method":"POST","body":{"mode":"raw","raw":` + string(b) + `}}}`
}

func TestImportPostmanErrors(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"not JSON", []byte("hello"), "this file is not a Postman collection: it is not valid JSON"},
		{"not an object", []byte("[1]"), "this file is not a Postman collection"},
		{"no info", []byte(`{"item":[]}`), "this file is not a Postman collection: it has no info.schema"},
		{"old format", readTestdata(t, "old-v2.0.postman_collection.json"), "older format: export it again from Postman as Collection v2.1"},
		{"unknown schema", []byte(`{"info":{"schema":"https://example.com/x.json"}}`), `unsupported collection format "https://example.com/x.json"`},
		{"item not a list", []byte(`{"info":{"schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":{}}`), "this file is not a Postman collection: item has the wrong type"},
		{"empty collection", collection(), "no transaction types found in the collection"},
		{"nothing importable", collection(rawItem("Ping", `{"PING":"1"}`)), "no transaction types found in the collection"},
		{"bad base", collection(rawItem("Sale", `{"TRAN_CODE":"1","AMOUNT":"1"}`)), "the imported profile is not valid: currency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var base *Profile
			if tt.name == "bad base" {
				base = DefaultProfile()
				base.Currency = "dollars"
			}
			im, err := ImportPostman(tt.data, base)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want %q", err, tt.want)
			}
			if im == nil || im.Profile != nil || im.Fixed != nil {
				t.Errorf("with an error, the import is %+v", im)
			}
		})
	}
}

func TestImportPostmanItems(t *testing.T) {
	tests := []struct {
		name     string
		item     string // the Postman item's name, which the role is guessed from
		body     string
		base     func(*Profile)
		template map[string]string
		role     Role
		check    func(t *testing.T, p *Profile)
		skipped  string // the first reason listed, if any
	}{
		{"lower case tran_code and amt", "Sale", `{"tran_code":"1","amt":"5.00"}`, nil,
			map[string]string{"tran_code": "{{code}}", "amt": "{{amount}}"}, RoleSale, nil, ""},
		{"zero amount stays literal", "Void", `{"TRAN_CODE":"2","AMOUNT":"0","ORIG_REF_NO":"1"}`, nil,
			map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "0", "ORIG_REF_NO": "{{orig_ref}}"}, RoleVoid, nil, ""},
		{"other reference names", "Void", `{"TRAN_CODE":"2","ECR_REF":"{{x}}","Original-Ref":"9"}`, nil,
			map[string]string{"TRAN_CODE": "{{code}}", "ECR_REF": "{{ref}}", "Original-Ref": "{{orig_ref}}"}, RoleVoid,
			func(t *testing.T, p *Profile) {
				if p.ReferenceField != "ECR_REF" || p.OriginalReferenceField != "Original-Ref" {
					t.Errorf("reference fields %q %q", p.ReferenceField, p.OriginalReferenceField)
				}
			}, "the reference field is now ECR_REF, as in the collection"},
		{"reference by variable name", "Settle", `{"TRAN_CODE":"6","INVOICE":"{{ref}}"}`, func(b *Profile) { b.ReferenceField = "" },
			map[string]string{"TRAN_CODE": "{{code}}", "INVOICE": "{{ref}}"}, RoleSettlement,
			func(t *testing.T, p *Profile) {
				if p.ReferenceField != "INVOICE" {
					t.Errorf("reference field %q", p.ReferenceField)
				}
			}, "the reference field is now INVOICE, as in the collection"},
		{"embedded variables", "Note", `{"TRAN_CODE":"6","NOTE":"POS {{amount}} at {{shop}}"}`, nil,
			map[string]string{"TRAN_CODE": "{{code}}", "NOTE": "POS {{amount}} at "}, RoleCustom, nil,
			"field NOTE: the Postman variable {{shop}} has no value in the collection; it is left empty, so fill it in"},
		{"numbers and bools become strings", "Sale", `{"TRAN_CODE":1,"AMOUNT":100,"PRINT":true,"X":null}`, nil,
			map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}", "PRINT": "true", "X": ""}, RoleSale, nil,
			`field PRINT was not a string; it is sent as the string "true"`},
		{"sale without amount is custom", "Sale", `{"TRAN_CODE":"1","TRAN_MODE":"1"}`, nil,
			map[string]string{"TRAN_CODE": "{{code}}", "TRAN_MODE": "{{mode}}"}, RoleCustom, nil,
			"imported as a custom type, not sale: a sale must have needs_amount"},
		{"code from collection variable", "Sale", `{"TRAN_CODE":"{{code_sale}}","AMOUNT":"1"}`, nil,
			map[string]string{"TRAN_CODE": "{{code}}", "AMOUNT": "{{amount}}"}, RoleSale,
			func(t *testing.T, p *Profile) {
				if p.Types[0].Code != "42" {
					t.Errorf("code %q", p.Types[0].Code)
				}
			}, ""},
		{"mode without modes in base", "Sale", `{"TRAN_CODE":"1","AMOUNT":"1","TRAN_MODE":"{{mode}}"}`, func(b *Profile) { b.Modes = nil },
			nil, "", nil, "type.template.TRAN_MODE: {{mode}} is used but the profile has no modes"},
		{"unclosed variable", "Sale", `{"TRAN_CODE":"1","AMOUNT":"1","X":"{{oops"}`, nil,
			nil, "", nil, "field X has {{ without a closing }}"},
		{"case duplicate fields", "Sale", `{"TRAN_CODE":"1","AMOUNT":"1","X":"a","x":"b"}`, nil,
			nil, "", nil, `type.template.x: same field as "X" (field names are not case-sensitive)`},
		{"empty code", "Sale", `{"TRAN_CODE":" "}`, nil, nil, "", nil, "TRAN_CODE is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := DefaultProfile()
			if tt.base != nil {
				tt.base(base)
			}
			data := []byte(`{"info":{"name":"T","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},` +
				`"variable":[{"key":"code_sale","value":"42"},{"key":"off","value":"1","disabled":true}],"item":[` + rawItem(tt.item, tt.body) + `]}`)
			im, err := ImportPostman(data, base)
			p, skipped := im.Profile, im.Skipped
			if tt.template == nil {
				if err == nil {
					t.Fatalf("imported %+v", p.Types)
				}
			} else {
				if err != nil {
					t.Fatalf("ImportPostman: %v (skipped %+v)", err, skipped)
				}
				got := p.Types[0]
				if !maps.Equal(got.Template, tt.template) || got.Role != tt.role {
					t.Errorf("got %+v", got)
				}
				if tt.check != nil {
					tt.check(t, p)
				}
			}
			reason := ""
			if len(skipped) > 0 {
				reason = skipped[0].Reason
			}
			if reason != tt.skipped {
				t.Errorf("first skipped reason %q, want %q", reason, tt.skipped)
			}
		})
	}
}

func TestImportPostmanKeepsBase(t *testing.T) {
	base := DefaultProfile()
	base.AmountFormat = AmountDecimal
	base.Currency = "INR"
	base.KeepsReferences = true
	im, err := ImportPostman(collection(rawItem("Sale", `{"TRAN_CODE":"1","AMOUNT":"1"}`)), base)
	if err != nil {
		t.Fatal(err)
	}
	p := im.Profile
	if p.AmountFormat != AmountDecimal || p.Currency != "INR" || p.TimeoutSeconds != 120 {
		t.Errorf("base settings lost: %+v", p)
	}
	// Only the shop can say its terminal keeps references; a collection
	// cannot, and the base's word was about another terminal's protocol.
	if p.KeepsReferences || p.Example {
		t.Errorf("keeps references %v, example %v", p.KeepsReferences, p.Example)
	}
	if len(base.Types) != len(DefaultProfile().Types) || base.Name != "Default" || !base.KeepsReferences {
		t.Error("base was changed")
	}
}

func TestFixedValues(t *testing.T) {
	tests := []struct {
		name  string
		types []TranType
		want  []FixedValue
	}{
		{"placeholders only", []TranType{{Name: "Sale", Template: map[string]string{"TRAN_CODE": "{{code}}", "X": "{{amount}}{{ref}}"}}}, nil},
		{"literal, empty and mixed values", []TranType{{Name: "Sale", Template: map[string]string{"TRAN_CODE": "{{code}}", "TID": "T1", "MID": "", "NOTE": "POS {{amount}}"}}},
			[]FixedValue{{"Sale", "MID", ""}, {"Sale", "NOTE", "POS {{amount}}"}, {"Sale", "TID", "T1"}}},
		{"sorted by type then field", []TranType{
			{Name: "Void", Template: map[string]string{"B": "1", "A": "0"}},
			{Name: "Refund", Template: map[string]string{"Z": "z"}},
		}, []FixedValue{{"Refund", "Z", "z"}, {"Void", "A", "0"}, {"Void", "B", "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fixedValues(&Profile{Types: tt.types}); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func FuzzImportPostman(f *testing.F) {
	f.Add(readTestdata(f, "vendor.postman_collection.json"))
	f.Add(readTestdata(f, "old-v2.0.postman_collection.json"))
	f.Add(collection(rawItem("Sale", `{"TRAN_CODE":"1","AMOUNT":{{amount}},"REF":"{{ref}}"}`)))
	f.Add(collection(`{"name":"F","item":[` + rawItem("Void", `{"TRAN_CODE":"2","ORIG_REF_NO":"1"}`) + `]}`))
	f.Add(readTestdata(f, "upi-card.postman_collection.json"))
	f.Add(collection(folder("Card", answeredItem("Sale", `{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"1"}`, `{"INVOICE_NO":"1"}`)),
		folder("UPI", rawItem("Sale", `{"TRAN_MODE":"2","TRAN_CODE":"1","AMOUNT":"1","QR":"1"}`)),
		rawItem("Status", `{"TRAN_CODE":"7","INVOICE_NO":"1","OrigRRN":"2"}`)))
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ImportPostman(data, nil)
		if im == nil {
			t.Fatal("nil import")
		}
		p, skipped := im.Profile, im.Skipped
		if err != nil {
			if p != nil {
				t.Fatal("profile with error")
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("imported profile does not validate: %v", err)
		}
		for _, s := range skipped {
			if s.Reason == "" {
				t.Fatal("skipped without a reason")
			}
		}
		for _, ty := range p.Types {
			if _, err := p.Preview(ty.Code); err != nil {
				t.Fatalf("Preview of %s: %v", ty.Name, err)
			}
		}
		if !slices.IsSortedFunc(im.Fixed, func(a, b FixedValue) int {
			return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.Field, b.Field))
		}) {
			t.Fatalf("fixed values not sorted: %+v", im.Fixed)
		}
		if p.KeepsReferences || p.Example {
			t.Fatal("an import claims keeps_references or example")
		}
		// An imported profile must survive saving and loading.
		if _, err := LoadProfile(mustJSON(t, p)); err != nil {
			t.Fatalf("saved import does not load: %v", err)
		}
	})
}
