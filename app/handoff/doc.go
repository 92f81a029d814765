// Package handoff is how a shop's billing software hands lanepay a payment
// and gets the outcome back: the /pay URL's parameters, the origins the
// shop allows, the rule that makes the invoice the idempotency key, and
// the outcome sent back. It does no I/O and no rendering; the page opens
// the Pay screen, and the cashier's tap is what charges, never the URL.
//
// example/billing.html is a billing page that hands off and shows what
// comes back, by the return address or by postMessage; the page's browser
// tests (app/pagetest) take their payments through it.
package handoff
