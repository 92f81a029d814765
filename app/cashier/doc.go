// Package cashier is the page's logic without its screens: the till's
// lifecycle and what the screens read and send. It does no rendering and
// compiles for native tests as for the browser.
package cashier
