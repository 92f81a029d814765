package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/words"
)

// sources are the files whose words the cashier reads: the page's and
// those of the packages that word messages for it.
func sources(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, dir := range []string{".", "cashier", "journal", "till", "terminal", "handoff", "pos"} {
		m, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range m {
			if !strings.HasSuffix(f, "_test.go") {
				files = append(files, f)
			}
		}
	}
	return files
}

// sentences are the English formats the files hand to the catalog: the
// first argument of T, Errorf and Text, and the two of Count.
func sentences(t *testing.T) map[string]string {
	t.Helper()
	found := map[string]string{}
	fset := token.NewFileSet()
	for _, path := range sources(t) {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, path, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			var args []ast.Expr
			switch name := sel.Sel.Name; {
			case name == "T" && len(call.Args) > 0:
				args = call.Args[:1]
			case (name == "Errorf" || name == "Text" || name == "N") && isIdent(sel.X, "words") && len(call.Args) > 0:
				args = call.Args[:1]
			case name == "Plural" && len(call.Args) >= 3:
				args = call.Args[1:3]
			}
			for _, a := range args {
				if lit, ok := a.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					s, err := strconv.Unquote(lit.Value)
					if err == nil {
						found[s] = fset.Position(lit.Pos()).String()
					}
				}
			}
			return true
		})
	}
	return found
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

// Every sentence the page says has its Hindi: a missing one would show
// in English in the middle of a Hindi screen.
func TestEverySentenceInHindi(t *testing.T) {
	found := sentences(t)
	if len(found) < 100 {
		t.Fatalf("only %d sentences found: the scan is broken", len(found))
	}
	// Said through T from values, not literals: the default profile's
	// names, the verdicts, the amount's refusals.
	p := pos.DefaultProfile()
	for _, ty := range p.Types {
		found[ty.Name] = "the default profile's type"
	}
	for _, m := range p.Modes {
		found[m.Name] = "the default profile's mode"
	}
	for _, v := range []verdict{verdictApproved, verdictDeclined, verdictUnknown, verdictNotCharged} {
		found[string(v)] = "a verdict"
	}
	for _, err := range []error{pos.ErrAmountEmpty, pos.ErrAmountNotNumber, pos.ErrAmountNegative, pos.ErrAmountTooManyDecimals, pos.ErrAmountTooLarge, pos.ErrAmountNotPositive, pos.ErrNoOriginal} {
		found[err.Error()] = "an amount's refusal"
	}
	var missing []string
	for s, at := range found {
		if !words.Hindi.Has(s) {
			missing = append(missing, at+": "+strconv.Quote(s))
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("no Hindi for %s", m)
	}
}

// latinWords finds English words: two letters or more.
var latinWords = regexp.MustCompile(`[A-Za-z]{2,}`)

// Text the page shows is said through the voice, never written as a
// literal: text, placeholders, titles and labels for screen readers.
func TestNoLiteralWords(t *testing.T) {
	// Names that are the same in every language.
	same := map[string]bool{"lanepay": true, "WebSocket": true, "TCP": true, "CSV": true,
		// A payload's field names, in a placeholder of JSON.
		"TRAN": true, "CODE": true, "MODE": true, "AMOUNT": true, "REF": true, "NO": true}
	fset := token.NewFileSet()
	m, _ := filepath.Glob("*.go")
	for _, path := range m {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			t.Fatal(err)
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
			arg := call.Args[0]
			switch sel.Sel.Name {
			case "Text", "Placeholder", "Title":
			case "Attr":
				if len(call.Args) != 2 {
					return true
				}
				if k, ok := call.Args[0].(*ast.BasicLit); !ok || !slices.Contains([]string{`"aria-label"`, `"title"`, `"alt"`, `"aria-description"`}, k.Value) {
					return true
				}
				arg = call.Args[1]
			default:
				return true
			}
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			for _, w := range latinWords.FindAllString(s, -1) {
				if !same[w] {
					t.Errorf("%s: %q is not said through the voice", fset.Position(lit.Pos()), s)
					break
				}
			}
			return true
		})
	}
}
