//go:build !js

package terminal

import "context"

// TakeEarly has no early connection to adopt outside the browser.
func TakeEarly(context.Context, string) (Conn, bool) { return nil, false }

// RememberURL has nowhere to remember the URL outside the browser.
func RememberURL(string) {}
