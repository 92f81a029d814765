package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// typedElements are the go-app typed element constructors the screens may
// call (see elements.go); every other tag is app.Elem.
var typedElements = []string{"Div", "P", "Button", "Input", "Label", "Img", "H1", "Textarea"}

// notElements are go-app's functions without arguments that are not
// element constructors.
var notElements = []string{"Window", "Undefined", "RunWhenOnBrowser", "NewTestEngine"}

var zeroArgCall = regexp.MustCompile(`\bapp\.([A-Z][A-Za-z0-9]*)\(\)`)

// TestMarkupUsesTheGenericElement keeps the typed elements out of the
// screens: one more costs the wasm its own copy of every method called on
// it.
func TestMarkupUsesTheGenericElement(t *testing.T) {
	checked := 0
	eachSourceLine(t, func(at, line string) {
		for _, m := range zeroArgCall.FindAllStringSubmatch(line, -1) {
			checked++
			if !slices.Contains(typedElements, m[1]) && !slices.Contains(notElements, m[1]) {
				t.Errorf("%s: app.%s(): use app.Elem(%q) (elements.go), or add a function that is no element to notElements", at, m[1], strings.ToLower(m[1]))
			}
		}
	})
	if checked == 0 {
		t.Fatal("no go-app calls found: the test reads the wrong directory")
	}
}

// formattedAttr finds a call to Aria or DataSet, after a dot or at the
// start of a line that continues a chain.
var formattedAttr = regexp.MustCompile(`(?:^\s*|\.)(Aria|DataSet)\(`)

// TestAttributesAreNotFormatted keeps go-app's Aria and DataSet out of the
// screens: they run fmt.Sprintf on every attribute at every render
// (elements.go).
func TestAttributesAreNotFormatted(t *testing.T) {
	eachSourceLine(t, func(at, line string) {
		if m := formattedAttr.FindStringSubmatch(line); m != nil {
			prefix := map[string]string{"Aria": "aria-", "DataSet": "data-"}[m[1]]
			t.Errorf("%s: .%s(name, v): use .Attr(%q+name, v) (elements.go)", at, m[1], prefix)
		}
	})
}

// eachSourceLine calls f with every line of the package's Go files but
// its tests, and where it is (file:line).
func eachSourceLine(t *testing.T, f func(at, line string)) {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			f(fmt.Sprintf("%s:%d", name, i+1), line)
		}
	}
}

func TestAttrSetsWhatAriaAndDataSetDid(t *testing.T) {
	for _, tc := range []struct {
		name      string
		formatted app.HTMLElem
		plain     app.HTMLElem
	}{
		{"a string", app.Elem("p").Aria("label", "Keypad"), app.Elem("p").Attr("aria-label", "Keypad")},
		{"true", app.Elem("p").Aria("invalid", true), app.Elem("p").Attr("aria-invalid", true)},
		{"false", app.Elem("p").DataSet("mounted", false), app.Elem("p").Attr("data-mounted", false)},
		{"an int", app.Elem("p").DataSet("differences", 3), app.Elem("p").Attr("data-differences", 3)},
		{"empty", app.Elem("p").Aria("label", ""), app.Elem("p").Attr("aria-label", "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := app.Match(tc.formatted, tc.plain); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestTableHead(t *testing.T) {
	head := tableHead("Time", "State")
	if err := app.Match(app.Elem("thead"), head); err != nil {
		t.Fatal(err)
	}
	if err := app.Match(app.Elem("tr"), head, 0); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"Time", "State"} {
		if err := app.Match(app.Elem("th").Attr("scope", "col"), head, 0, i); err != nil {
			t.Errorf("heading %d: %v", i, err)
		}
		if err := app.Match(app.Text(want), head, 0, i, 0); err != nil {
			t.Errorf("heading %d: %v", i, err)
		}
	}
}
