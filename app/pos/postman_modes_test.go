package pos

import (
	"reflect"
	"strings"
	"testing"
)

// folder wraps items in a Postman folder.
func folder(name string, items ...string) string {
	return `{"name":"` + name + `","item":[` + strings.Join(items, ",") + `]}`
}

func TestImportPostmanModes(t *testing.T) {
	const (
		cardSale = `{"TRAN_MODE":"1","TRAN_CODE":"1","AMOUNT":"{{amount}}"}`
		upiSale  = `{"TRAN_MODE":"2","TRAN_CODE":"1","AMOUNT":"{{amount}}"}`
		cardVoid = `{"TRAN_MODE":"1","TRAN_CODE":"2","ORIG_REF_NO":"{{orig_ref}}"}`
		upiVoid  = `{"TRAN_MODE":"2","TRAN_CODE":"2","ORIG_REF_NO":"{{orig_ref}}"}`
	)
	tests := []struct {
		name    string
		items   []string
		base    func(*Profile)
		modes   []Mode
		types   []string // name and code of each type
		skipped []Skipped
	}{
		{"folders name the modes of one type",
			[]string{folder("Card", rawItem("Sale", cardSale)), folder("UPI", rawItem("UPI Sale (QR)", upiSale))}, nil,
			[]Mode{{"Card", "1"}, {"UPI", "2"}}, []string{"Sale 1"},
			[]Skipped{{"UPI/UPI Sale (QR)", `the same request as "Card/Sale" in payment mode "2": imported as that mode of Sale`, true}}},
		{"item names without folders",
			[]string{rawItem("Card Sale", cardSale), rawItem("UPI Sale (QR)", upiSale)}, nil,
			[]Mode{{"Card", "1"}, {"UPI (QR)", "2"}}, []string{"Card Sale 1"},
			[]Skipped{{"UPI Sale (QR)", `the same request as "Card Sale" in payment mode "2": imported as that mode of Card Sale`, true}}},
		{"name in parentheses",
			[]string{rawItem("Sale (Wallet)", upiSale)}, nil,
			[]Mode{{"Wallet", "2"}}, []string{"Sale (Wallet) 1"}, nil},
		{"order of first appearance, base's modes dropped",
			[]string{folder("UPI", rawItem("Sale", upiSale)), folder("Card", rawItem("Sale", cardSale))}, nil,
			[]Mode{{"UPI", "2"}, {"Card", "1"}}, []string{"Sale 1"},
			[]Skipped{{"Card/Sale", `the same request as "UPI/Sale" in payment mode "1": imported as that mode of Sale`, true}}},
		{"a folder that names a transaction is passed over",
			[]string{folder("Card", folder("Void", rawItem("Void", cardVoid))), folder("Sales", rawItem("Wallet Sale", upiSale))}, nil,
			[]Mode{{"Card", "1"}, {"Wallet", "2"}}, []string{"Void 2", "Wallet Sale 1"}, nil},
		{"a folder holding two modes names neither",
			[]string{folder("ECR API", rawItem("Sale", cardSale), rawItem("QR Sale", upiSale))}, nil,
			[]Mode{{"Card", "1"}, {"QR", "2"}}, []string{"Sale 1"},
			[]Skipped{{"ECR API/QR Sale", `the same request as "ECR API/Sale" in payment mode "2": imported as that mode of Sale`, true}}},
		{"a later request's folder names the mode",
			[]string{rawItem("Void", upiVoid), folder("UPI", rawItem("Sale", upiSale))}, nil,
			[]Mode{{"UPI", "2"}}, []string{"Void 2", "Sale 1"}, nil},
		{"base's name, then Mode CODE",
			[]string{rawItem("Sale", cardSale), rawItem("Void", `{"TRAN_MODE":"7","TRAN_CODE":"2","ORIG_REF_NO":"1"}`)}, nil,
			[]Mode{{"Card", "1"}, {"Mode 7", "7"}}, []string{"Sale 1", "Void 2"},
			[]Skipped{{"Void", `payment mode "7" was added as "Mode 7"; rename it in the profile`, true}}},
		{"a name taken gets the code",
			[]string{folder("UPI", rawItem("Sale", upiSale)), folder("X", folder("UPI", rawItem("Void", `{"TRAN_MODE":"3","TRAN_CODE":"2","ORIG_REF_NO":"1"}`)))}, nil,
			[]Mode{{"UPI", "2"}, {"UPI (3)", "3"}}, []string{"Sale 1", "Void 2"}, nil},
		{"no literal modes keep base's",
			[]string{rawItem("Sale", `{"TRAN_MODE":"{{mode}}","TRAN_CODE":"1","AMOUNT":"1"}`)}, nil,
			DefaultProfile().Modes, []string{"Sale 1"}, nil},
		{"the same request twice is a duplicate",
			[]string{folder("Card", rawItem("Sale", cardSale), rawItem("Sale again", cardSale))}, nil,
			[]Mode{{"Card", "1"}}, []string{"Sale 1"},
			[]Skipped{{"Card/Sale again", `duplicate TRAN_CODE "1": already imported from "Card/Sale"`, false}}},
		{"the same mode twice names its first request",
			[]string{rawItem("Card Sale", cardSale), rawItem("UPI Sale", upiSale), rawItem("UPI Sale 2", upiSale)}, nil,
			[]Mode{{"Card", "1"}, {"UPI", "2"}}, []string{"Card Sale 1"},
			[]Skipped{
				{"UPI Sale", `the same request as "Card Sale" in payment mode "2": imported as that mode of Card Sale`, true},
				{"UPI Sale 2", `duplicate TRAN_CODE "1": already imported from "UPI Sale"`, false},
			}},
		{"a variable mode is a duplicate",
			[]string{rawItem("Sale", cardSale), rawItem("Sale (any mode)", `{"TRAN_MODE":"{{mode}}","TRAN_CODE":"1","AMOUNT":"{{amount}}"}`)}, nil,
			[]Mode{{"Card", "1"}}, []string{"Sale 1"},
			[]Skipped{{"Sale (any mode)", `duplicate TRAN_CODE "1": already imported from "Sale"`, false}}},
		{"a mode with another field is refused",
			[]string{folder("Card", rawItem("Sale", cardSale)), folder("UPI", rawItem("UPI Sale (QR)", `{"TRAN_MODE":"2","TRAN_CODE":"1","AMOUNT":"{{amount}}","QR_FLAG":"1"}`))}, nil,
			[]Mode{{"Card", "1"}}, []string{"Sale 1"},
			[]Skipped{{"UPI/UPI Sale (QR)", `TRAN_CODE "1" differs from "Card/Sale" in field QR_FLAG, not only in the payment mode`, false}}},
		{"differing fields are all named",
			[]string{rawItem("Sale", cardSale), rawItem("UPI Sale", `{"TRAN_MODE":"2","TRAN_CODE":"1","AMOUNT":"0","VPA":"shop@upi"}`)}, nil,
			[]Mode{{"Card", "1"}}, []string{"Sale 1"},
			[]Skipped{{"UPI Sale", `TRAN_CODE "1" differs from "Sale" in fields AMOUNT, VPA, not only in the payment mode`, false}}},
		{"a refused request adds no mode",
			[]string{rawItem("Sale", `{"TRAN_MODE":"5","TRAN_CODE":"1","X":"{{oops"}`), rawItem("Void", cardVoid)}, nil,
			[]Mode{{"Card", "1"}}, []string{"Void 2"},
			[]Skipped{{"Sale", "field X has {{ without a closing }}", false}}},
		{"modes without a base",
			[]string{rawItem("Sale", cardSale)}, func(b *Profile) { b.Modes = nil },
			[]Mode{{"Mode 1", "1"}}, []string{"Sale 1"},
			[]Skipped{{"Sale", `payment mode "1" was added as "Mode 1"; rename it in the profile`, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := DefaultProfile()
			if tt.base != nil {
				tt.base(base)
			}
			im, err := ImportPostman(collection(tt.items...), base)
			if err != nil {
				t.Fatalf("ImportPostman: %v (skipped %+v)", err, im.Skipped)
			}
			if !reflect.DeepEqual(im.Profile.Modes, tt.modes) {
				t.Errorf("modes %+v, want %+v", im.Profile.Modes, tt.modes)
			}
			var types []string
			for _, ty := range im.Profile.Types {
				types = append(types, ty.Name+" "+ty.Code)
			}
			if !reflect.DeepEqual(types, tt.types) {
				t.Errorf("types %q, want %q", types, tt.types)
			}
			if !reflect.DeepEqual(im.Skipped, tt.skipped) {
				t.Errorf("skipped %+v\nwant    %+v", im.Skipped, tt.skipped)
			}
		})
	}
}

func TestModeNameFromItem(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"UPI Sale (QR)", "UPI (QR)"},
		{"Card Sale", "Card"},
		{"Sale - Card", "Card"},
		{"Sale (UPI)", "UPI"},
		{"Wallet payment", "Wallet"},
		{"Pre-Auth", ""},
		{"Sale", ""},
		{"  ", ""},
		{"EMI Purchase (6 months)", "EMI (6 months)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := modeNameFromItem(tt.name); got != tt.want {
				t.Errorf("modeNameFromItem(%q) = %q, want %q", tt.name, got, tt.want)
			}
		})
	}
}
