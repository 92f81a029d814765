package main

import (
	"context"
	"crypto/rand"
	"time"

	"github.com/lanepay/lanepay/app/pos"
	"github.com/lanepay/lanepay/app/terminal"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// linkState is how the page stands with the terminal.
type linkState int

const (
	linkDisconnected linkState = iota
	linkConnecting
	linkReady
)

// register is the cashier's screen: connection, amount, charge, result.
type register struct {
	app.Compo

	profile  *pos.Profile
	settings connectionSettings
	link     linkState
	reason   string
	client   *terminal.Client

	amount    string
	amountErr string
	charging  bool
	result    *result

	// mounted tells tests (and styles) that the wasm has taken over from
	// the pre-rendered page.
	mounted bool
}

func newRegister() *register {
	return &register{profile: pos.DefaultProfile(), settings: defaultConnection("")}
}

func (r *register) OnMount(ctx app.Context) {
	r.mounted = true
	r.settings = defaultConnection(app.Window().Get("location").Get("hostname").String())
	var saved connectionSettings
	if err := ctx.LocalStorage().Get(connectionKey, &saved); err == nil && saved.Host != "" {
		r.settings = saved
	}
	r.connect(ctx)
}

func (r *register) OnDismount() {
	if r.client != nil {
		r.client.Close()
	}
}

// connect (re)opens the connection with the settings on screen.
func (r *register) connect(ctx app.Context) {
	url, err := r.settings.target()
	if err != nil {
		r.link, r.reason = linkDisconnected, err.Error()
		return
	}
	if r.client != nil {
		r.client.Close()
		r.client = nil
	}
	r.link, r.reason = linkConnecting, ""
	profile := r.profile
	ctx.Async(func() {
		dctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		c, err := terminal.Connect(dctx, url, profile, nil)
		ctx.Dispatch(func(ctx app.Context) {
			if err != nil {
				r.link, r.reason = linkDisconnected, terminal.UserMessage(err)
				app.Logf("connect: %v", err)
				return
			}
			r.client, r.link = c, linkReady
			ctx.Async(func() {
				<-c.Done()
				ctx.Dispatch(func(ctx app.Context) {
					if r.client != c {
						return
					}
					r.client, r.link = nil, linkDisconnected
					r.reason = terminal.UserMessage(terminal.ErrDisconnected)
					app.Logf("terminal connection ended: %v", c.Err())
				})
			})
		})
	})
}

func (r *register) onConnect(ctx app.Context, e app.Event) {
	e.PreventDefault()
	ctx.LocalStorage().Set(connectionKey, r.settings)
	r.connect(ctx)
}

func (r *register) onCharge(ctx app.Context, e app.Event) {
	e.PreventDefault()
	// A second tap or Enter while one is in flight must not send again.
	if r.charging {
		return
	}
	if r.client == nil {
		r.amountErr = "Not connected to the terminal: connect first."
		return
	}
	amount, err := pos.ParseAmount(r.amount, r.profile.Decimals)
	if err == nil {
		err = pos.RequirePositive(amount)
	}
	if err != nil {
		r.amountErr = capitalise(err.Error())
		return
	}
	sale, ok := r.profile.TypeByRole(pos.RoleSale)
	if !ok {
		r.amountErr = "The terminal profile has no sale type."
		return
	}
	req, err := r.profile.BuildRequest(sale.Code, pos.RequestParams{
		Amount: amount,
		Mode:   r.profile.Modes[0].Code,
		Ref:    newReference(),
	})
	if err != nil {
		r.amountErr = capitalise(err.Error())
		return
	}
	r.amountErr, r.charging, r.result = "", true, nil
	client := r.client
	ctx.Async(func() {
		f, err := client.Do(context.Background(), req)
		ctx.Dispatch(func(ctx app.Context) {
			r.charging = false
			r.result = newResult(req, f, err)
		})
	})
}

func newReference() string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return pos.NewReference(time.Now(), b)
}

func (r *register) Render() app.UI {
	return app.Main().Class("register").DataSet("mounted", r.mounted).Body(
		app.Header().Class("topbar").Body(
			app.H1().Class("brand").Text("lanepay"),
			r.renderStatus(),
		),
		app.Div().Class("panes").Body(
			app.Section().Class("pane charge").Aria("label", "Charge").Body(
				r.renderCharge(),
				app.If(r.result != nil, func() app.UI { return r.result.render() }),
			),
			app.Section().Class("pane connection").Aria("labelledby", "connection-title").Body(
				r.renderConnection(),
			),
		),
	)
}

func (r *register) renderStatus() app.UI {
	text, class := "Disconnected", "status status-down"
	switch r.link {
	case linkConnecting:
		text, class = "Connecting…", "status status-busy"
	case linkReady:
		text, class = "Ready", "status status-ok"
	}
	return app.P().ID("status").Class(class).Attr("role", "status").Aria("live", "polite").Body(
		app.Span().Class("status-dot").Aria("hidden", "true"),
		app.Span().Class("status-text").Text(text),
		app.If(r.link == linkDisconnected && r.reason != "", func() app.UI {
			return app.Span().Class("status-reason").Text(" — " + r.reason)
		}),
	)
}

func (r *register) renderConnection() app.UI {
	return app.Form().Class("connect-form").OnSubmit(r.onConnect).Body(
		app.H2().ID("connection-title").Text("Terminal"),
		app.Label().For("terminal-ip").Text("Terminal IP"),
		app.Input().ID("terminal-ip").Name("terminal-ip").Type("text").
			Attr("autocomplete", "off").Attr("spellcheck", "false").
			Placeholder("192.168.1.50 or ws://host:8080/ws").
			Value(r.settings.Host).OnInput(r.ValueTo(&r.settings.Host)),
		app.Label().For("port").Text("Port"),
		app.Input().ID("port").Name("port").Type("text").Attr("inputmode", "numeric").
			Value(r.settings.Port).OnInput(r.ValueTo(&r.settings.Port)),
		app.Button().ID("connect").Type("submit").Class("button secondary").Text("Connect"),
	)
}

func (r *register) renderCharge() app.UI {
	ready := r.link == linkReady && !r.charging
	label := "Charge"
	if r.charging {
		label = "Charging…"
	}
	return app.Form().Class("charge-form").OnSubmit(r.onCharge).Body(
		app.Label().For("amount").Text("Amount"),
		app.Input().ID("amount").Name("amount").Type("text").Class("amount-input").
			Attr("inputmode", "decimal").Attr("autocomplete", "off").Placeholder("0.00").
			Aria("invalid", r.amountErr != "").Aria("describedby", "amount-error").
			Value(r.amount).OnInput(r.ValueTo(&r.amount)),
		app.P().ID("amount-error").Class("field-error").Attr("role", "alert").Text(r.amountErr),
		app.Button().ID("charge").Type("submit").Class("button primary").
			Disabled(!ready).Aria("busy", r.charging).Text(label),
	)
}
