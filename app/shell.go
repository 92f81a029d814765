package main

import (
	"sync/atomic"

	"github.com/lanepay/lanepay/app/words"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// screen names one of the app's screens.
type screen string

const (
	screenCharge     screen = "charge"
	screenHistory    screen = "history"
	screenSettlement screen = "settlement"
	screenConsole    screen = "console"
	screenSettings   screen = "settings"
)

// screens are the tabs, labelled in English (said through the voice).
var screens = []struct {
	id    screen
	label string
}{
	{screenCharge, "Charge"},
	{screenHistory, "History"},
	{screenSettlement, "Settlement"},
	{screenConsole, "Console"},
	{screenSettings, "Settings"},
}

// shell is the app's frame: brand, status line, navigation and the screen
// in view. Every screen stays one click away and the connection lives in
// the session, not in a screen.
//
// The shell does not watch the session: nothing it draws itself depends
// on it, and the status line and each screen watch it on their own.
// Watching it too cost a render of the whole frame at every change (each
// status, each console line, each outcome), on top of theirs.
type shell struct {
	app.Compo

	// sess is nil in the pre-rendered page and set from the wasm's first
	// render on: data-mounted tells tests (and styles) which is showing.
	sess    *session
	current screen

	installable bool
	updatable   bool
	// plainHTTP: the notice of what plain HTTP lacks shows (the session
	// decides, once a page; dismissing it is the shell's own event).
	plainHTTP bool
	unwatch   func()
}

// OnInit readies everything the first frame shows, in the browser: the
// session, made with the shell (registerRoutes: the till Ready already if
// early.js's socket is open), and the screen the address names. So the
// wasm's first frame is the working page. Done in OnMount, as before, it
// took three: go-app runs OnMount after the first frame, each OnMount
// costs a frame, and each frame renders the shell again (a first render
// of the shell's whole tree also compiles the code that diffs it, a few
// milliseconds a start).
func (s *shell) OnInit() {
	if !app.IsClient {
		return
	}
	s.plainHTTP = s.sess != nil && s.sess.PlainHTTPNotice()
	if h := app.Window().Get("location").Get("hash").String(); len(h) > 1 {
		s.show(screen(h[1:]))
	}
}

// OnMount first lets the browser paint the first frame, which is the
// working page (OnInit): go-app runs every component's OnMount, and the
// frame each asks for, straight after the mount, which held the first
// paint back by a re-render of the whole page. Events that come
// meanwhile wait their turn behind these OnMounts, as they did before.
func (s *shell) OnMount(ctx app.Context) {
	untilPainted()
	s.installable = ctx.IsAppInstallable()
	s.updatable = ctx.AppUpdateAvailable()
	s.sess.navigate = func(id screen) {
		ctx.Dispatch(func(app.Context) {
			s.show(id)
			app.Window().Get("history").Call("replaceState", nil, "", "#"+string(id))
		})
	}
	applyTheme(s.sess.Settings().Theme)
	applyLang(s.sess.voice())
	// The one change the shell draws itself is the language: Settings
	// may change it, and the tabs, the skip link and the banners follow.
	// Any other change is the screens' and the status line's to draw.
	s.unwatch = watchLanguage(s.sess, func() {
		ctx.Dispatch(func(app.Context) { applyLang(s.sess.voice()) })
	})
}

// watchLanguage calls changed (from any goroutine) when the session's
// language changes, and only then; the returned func stops watching.
func watchLanguage(sess *session, changed func()) (unwatch func()) {
	var shown atomic.Value // the words.Lang last told
	shown.Store(sess.Words())
	return sess.subscribe(func() {
		if l := sess.Words(); shown.Swap(l) != l {
			changed()
		}
	})
}

func (s *shell) OnDismount() {
	if s.unwatch != nil {
		s.unwatch()
		s.unwatch = nil
	}
}

func (s *shell) OnAppUpdate(ctx app.Context) { s.updatable = ctx.AppUpdateAvailable() }

func (s *shell) OnAppInstallChange(ctx app.Context) { s.installable = ctx.IsAppInstallable() }

func (s *shell) show(id screen) {
	for _, sc := range screens {
		if sc.id == id {
			s.current = id
			return
		}
	}
}

func (s *shell) onNav(id screen) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		s.show(id)
		app.Window().Get("history").Call("replaceState", nil, "", "#"+string(id))
	}
}

