package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lanepay/lanepay/app/cashier"
	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/lanepay/lanepay/app/words"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// settingsScreen sets up the shop: its terminals, the response timeout,
// the currency, the theme, and the terminal's protocol profile. Each part
// is saved on its own through the session, which validates it and keeps
// it in local storage, so what the screen shows is what a reload finds.
type settingsScreen struct {
	app.Compo
	sessionWatch
	Sess *session

	// editing is the terminal in the form: an index, len(Terminals) for a
	// new one, or -1 when the form is closed.
	editing    int
	draft      cashier.Terminal
	termErrs   []string
	termNotice string

	timeout, currency, decimals string
	prefErrs                    []string
	prefNotice                  string

	originsText   string
	originsErrs   []string
	originsNotice string

	profileText   string
	profileErrs   []string
	profileNotice string
	confirmReset  bool
	importFile    string
	importErr     string
	importTypes   []string
	importNotes   []pos.Skipped
	importFixed   []pos.FixedValue
	importing     bool

	mountCtx app.Context
}

func (c *settingsScreen) OnMount(ctx app.Context) {
	c.mountCtx = ctx
	c.editing = -1
	c.timeout, c.currency, c.decimals = cashier.PreferenceFields(c.Sess.Settings())
	c.originsText = c.Sess.Settings().BillingOrigins.String()
	c.profileText = profileJSON(c.Sess.BaseProfile())
	c.watch(ctx, c.Sess, nil)
}

// errorLines splits a joined error into the lines the screen lists, each
// starting with a capital.
func errorLines(v voice, err error) []string {
	var out []string
	for _, l := range strings.Split(err.Error(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, capitalise(v.T(l)))
		}
	}
	return out
}

// --- Terminals ---

func (c *settingsScreen) onAdd(ctx app.Context, e app.Event) {
	c.editing = len(c.Sess.Settings().Terminals)
	c.draft = cashier.Terminal{Port: strconv.Itoa(terminal.DefaultPort), Conn: cashier.ConnWebSocket}
	c.termErrs, c.termNotice = nil, ""
	focusNext("term-name")
}

func (c *settingsScreen) onEdit(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		set := c.Sess.Settings()
		if i >= len(set.Terminals) {
			return
		}
		c.editing, c.draft = i, set.Terminals[i]
		c.termErrs, c.termNotice = nil, ""
		focusNext("term-name")
	}
}

func (c *settingsScreen) onCancelTerminal(ctx app.Context, e app.Event) {
	c.editing, c.termErrs = -1, nil
	focusNext("add-terminal")
}

func (c *settingsScreen) onSaveTerminal(ctx app.Context, e app.Event) {
	e.PreventDefault()
	next := cashier.WithTerminal(c.Sess.Settings(), c.editing, c.draft)
	if err := c.Sess.ApplySettings(next); err != nil {
		c.termErrs = errorLines(c.Sess.voice(), err)
		return
	}
	c.termErrs, c.editing = nil, -1
	c.termNotice = c.Sess.voice().T("Terminal %q saved.", strings.TrimSpace(c.draft.Name))
	focusNext("add-terminal")
}

func (c *settingsScreen) onRemove(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		set := c.Sess.Settings()
		if i >= len(set.Terminals) {
			return
		}
		name := set.Terminals[i].Name
		if err := c.Sess.ApplySettings(cashier.WithoutTerminal(set, i)); err != nil {
			c.termErrs = errorLines(c.Sess.voice(), err)
			return
		}
		c.termErrs, c.editing = nil, -1
		c.termNotice = c.Sess.voice().T("Terminal %q removed.", name)
	}
}

func (c *settingsScreen) onActive(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		set := c.Sess.Settings()
		if i >= len(set.Terminals) {
			return
		}
		set.Active = i
		if err := c.Sess.ApplySettings(set); err != nil {
			c.termErrs = errorLines(c.Sess.voice(), err)
			return
		}
		c.termErrs = nil
		c.termNotice = c.Sess.voice().T("%s is now the active terminal: connecting to it.", set.Terminals[i].Name)
	}
}

