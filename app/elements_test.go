package main

import (
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
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			for _, m := range zeroArgCall.FindAllStringSubmatch(line, -1) {
				checked++
				if !slices.Contains(typedElements, m[1]) && !slices.Contains(notElements, m[1]) {
					t.Errorf("%s:%d: app.%s(): use app.Elem(%q) (elements.go), or add a function that is no element to notElements", f, i+1, m[1], strings.ToLower(m[1]))
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no go-app calls found: the test reads the wrong directory")
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