func (s *shell) Render() app.UI {
	v := voiceOf(s.sess)
	return app.Div().Class("shell").Attr("data-mounted", s.sess != nil).Body(
		app.Elem("a").Class("skip-link").Attr("href", "#screen").Text(v.T("Skip to content")),
		app.If(s.updatable, func() app.UI {
			return app.Div().ID("update-banner").Class("banner").Attr("role", "status").Body(
				app.Elem("span").Text(v.T("Update available")+" — "),
				app.Button().ID("update-reload").Class("link-button").Text(v.T("reload")).
					OnClick(func(ctx app.Context, e app.Event) { ctx.Reload() }),
			)
		}),
		app.Elem("header").Class("topbar").Body(
			app.Img().Class("brand-mark").Src("/web/icon.svg").Attr("aria-hidden", "true").Width(36).Height(36),
			app.H1().Class("brand").Text("lanepay"),
			&statusLine{Sess: s.sess},
			app.If(s.installable, func() app.UI {
				return app.Button().ID("install").Class("button secondary small").Text(v.T("Install app")).
					OnClick(func(ctx app.Context, e app.Event) { ctx.ShowAppInstallPrompt() })
			}),
		),
		app.If(s.plainHTTP, func() app.UI { return renderPlainHTTPNotice(v, s.onDismissPlainHTTP) }),
		app.Elem("nav").Class("tabs").Attr("aria-label", v.T("Screens")).Body(
			app.Range(screens).Slice(func(i int) app.UI {
				sc := screens[i]
				b := app.Elem("a").ID("nav-"+string(sc.id)).Class("tab").Attr("href", "#"+string(sc.id)).
					Text(v.T(sc.label)).OnClick(s.onNav(sc.id))
				if sc.id == s.current {
					b = b.Attr("aria-current", "page")
				}
				return b
			}),
		),
		app.Elem("main").ID("screen").Class("screen").Body(s.renderScreen()),
	)
}

// onDismissPlainHTTP hides the notice about plain HTTP for good, and
// leaves focus on the screen's tab, where the cashier goes on.
func (s *shell) onDismissPlainHTTP(ctx app.Context, e app.Event) {
	s.plainHTTP = false
	s.sess.DismissPlainHTTPNotice()
	focusNext("nav-" + string(s.current))
}

func (s *shell) renderScreen() app.UI {
	if s.sess == nil {
		// Pre-rendered: the page before the wasm runs.
		return app.P().Class("loading").Text(voiceOf(nil).T("Starting lanepay…"))
	}
	switch s.current {
	case screenHistory:
		return &historyScreen{Sess: s.sess}
	case screenSettlement:
		return &settlementScreen{Sess: s.sess}
	case screenConsole:
		return &consoleScreen{Sess: s.sess}
	case screenSettings:
		return &settingsScreen{Sess: s.sess, editing: -1}
	}
	return &chargeScreen{Sess: s.sess}
}

// voiceOf is the session's voice, or English in India before there is a
// session: the pre-rendered page, which the wasm replaces at once.
func voiceOf(s *session) voice {
	if s == nil {
		return voice{lang: words.English, loc: words.Locale(words.English, nil), currency: "INR", decimals: 2}
	}
	return s.voice()
}

// applyLang sets the page's lang attribute to the language it speaks, so
// that a screen reader reads Hindi with a Hindi voice.
func applyLang(v voice) {
	if !app.IsClient {
		return
	}
	app.Window().Get("document").Get("documentElement").Call("setAttribute", "lang", v.Lang())
}

// applyTheme sets the colour scheme: the stylesheet follows the system
// unless data-theme says otherwise.
func applyTheme(theme string) {
	if !app.IsClient {
		return
	}
	root := app.Window().Get("document").Get("documentElement")
	if theme == "light" || theme == "dark" {
		root.Call("setAttribute", "data-theme", theme)
	} else {
		root.Call("removeAttribute", "data-theme")
	}
}