// --- Preferences ---

func (c *settingsScreen) onSavePreferences(ctx app.Context, e app.Event) {
	e.PreventDefault()
	next, err := cashier.ParsePreferences(c.Sess.Settings(), c.timeout, c.currency, c.decimals)
	if err == nil {
		err = c.Sess.ApplySettings(next)
	}
	if err != nil {
		c.prefErrs, c.prefNotice = errorLines(c.Sess.voice(), err), ""
		return
	}
	c.prefErrs, c.prefNotice = nil, c.Sess.voice().T("Saved.")
	c.timeout, c.currency, c.decimals = cashier.PreferenceFields(next)
}

func (c *settingsScreen) onTheme(theme string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		set := c.Sess.Settings()
		set.Theme = theme
		if err := c.Sess.ApplySettings(set); err != nil {
			c.prefErrs = errorLines(c.Sess.voice(), err)
			return
		}
		applyTheme(theme)
	}
}

// --- Billing software ---

func (c *settingsScreen) onSaveOrigins(ctx app.Context, e app.Event) {
	e.PreventDefault()
	v := c.Sess.voice()
	next, err := cashier.WithOrigins(c.Sess.Settings(), c.originsText)
	if err == nil {
		err = c.Sess.ApplySettings(next)
	}
	if err != nil {
		c.originsErrs, c.originsNotice = errorLines(v, err), ""
		return
	}
	c.originsErrs = nil
	c.originsText = next.BillingOrigins.String()
	c.originsNotice = v.Plural(len(next.BillingOrigins), "Saved: %d origin allowed.", "Saved: %d origins allowed.")
}

// onLanguage sets the language the page speaks: "" for the browser's.
func (c *settingsScreen) onLanguage(lang string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		set := c.Sess.Settings()
		set.Language = lang
		// The shell follows the change (watchLanguage): the page's lang,
		// its tabs, and this screen at its next render.
		if err := c.Sess.ApplySettings(set); err != nil {
			c.prefErrs = errorLines(c.Sess.voice(), err)
		}
	}
}

// --- Profile ---

// profileJSON is the profile as the editor shows it and Export saves it.
func profileJSON(p *pos.Profile) string {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return ""
	}
	return string(b) + "\n"
}

// profileErrorLines lists a profile's problems by field path when the
// validator named them, or the decoding error otherwise.
func profileErrorLines(v voice, err error) []string {
	var out []string
	for _, fe := range pos.FieldErrors(err) {
		out = append(out, fe.Path+": "+v.T(fe.Problem))
	}
	if len(out) == 0 {
		out = errorLines(v, err)
	}
	return out
}

func (c *settingsScreen) onSaveProfile(ctx app.Context, e app.Event) {
	e.PreventDefault()
	if err := c.Sess.ApplyProfile([]byte(c.profileText)); err != nil {
		c.profileErrs, c.profileNotice = profileErrorLines(c.Sess.voice(), err), ""
		return
	}
	p := c.Sess.BaseProfile()
	c.profileErrs = nil
	c.profileText = profileJSON(p)
	v := c.Sess.voice()
	c.profileNotice = v.T("Profile %q saved, with %s.", p.Name, v.Plural(len(p.Types), "%d transaction type", "%d transaction types"))
}

func (c *settingsScreen) onExport(ctx app.Context, e app.Event) {
	p := c.Sess.BaseProfile()
	name := "lanepay-profile-" + fileSlug(p.Name) + ".json"
	downloadFile(name, "application/json", profileJSON(p))
	c.profileNotice = c.Sess.voice().T("Exported to %s.", name)
}

// fileSlug makes a profile name safe and readable in a file name.
func fileSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimSuffix(b.String(), "-")
	if out == "" {
		return "profile"
	}
	return out
}

