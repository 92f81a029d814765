package main

import (
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The notice says, in plain words, what plain HTTP lacks and how to have
// it, in a named region a screen reader lists, with a real button.
func TestPlainHTTPNotice(t *testing.T) {
	html := app.HTMLString(renderPlainHTTPNotice(voice{}, func(app.Context, app.Event) {}))
	for _, want := range []string{
		`role="region"`, `aria-labelledby="plain-http-title"`, `id="plain-http-title"`,
		`<button`, `type="button"`, `id="plain-http-dismiss"`,
		"cannot be installed", "no offline use", "-tls", "https://", "Charging works",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the notice lacks %q:\n%s", want, html)
		}
	}
}
