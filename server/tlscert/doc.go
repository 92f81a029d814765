// Package tlscert gives the server a certificate for HTTPS on the shop's
// LAN without a public name: an installable PWA on a tablet needs a secure
// context, and an HTTPS page may not open ws:// to a terminal.
//
// It makes a small local certificate authority once and keeps it in a
// directory (by default the user's config directory, lanepay/): the CA
// certificate is what the tablet is told to trust, once. From it, it
// issues the server's certificate for the machine's names and addresses,
// and issues a new one by itself whenever that one nears expiry or the
// machine's addresses change (DHCP), with no new step on the tablet. A
// single self-signed certificate would have to be trusted again after
// every address change.
//
// Trusting a CA on a tablet would let whoever holds its key impersonate any
// site to that tablet, so the CA is name-constrained (RFC 5280 4.2.1.10):
// it can only vouch for private and loopback addresses, localhost, the
// machine's host name and the LAN-only domains .local, .lan, .home.arpa
// and .internal. Addresses outside those (a public address on an
// interface) are left out of the server's certificate and reported. The
// keys are ECDSA P-256 and the key files are 0600 in a 0700 directory.
package tlscert