func (c *settingsScreen) onReset(ctx app.Context, e app.Event) {
	c.confirmReset = true
	focusNext("reset-cancel") // the question's safe answer
}

func (c *settingsScreen) onResetConfirm(ctx app.Context, e app.Event) {
	c.confirmReset = false
	text := profileJSON(pos.DefaultProfile())
	if err := c.Sess.ApplyProfile([]byte(text)); err != nil {
		c.profileErrs = profileErrorLines(c.Sess.voice(), err)
		return
	}
	c.profileText, c.profileErrs = text, nil
	c.importTypes, c.importNotes, c.importErr = nil, nil, ""
	c.profileNotice = c.Sess.voice().T("The default profile is back.")
}

// maxCollectionSize bounds what the import reads into memory: a real
// collection is a few kilobytes.
const maxCollectionSize = 4 << 20

// onImport reads the chosen file with the File API and imports it over
// the current profile, which supplies what a collection cannot say (modes,
// outcome rules). It is applied only when it validates.
func (c *settingsScreen) onImport(ctx app.Context, e app.Event) {
	input := ctx.JSSrc()
	files := input.Get("files")
	if !files.Truthy() || files.Length() == 0 {
		return
	}
	file := files.Index(0)
	name := file.Get("name").String()
	// Clear the input so choosing the same file again, after fixing it,
	// is a change too.
	input.Set("value", "")
	c.importFile, c.importErr, c.importTypes, c.importNotes, c.importFixed = name, "", nil, nil, nil
	if file.Get("size").Int() > maxCollectionSize {
		c.importErr = c.Sess.voice().T("This file is too large to be a Postman collection.")
		return
	}
	c.importing = true
	ctx = c.mountCtx
	readFileText(file, func(text string, err error) {
		ctx.Dispatch(func(ctx app.Context) {
			c.importing = false
			if err != nil {
				c.importErr = c.Sess.voice().T("The file could not be read: %s", err.Error())
				return
			}
			c.finishImport(ctx, []byte(text))
		})
	})
}

func (c *settingsScreen) finishImport(ctx app.Context, data []byte) {
	im, err := pos.ImportPostman(data, c.Sess.BaseProfile())
	var p *pos.Profile
	var skipped []pos.Skipped
	if im != nil {
		p, skipped = im.Profile, im.Skipped
	}
	c.importNotes = skipped
	if err == nil {
		c.importFixed = im.Fixed
	}
	if err != nil {
		c.importErr = c.Sess.voice().T("%s. The profile is unchanged.", capitalise(err.Error()))
		return
	}
	text := profileJSON(p)
	if err := c.Sess.ApplyProfile([]byte(text)); err != nil {
		c.importErr = c.Sess.voice().T("The imported profile is not valid, so the profile is unchanged: %s", strings.Join(profileErrorLines(c.Sess.voice(), err), "; "))
		return
	}
	c.profileText, c.profileErrs = text, nil
	for _, t := range p.Types {
		c.importTypes = append(c.importTypes, c.Sess.voice().T("%s (code %s)", t.Name, t.Code))
	}
	c.profileNotice = ""
}

// readFileText reads a File as text (file.text(), a promise) and calls
// done from the promise's callback.
func readFileText(file app.Value, done func(string, error)) {
	then(file.Call("text"), func(text app.Value) { done(text.String(), nil) }, func(why app.Value) {
		msg := "unknown error"
		if why.Truthy() {
			msg = why.Get("message").String()
		}
		done("", errors.New(msg))
	})
}

// --- Rendering ---

func (c *settingsScreen) Render() app.UI {
	v := c.Sess.voice()
	return app.Div().Class("settings").Body(
		app.Div().Class("panes settings-top").Body(
			c.renderTerminals(v),
			c.renderPreferences(v),
		),
		c.renderBilling(v),
		c.renderProfile(v),
	)
}

