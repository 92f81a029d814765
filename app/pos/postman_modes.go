package pos

import (
	"slices"
	"strings"
)

// A vendor's collection shows each payment mode as its own request: the
// card sale under Card/, the UPI sale under UPI/, the same TRAN_CODE with
// another TRAN_MODE. Those are one transaction type that the cashier sends
// in either mode, so the import makes them modes of one type, and names
// each mode by where its requests sit (modeName).

// modeSet gathers the payment modes of the requests imported, in order of
// first appearance.
type modeSet struct {
	order   []string                   // mode codes, first appearance first
	items   map[string][]itemPlace     // mode code -> its imported requests
	seen    map[[2]string]string       // {TRAN_CODE, mode code} -> item path
	folders map[string]map[string]bool // folder key -> mode codes inside it
}

func newModeSet() *modeSet {
	return &modeSet{items: map[string][]itemPlace{}, seen: map[[2]string]string{}, folders: map[string]map[string]bool{}}
}

// add records that the request at was imported under code in mode; an
// empty mode (a variable, or no mode field) records nothing.
func (s *modeSet) add(code, mode string, at itemPlace) {
	if mode == "" {
		return
	}
	if _, ok := s.items[mode]; !ok {
		s.order = append(s.order, mode)
	}
	s.items[mode] = append(s.items[mode], at)
	if _, ok := s.seen[[2]string{code, mode}]; !ok {
		s.seen[[2]string{code, mode}] = at.path
	}
	for i := range at.folders {
		key := folderKey(at.folders[:i+1])
		if s.folders[key] == nil {
			s.folders[key] = map[string]bool{}
		}
		s.folders[key][mode] = true
	}
}

// trial is the profile's modes as they would be with mode added, for
// checking a type before it is in: what matters then is only whether the
// profile has any.
func (s *modeSet) trial(base []Mode, mode string) []Mode {
	if len(s.order) == 0 && mode == "" {
		return base
	}
	modes := make([]Mode, 0, len(s.order)+1)
	for _, c := range s.order {
		modes = append(modes, Mode{Name: c, Code: c})
	}
	if mode != "" && !slices.Contains(s.order, mode) {
		modes = append(modes, Mode{Name: mode, Code: mode})
	}
	return modes
}

func folderKey(folders []string) string { return strings.Join(folders, "\x00") }

// sameCode handles a request whose TRAN_CODE an earlier one already took
// (from the item at path first): in another payment mode and otherwise the
// same, it adds that mode; any other difference would be lost by merging,
// so the request is refused and says which fields differ.
func (im *postmanImporter) sameCode(at itemPlace, code, first string, tpl map[string]string, mode string) {
	if mode == "" {
		im.skip(at.path, "duplicate TRAN_CODE %q: already imported from %q", code, first)
		return
	}
	if prev, dup := im.modes.seen[[2]string{code, mode}]; dup {
		im.skip(at.path, "duplicate TRAN_CODE %q: already imported from %q", code, prev)
		return
	}
	t, _ := im.p.Type(code)
	if diff := differingFields(t.Template, tpl); len(diff) > 0 {
		word := "field"
		if len(diff) > 1 {
			word = "fields"
		}
		im.skip(at.path, "TRAN_CODE %q differs from %q in %s %s, not only in the payment mode", code, first, word, strings.Join(diff, ", "))
		return
	}
	im.modes.add(code, mode, at)
	im.warn(at.path, "the same request as %q in payment mode %q: imported as that mode of %s", first, mode, t.Name)
}

// differingFields lists, sorted, the fields whose template values differ
// or that only one template has. Both templates hold {{mode}} for the
// mode field, so a difference of mode alone lists nothing.
func differingFields(a, b map[string]string) []string {
	var diff []string
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			diff = append(diff, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diff = append(diff, k)
		}
	}
	slices.Sort(diff)
	return diff
}

// finishModes sets the profile's modes to the collection's, when it has
// any, named by modeName; base's stay otherwise, since the collection then
// says nothing about them.
func (im *postmanImporter) finishModes() {
	s := im.modes
	if len(s.order) == 0 {
		return
	}
	modes := make([]Mode, 0, len(s.order))
	taken := map[string]bool{}
	for _, code := range s.order {
		name, fallback := s.modeName(code, im.base)
		if taken[strings.ToLower(name)] {
			name += " (" + code + ")"
		}
		taken[strings.ToLower(name)] = true
		if fallback {
			im.warn(s.items[code][0].path, "payment mode %q was added as %q; rename it in the profile", code, name)
		}
		modes = append(modes, Mode{Name: name, Code: code})
	}
	im.p.Modes = modes
}

// modeName names a payment mode by the first of these that gives a name:
//
//  1. a folder around one of its requests (nearest first, its requests in
//     collection order): the nearest folder whose name does not name a
//     transaction ("Card" in Card/Pre-Auth/Completion), provided every
//     request with a mode inside it has this one, so a folder wrapping
//     the whole collection names no mode;
//  2. one of its requests' names (in collection order) less the words
//     that name a transaction: "UPI Sale (QR)" gives "UPI (QR)";
//  3. base's name for the same code;
//  4. "Mode CODE", which fallback reports so the shop is told to rename it.
//
// A name an earlier mode took gets the code added (finishModes).
func (s *modeSet) modeName(code string, base *Profile) (name string, fallback bool) {
	for _, at := range s.items[code] {
		for i := len(at.folders) - 1; i >= 0; i-- {
			f := strings.TrimSpace(at.folders[i])
			if f == "" || roleFromName(f) != RoleCustom {
				continue
			}
			inside := s.folders[folderKey(at.folders[:i+1])]
			if len(inside) == 1 && inside[code] {
				return f, false
			}
			break // outer folders hold these other modes too
		}
	}
	for _, at := range s.items[code] {
		if n := modeNameFromItem(at.name); n != "" {
			return n, false
		}
	}
	for _, m := range base.Modes {
		if m.Code == code && strings.TrimSpace(m.Name) != "" {
			return strings.TrimSpace(m.Name), false
		}
	}
	return "Mode " + code, true
}

// transactionWords are the words of an item's name that say what the
// request does rather than how the customer pays.
var transactionWords = []string{
	"sale", "sales", "purchase", "void", "refund", "return", "preauth", "auth", "authorization", "authorisation",
	"completion", "complete", "capture", "settlement", "settle", "inquiry", "enquiry", "status", "lookup",
	"abort", "transaction", "txn", "payment",
}

// modeNameFromItem is the item's name without its transaction words, and
// without the punctuation they leave at either end; a name left wholly in
// parentheses loses them: "Sale (UPI)" gives "UPI".
func modeNameFromItem(name string) string {
	var kept []string
	for _, w := range strings.Fields(name) {
		letters := strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			if r >= 'A' && r <= 'Z' {
				return r + 'a' - 'A'
			}
			return -1
		}, w)
		if !slices.Contains(transactionWords, letters) {
			kept = append(kept, w)
		}
	}
	n := strings.Trim(strings.Join(kept, " "), " -_/:,.;&+")
	if inner, ok := strings.CutPrefix(n, "("); ok {
		if inner, ok := strings.CutSuffix(inner, ")"); ok && !strings.ContainsAny(inner, "()") {
			n = strings.TrimSpace(inner)
		}
	}
	return n
}
