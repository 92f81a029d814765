// Package words is every word the cashier sees, in the languages lanepay
// speaks. English is the source: the code writes its sentences in English
// (fmt formats with their verbs), and a language's catalog maps each
// English format to its own. A sentence missing from a catalog is shown in
// English rather than not at all; the app's tests check that none is
// missing.
package words

import (
	"errors"
	"fmt"
	"strings"

	"github.com/lanepay/lanepay/app/locale"
)

// Lang is a language lanepay speaks, by its BCP 47 language subtag.
type Lang string

// The languages lanepay speaks.
const (
	English Lang = "en"
	Hindi   Lang = "hi"
)

// Langs are the languages a shop may choose, in the order Settings lists
// them.
var Langs = []Lang{English, Hindi}

// catalogs maps a language to its sentences, keyed by the English format.
var catalogs = map[Lang]map[string]string{Hindi: hindi}

// Name is the language's name as its speakers write it: what Settings
// offers, so that a cashier finds their own language whatever is shown.
func (l Lang) Name() string {
	if l == Hindi {
		return "हिन्दी"
	}
	return "English"
}

// Known reports whether lanepay speaks l.
func (l Lang) Known() bool {
	for _, k := range Langs {
		if l == k {
			return true
		}
	}
	return false
}

// Pick is the language to speak: the shop's setting when it names one
// lanepay speaks, else the first of the browser's languages that lanepay
// speaks (navigator.languages, "hi-IN" meaning Hindi), else English.
func Pick(setting string, browser []string) Lang {
	if l := Lang(setting); l.Known() {
		return l
	}
	for _, tag := range browser {
		if l := Lang(languageOf(tag)); l.Known() {
			return l
		}
	}
	return English
}

// Locale is how numbers and dates are written when speaking l: the
// language with the region of the browser's first language tag that has
// one ("en-US" writes $123,456.78), and India where none does, lanepay's
// shops being Indian first (₹1,23,456.78, 07/12/2026).
func Locale(l Lang, browser []string) locale.Locale {
	region := "IN"
	for _, tag := range browser {
		if _, r, ok := strings.Cut(tag, "-"); ok && len(r) == 2 {
			region = strings.ToUpper(r)
			break
		}
	}
	return locale.Locale(string(l) + "-" + region)
}

func languageOf(tag string) string {
	lang, _, _ := strings.Cut(tag, "-")
	return strings.ToLower(lang)
}

// T is the English format en, in l, formatted with args as fmt does. An
// argument that is an *Error is said in l too, so that a sentence can be
// made of sentences ("Could not save the sale: %s").
func (l Lang) T(en string, args ...any) string {
	f := en
	if t, ok := catalogs[l][en]; ok {
		f = t
	}
	if len(args) == 0 {
		return f
	}
	said := make([]any, len(args))
	for i, a := range args {
		if e, ok := a.(*Error); ok {
			a = l.T(e.Format, e.Args...)
		}
		said[i] = a
	}
	return fmt.Sprintf(f, said...)
}

// N marks en as a sentence said later through T, where it is written
// down before the language is known (gettext's N_): it returns en as it
// is, and the app's tests find it for the catalog.
func N(en string) string { return en }

// Has reports whether l's catalog has en; English has every sentence.
func (l Lang) Has(en string) bool {
	if l == English {
		return true
	}
	_, ok := catalogs[l][en]
	return ok
}

// Error is an error whose words a cashier reads: kept as its English
// format and arguments, so that a screen can say it in the cashier's
// language (Lang.Err) while logs and tests read it in English.
type Error struct {
	Format string
	Args   []any
}

// Errorf is an Error of format and args, as fmt.Errorf but without
// wrapping: what a cashier reads names no cause they could act on.
func Errorf(format string, args ...any) error { return &Error{Format: format, Args: args} }

// Text is a sentence kept for translation, to be said later or to be
// part of another (an argument of T or Errorf).
func Text(format string, args ...any) *Error { return &Error{Format: format, Args: args} }

func (e *Error) Error() string {
	if len(e.Args) == 0 {
		return e.Format
	}
	return fmt.Sprintf(e.Format, e.Args...)
}

// Err is err's words in l: an Error's (anywhere in err's chain)
// translated, any other error's as it is (the catalog may still have its
// whole text).
func (l Lang) Err(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return l.T(e.Format, e.Args...)
	}
	return l.T(err.Error())
}