func errorList(id string, lines []string) app.UI {
	return app.Div().ID(id).Class("form-errors").Attr("role", "alert").Body(
		app.If(len(lines) > 0, func() app.UI {
			return app.Elem("ul").Body(app.Range(lines).Slice(func(i int) app.UI {
				return app.Elem("li").Text(lines[i])
			}))
		}),
	)
}

func connWords(v voice, conn string) string {
	if conn == cashier.ConnTCP {
		return v.T("TCP (through the server's bridge)")
	}
	return "WebSocket"
}

func (c *settingsScreen) renderTerminals(v voice) app.UI {
	set := c.Sess.Settings()
	return app.Elem("section").Class("pane").Attr("aria-labelledby", "terminals-title").Body(
		app.Elem("h2").ID("terminals-title").Text(v.T("Terminals")),
		app.Elem("fieldset").Class("terminal-list").Body(
			app.Elem("legend").Text(v.T("Active terminal")),
			app.Elem("ul").ID("terminal-list").Body(
				app.Range(set.Terminals).Slice(func(i int) app.UI {
					t := set.Terminals[i]
					id := fmt.Sprintf("active-%d", i)
					addr := t.Host
					if t.Port != "" {
						addr += ":" + t.Port
					}
					return app.Elem("li").Class("terminal-item").Attr("data-name", t.Name).Body(
						app.Input().ID(id).Type("radio").Name("active-terminal").Class("radio").
							Checked(i == set.ActiveIndex()).OnChange(c.onActive(i)),
						app.Label().For(id).Class("terminal-label").Body(
							app.Elem("span").Class("terminal-name").Text(t.Name),
							app.Elem("span").Class("terminal-addr").Text(addr+" · "+connWords(v, t.Conn)),
						),
						app.Button().Type("button").Class("button secondary small").Attr("aria-label", v.T("Edit %s", t.Name)).
							Text(v.T("Edit")).OnClick(c.onEdit(i)),
						app.Button().Type("button").Class("button secondary small").Attr("aria-label", v.T("Remove %s", t.Name)).
							Disabled(len(set.Terminals) < 2).Text(v.T("Remove")).OnClick(c.onRemove(i)),
					)
				}),
			),
		),
		app.P().ID("terminal-notice").Class("notice").Attr("role", "status").Attr("aria-live", "polite").Text(c.termNotice),
		app.If(c.editing < 0, func() app.UI {
			return app.Button().ID("add-terminal").Type("button").Class("button secondary").Text(v.T("Add terminal")).OnClick(c.onAdd)
		}).Else(func() app.UI { return c.renderTerminalForm(v, len(set.Terminals)) }),
		errorList("terminal-errors", c.termErrs),
	)
}

func (c *settingsScreen) renderTerminalForm(v voice, n int) app.UI {
	title := v.T("Edit terminal")
	if c.editing >= n {
		title = v.T("New terminal")
	}
	return form().ID("terminal-form").Class("terminal-form").Attr("aria-labelledby", "terminal-form-title").
		OnSubmit(c.onSaveTerminal).Body(
		app.Elem("h3").ID("terminal-form-title").Text(title),
		app.Label().For("term-name").Text(v.T("Name")),
		app.Input().ID("term-name").Type("text").Attr("autocomplete", "off").Placeholder(v.T("Counter 2")).
			Value(c.draft.Name).OnInput(c.ValueTo(&c.draft.Name)),
		app.Label().For("term-host").Text(v.T("Terminal IP")),
		app.Input().ID("term-host").Type("text").Attr("autocomplete", "off").Attr("spellcheck", "false").
			Placeholder(v.T("%s or %s", "192.168.1.50", "ws://host:8080/ws")).Value(c.draft.Host).OnInput(c.ValueTo(&c.draft.Host)),
		app.Label().For("term-port").Text(v.T("Port")),
		app.Input().ID("term-port").Type("text").Attr("inputmode", "numeric").
			Value(c.draft.Port).OnInput(c.ValueTo(&c.draft.Port)),
		app.Label().For("term-conn").Text(v.T("Connection type")),
		app.Elem("select").ID("term-conn").Attr("aria-describedby", "term-conn-hint").OnChange(c.ValueTo(&c.draft.Conn)).Body(
			app.Elem("option").Attr("value", cashier.ConnWebSocket).Attr("selected", c.draft.Conn != cashier.ConnTCP).Text("WebSocket"),
			app.Elem("option").Attr("value", cashier.ConnTCP).Attr("selected", c.draft.Conn == cashier.ConnTCP).Text("TCP"),
		),
		app.P().ID("term-conn-hint").Class("hint").Text(v.T("A browser cannot open TCP itself: TCP terminals are reached through this server's bridge.")),
		app.Div().Class("actions").Body(
			app.Button().ID("save-terminal").Type("submit").Class("button primary").Text(v.T("Save terminal")),
			app.Button().ID("cancel-terminal").Type("button").Class("button secondary").Text(v.T("Cancel")).OnClick(c.onCancelTerminal),
		),
	)
}

