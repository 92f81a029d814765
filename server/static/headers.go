package static

import "net/http"

// SecurityHeaders sets, on every response of next, the Content-Security-
// Policy csp (see Handler.CSP) and the headers that go with it:
//
//   - X-Content-Type-Options: nosniff, so that a browser never runs a file
//     as a type other than the one served;
//   - Referrer-Policy: no-referrer: the app links nowhere, and a LAN
//     address in a Referer is nobody's business.
//
// frame-ancestors 'none' in the policy keeps the till out of frames
// (clickjacking a Charge button); X-Frame-Options is not needed beside it
// in any browser that runs wasm.
func SecurityHeaders(csp string, next http.Handler) http.Handler {
	policy := []string{csp}
	nosniff := []string{"nosniff"}
	noReferrer := []string{"no-referrer"}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Security-Policy"] = policy
		h["X-Content-Type-Options"] = nosniff
		h["Referrer-Policy"] = noReferrer
		next.ServeHTTP(w, r)
	})
}