func (c *settingsScreen) renderPreferences(v voice) app.UI {
	set := c.Sess.Settings()
	base := c.Sess.BaseProfile()
	themes := []struct{ value, label string }{{"system", words.N("System")}, {"light", words.N("Light")}, {"dark", words.N("Dark")}}
	theme := set.Theme
	if theme == "" {
		theme = "system"
	}
	return app.Elem("section").Class("pane").Attr("aria-labelledby", "prefs-title").Body(
		app.Elem("h2").ID("prefs-title").Text(v.T("Preferences")),
		form().ID("preferences").OnSubmit(c.onSavePreferences).Body(
			app.Label().For("pref-timeout").Text(v.T("Response timeout (seconds)")),
			app.Input().ID("pref-timeout").Type("text").Attr("inputmode", "numeric").
				Attr("aria-describedby", "pref-timeout-hint").
				Value(c.timeout).OnInput(c.ValueTo(&c.timeout)),
			app.P().ID("pref-timeout-hint").Class("hint").Text(v.T("Blank: the profile's %d s. After it, the outcome is unknown and lanepay asks the terminal.", base.TimeoutSeconds)),
			app.Div().Class("order-row").Body(
				app.Div().Body(
					app.Label().For("pref-currency").Text(v.T("Currency code")),
					app.Input().ID("pref-currency").Type("text").Attr("autocomplete", "off").Attr("autocapitalize", "characters").
						Attr("aria-describedby", "pref-currency-hint").Value(c.currency).OnInput(c.ValueTo(&c.currency)),
				),
				app.Div().Body(
					app.Label().For("pref-decimals").Text(v.T("Decimals")),
					app.Input().ID("pref-decimals").Type("text").Attr("inputmode", "numeric").
						Attr("aria-describedby", "pref-currency-hint").Value(c.decimals).OnInput(c.ValueTo(&c.decimals)),
				),
			),
			app.P().ID("pref-currency-hint").Class("hint").Text(v.T("Blank: the profile's %s with %d decimals.", base.Currency, base.Decimals)),
			errorList("preferences-errors", c.prefErrs),
			app.P().ID("preferences-notice").Class("notice").Attr("role", "status").Attr("aria-live", "polite").Text(c.prefNotice),
			app.Button().ID("save-preferences").Type("submit").Class("button secondary").Text(v.T("Save preferences")),
		),
		storageNotice(v, c.Sess.Storage()),
		c.renderLanguages(v),
		app.Elem("fieldset").Class("theme-choice").Body(
			app.Elem("legend").Text(v.T("Theme")),
			app.Range(themes).Slice(func(i int) app.UI {
				t := themes[i]
				return app.Div().Class("radio-row").Body(
					app.Input().ID("theme-"+t.value).Type("radio").Name("theme").Class("radio").
						Value(t.value).Checked(theme == t.value).OnChange(c.onTheme(t.value)),
					app.Label().For("theme-"+t.value).Text(v.T(t.label)),
				)
			}),
		),
	)
}

// renderBilling is the allow-list of the billing software that may hand
// lanepay a payment (/pay, app/handoff).
func (c *settingsScreen) renderBilling(v voice) app.UI {
	return app.Elem("section").Class("pane billing").Attr("aria-labelledby", "billing-title").Body(
		app.Elem("h2").ID("billing-title").Text(v.T("Billing software")),
		form().ID("billing-form").OnSubmit(c.onSaveOrigins).Body(
			app.Label().For("billing-origins").Text(v.T("Allowed billing origins")),
			app.Textarea().ID("billing-origins").Class("billing-origins").Rows(4).Spellcheck(false).
				Attr("autocomplete", "off").Attr("autocapitalize", "off").
				Attr("placeholder", "https://billing.example\nhttp://192.168.1.20:8080").
				Attr("aria-describedby", "billing-hint").Attr("aria-invalid", len(c.originsErrs) > 0).
				Text(c.originsText).OnInput(c.ValueTo(&c.originsText)),
			app.P().ID("billing-hint").Class("hint").Text(v.T("One origin a line: scheme, host and port, as the billing page's address starts. Only these may open lanepay's Pay screen with a bill (/pay) and get the outcome back; the cashier still taps Charge for each.")),
			errorList("billing-errors", c.originsErrs),
			app.P().ID("billing-notice").Class("notice").Attr("role", "status").Attr("aria-live", "polite").Text(c.originsNotice),
			app.Button().ID("save-origins").Type("submit").Class("button secondary").Text(v.T("Save origins")),
		),
	)
}

// renderLanguages offers the languages lanepay speaks, each by its own
// name, and the browser's: a cashier finds theirs whatever is showing.
func (c *settingsScreen) renderLanguages(v voice) app.UI {
	set := c.Sess.Settings().Language
	browser := words.Pick("", c.Sess.Languages())
	choices := []struct{ value, label string }{{"", v.T("As the browser (%s)", browser.Name())}}
	for _, l := range words.Langs {
		choices = append(choices, struct{ value, label string }{string(l), l.Name()})
	}
	return app.Elem("fieldset").ID("language-choice").Class("theme-choice").Body(
		app.Elem("legend").Text(v.T("Language")),
		app.Range(choices).Slice(func(i int) app.UI {
			ch := choices[i]
			id := "language-" + ch.value
			if ch.value == "" {
				id = "language-browser"
			}
			label := app.Label().For(id).Text(ch.label)
			if ch.value != "" {
				label = label.Attr("lang", ch.value)
			}
			return app.Div().Class("radio-row").Body(
				app.Input().ID(id).Type("radio").Name("language").Class("radio").
					Value(ch.value).Checked(set == ch.value).OnChange(c.onLanguage(ch.value)),
				label,
			)
		}),
	)
}

func (c *settingsScreen) renderProfile(v voice) app.UI {
	p := c.Sess.BaseProfile()
	return app.Elem("section").Class("pane profile").Attr("aria-labelledby", "profile-title").Body(
		app.Elem("h2").ID("profile-title").Body(
			app.Text(v.T("Profile: ")),
			app.Elem("span").ID("profile-name").Text(p.Name),
			app.If(p.Example, func() app.UI {
				return app.Elem("span").ID("profile-example").Class("tag").Text(v.T("Example numbering"))
			}),
		),
		app.If(p.Example, func() app.UI {
			return app.P().Class("hint").Text(v.T("Only Sale (code 1) and Card (mode 1) are the vendor's documented codes; the other codes in this default profile are an example. Check them against your terminal, or import the vendor's Postman collection."))
		}),
		app.P().Class("hint").Text(v.T("The profile tells lanepay how this terminal speaks: %s, %s.", v.Plural(len(p.Types), "%d transaction type", "%d transaction types"), v.Plural(len(p.Modes), "%d payment mode", "%d payment modes"))),
		app.P().ID("reference-evidence").Class("hint").Text(referenceWords(v, c.Sess.Profile(), c.Sess.Till().TrustsNotFound())),
		app.Div().Class("profile-tools").Body(
			app.Div().Class("file-pick").Body(
				app.Label().For("postman-file").Class("button secondary file-label").Text(v.T("Import Postman collection")),
				app.Input().ID("postman-file").Type("file").Class("file-input").Accept(".json,application/json").
					Attr("aria-describedby", "postman-hint").OnChange(c.onImport),
				app.P().ID("postman-hint").Class("hint").Text(v.T("A collection exported from Postman (format v2.1). Each request with a TRAN_CODE becomes a transaction type.")),
			),
			app.Button().ID("export-profile").Type("button").Class("button secondary").Text(v.T("Export profile")).OnClick(c.onExport),
			app.If(!c.confirmReset, func() app.UI {
				return app.Button().ID("reset-profile").Type("button").Class("button secondary").Text(v.T("Reset to default profile")).OnClick(c.onReset)
			}),
		),
		app.If(c.confirmReset, func() app.UI {
			return app.Div().Class("confirm").Attr("role", "alertdialog").Attr("aria-labelledby", "reset-text").Body(
				app.P().ID("reset-text").Text(v.T("Replace the profile with the default one? Your changes and imported types are lost; export the profile first to keep them.")),
				app.Button().ID("reset-confirm").Type("button").Class("button danger").Text(v.T("Reset profile")).OnClick(c.onResetConfirm),
				app.Button().ID("reset-cancel").Type("button").Class("button secondary").Text(v.T("Cancel")).
					OnClick(func(ctx app.Context, e app.Event) { c.confirmReset = false; focusNext("reset-profile") }),
			)
		}),
		c.renderImport(v),
		c.renderPreview(v),
		form().Class("profile-form").OnSubmit(c.onSaveProfile).Body(
			app.Label().For("profile-json").Text(v.T("Profile (JSON)")),
			app.Textarea().ID("profile-json").Class("profile-json").Rows(18).Spellcheck(false).
				Attr("autocomplete", "off").Attr("autocapitalize", "off").
				Attr("aria-describedby", "profile-errors").Attr("aria-invalid", len(c.profileErrs) > 0).
				Text(c.profileText).OnInput(c.ValueTo(&c.profileText)),
			errorList("profile-errors", c.profileErrs),
			app.P().ID("profile-notice").Class("notice").Attr("role", "status").Attr("aria-live", "polite").Text(c.profileNotice),
			app.Button().ID("save-profile").Type("submit").Class("button primary").Text(v.T("Save profile")),
		),
	)
}

func (c *settingsScreen) renderImport(v voice) app.UI {
	if c.importFile == "" {
		return nil
	}
	var skipped, warnings []pos.Skipped
	for _, s := range c.importNotes {
		if s.Imported {
			warnings = append(warnings, s)
		} else {
			skipped = append(skipped, s)
		}
	}
	note := func(list []pos.Skipped, id, title string) app.UI {
		if len(list) == 0 {
			return nil
		}
		return app.Div().Body(
			app.Elem("h4").Text(v.T(title)),
			app.Elem("ul").ID(id).Body(app.Range(list).Slice(func(i int) app.UI {
				return app.Elem("li").Body(app.Elem("strong").Text(list[i].Item+": "), app.Text(list[i].Reason))
			})),
		)
	}
	return app.Elem("section").ID("import-result").Class("import-result").Attr("role", "status").Attr("aria-live", "polite").Body(
		app.Elem("h3").Text(v.T("Import of %s", c.importFile)),
		app.If(c.importing, func() app.UI { return app.P().Text(v.T("Reading…")) }),
		app.If(c.importErr != "", func() app.UI {
			return app.P().ID("import-error").Class("field-error").Body(
				app.Elem("span").Attr("aria-hidden", "true").Text("✕ "), app.Text(c.importErr))
		}),
		app.If(len(c.importTypes) > 0, func() app.UI {
			return app.Div().Body(
				app.P().Class("import-ok").Body(
					app.Elem("span").Attr("aria-hidden", "true").Text("✓ "),
					app.Text(v.T("Imported and saved: %s.", v.Plural(len(c.importTypes), "%d transaction type", "%d transaction types"))),
				),
				app.Elem("ul").ID("import-types").Body(app.Range(c.importTypes).Slice(func(i int) app.UI {
					return app.Elem("li").Text(c.importTypes[i])
				})),
			)
		}),
		note(skipped, "import-skipped", words.N("Left out")),
		note(warnings, "import-warnings", words.N("Imported with a warning")),
		app.If(len(c.importFixed) > 0, func() app.UI {
			return app.Div().Body(
				app.Elem("h4").Text(v.T("Sent as fixed values")),
				app.P().Class("hint").Text(v.T("These go out as they are in every request of their type, whatever the sale: check them against your vendor's document, and change them in the profile if they are only examples.")),
				app.Elem("ul").ID("import-fixed").Body(app.Range(c.importFixed).Slice(func(i int) app.UI {
					f := c.importFixed[i]
					return app.Elem("li").Body(app.Elem("strong").Text(f.Type+": "), app.Elem("code").Text(f.Field+" = "+strconv.Quote(f.Value)))
				})),
			)
		}),
	)
}

// renderPreview shows the exact request each type sends for a sample
// order, as the till builds it (lanepay's reference included, whatever
// the template says), so that a shop checks it against its vendor's
// document before the first charge.
func (c *settingsScreen) renderPreview(v voice) app.UI {
	p := c.Sess.Profile()
	type row struct{ name, body string }
	rows := make([]row, 0, len(p.Types))
	for _, t := range p.Types {
		req, err := p.Preview(t.Code)
		body := string(req.Body)
		if err != nil {
			body = v.T("cannot be built: %s", v.Err(err))
		}
		rows = append(rows, row{v.T("%s (code %s)", v.T(t.Name), t.Code), body})
	}
	unit := pos.Amount(1)
	for range p.Decimals {
		unit *= 10
	}
	return app.Elem("details").ID("profile-preview").Class("profile-preview").Body(
		app.Elem("summary").Text(v.T("Requests this profile sends")),
		app.P().Class("hint").Text(v.T("For %s, reference %s; a void, refund, completion or inquiry is about the sale %s, and takes from that sale's answer the fields marked as the original's.",
			v.Money(unit), pos.SampleRef, pos.SampleOrigRef)),
		app.Elem("dl").Class("preview-list").Body(app.Range(rows).Slice(func(i int) app.UI {
			return app.Div().Class("field").Body(app.Elem("dt").Text(rows[i].name), app.Elem("dd").Body(app.Elem("code").Text(rows[i].body)))
		})),
	)
}

// referenceWords says whether a "not found" from this terminal settles a
// lost outcome, and why (till's rule: "Not charged" only on proof).
func referenceWords(v voice, p *pos.Profile, trusted bool) string {
	switch {
	case p.ReferenceField == "":
		return v.T("This profile sends no reference, so lanepay cannot ask the terminal about a lost outcome: read it off the terminal and record it.")
	case p.KeepsReferences:
		return v.T("The profile says this terminal keeps lanepay's references (keeps_references), so its \u201cnot found\u201d settles a lost outcome as Not charged.")
	case trusted:
		return v.T("This terminal has shown that it keeps lanepay's references, so its \u201cnot found\u201d settles a lost outcome as Not charged.")
	}
	return v.T("This terminal has not yet shown that it keeps lanepay's references. Until it does (an answer carrying %s, or a status inquiry that finds one), a \u201cnot found\u201d leaves a lost outcome for you to read on the terminal.", p.ReferenceField)
}
