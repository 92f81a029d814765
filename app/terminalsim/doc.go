// Package terminalsim is lanepay's simulated payment terminal: the server
// side of a profile's semi-integration protocol, over WebSocket and TCP.
//
// It is deliberately an independent implementation of the wire format: it
// shares no parsing code with the client in app/ (it even reads profile
// documents with its own types), so that the tests that use it as their
// peer check the client against the protocol, not against itself.
//
// # Dialects
//
// Which fields carry what, and which codes mean what, is the terminal's
// [Dialect]: the code, mode, amount, reference and original reference
// fields, the code of each transaction it knows, its modes, how it writes
// amounts, and the result, message and inquiry status fields of its
// answers. [DialectFromProfile] reads one from a lanepay profile document,
// so that tests can run the client against a terminal speaking any profile
// a shop might configure; [Config.Dialect] picks it, for both transports.
// [DefaultDialect] is lanepay's default profile, in whose names the rest of
// this comment is written. Whatever the dialect, the fault trigger amounts
// and the decline rules are in minor units, the terminal's own result codes
// ("25", "BY", ...) and messages are the same, and so are its own answer
// fields: TID, MID, BATCH_NO, TXN_DATE, TXN_TIME, CARD_NO, CARD_TYPE,
// INVOICE_NO, RRN, AUTH_CODE, ORIG_TRAN_CODE, TXN_STATE and the
// settlement's totals, which a dialect may not use for anything else.
//
// # Wire decisions
//
// Requests are JSON objects with case-insensitive field names and string (or
// number) values: TRAN_CODE, TRAN_MODE, AMOUNT, REF_NO, ORIG_REF_NO.
// Transaction codes: 1 sale, 2 void, 3 refund, 4 pre-auth, 5 pre-auth
// completion, 6 settlement, 7 status inquiry, 8 last transaction. Modes: 1
// pays with test cards, 2 with UPI test instruments (a dialect's first and
// second modes), none means the first. AMOUNT is digits of minor units; a
// decimal with up to two places is accepted too (a decimal dialect's digits
// alone are whole units). Every answer is one JSON object of string values
// per WebSocket text frame, or per line over TCP.
//
//   - Greeting: on connect the terminal pushes a notification without a
//     result field: {"EVENT":"CONNECTED","MESSAGE":"Server is Waiting for
//     Transaction","TID":...,"MID":...,"BATCH_NO":...}.
//   - Busy: one financial request (codes 1-5) or settlement (6) at a time
//     per terminal, across all clients and both transports. Another one
//     meanwhile is answered at once with RESP_CODE "BY", RESP_MSG "TERMINAL
//     BUSY" and its own REF_NO; it is not charged and not in the ledger. "BY"
//     rather than an ISO code so that no one mistakes "the terminal would not
//     start" for an issuer decline. Status and last transaction inquiries
//     are always answered, busy or not, at once.
//   - Duplicate REF_NO: a financial request or settlement whose REF_NO is
//     already in the ledger is refused with "94" DUPLICATE REF_NO and not
//     charged: the ledger, and every inquiry, is keyed by that reference.
//   - REF_NO is optional (some terminals' templates have none); answers
//     carry it only when the request did. A dialect may have no reference
//     field at all.
//   - Bad requests: input that is not a JSON object gets a plain-text
//     "ERROR: ..." line (never an outcome, as in the vendor's samples); a JSON
//     object that cannot be a request gets RESP_CODE "30" (format error:
//     missing or non-string field), "12" (unknown TRAN_CODE or TRAN_MODE) or
//     "13" (bad amount), answered at once and not recorded. Codes of types
//     the terminal does not know (abort, custom) are unknown codes.
//   - Refusals found while processing (void of an unknown or already voided
//     sale, refund over the original, ...) are answered "25" (original not
//     found), "12" or "13" and recorded in the ledger as declined, so that an
//     inquiry after a lost answer tells the truth.
//   - Void (2), refund (3) and completion (5) name their original in
//     ORIG_REF_NO or by an identifier (below), and pay with its card. AMOUNT
//     is optional: a void takes the original's (and refuses another), a
//     refund what is left to refund, a completion the pre-auth's. A void
//     cancels a sale, pre-auth or completion of the open batch, once; a
//     refund needs an approved or settled sale or completion and never
//     exceeds it in total; a completion needs an approved pre-auth, once,
//     for at most its amount.
//   - Original identifiers: every answer the (simulated) host decided,
//     approved or declined, carries INVOICE_NO and RRN (and an approval
//     AUTH_CODE), unique per terminal, and an 8-digit value unique per
//     terminal in each of the dialect's [Dialect.IDFields]: the fields
//     that a profile's templates copy from an original's answer with
//     {{orig.NAME}}. A void, refund or completion may name its original by
//     such a value in a request field of [Dialect.OriginalIDs] (a template
//     field whose value is exactly {{orig.NAME}}; by default INVOICE_NO and
//     RRN themselves). Named several ways, by reference or identifiers, it
//     must be one transaction: otherwise "25" ORIGINAL MISMATCH.
//   - Issuer declines: a sale or pre-auth whose amount in minor units ends in
//     51 is declined "51" INSUFFICIENT FUNDS, in 05 "05" DO NOT HONOUR.
//   - Settlement (6) answers the closed batch's totals: SALE_COUNT,
//     SALE_AMOUNT, REFUND_COUNT, REFUND_AMOUNT, VOID_COUNT, VOID_AMOUNT,
//     COMPLETION_COUNT, COMPLETION_AMOUNT, NET_AMOUNT (sales plus completions
//     minus refunds; voided sales count only as voids), BATCH_NO (the closed
//     batch) and NEXT_BATCH_NO. Amounts are written as the dialect writes
//     them.
//   - Status inquiry (7) about ORIG_REF_NO: TXN_STATUS "FOUND" with the
//     stored outcome's fields, ORIG_TRAN_CODE and TXN_STATE (its state now:
//     approved, voided, ...); "IN_PROGRESS" with RESP_CODE "09"; or
//     "NOT_FOUND" with "25" RECORD NOT FOUND. REF_NO is the inquiry's own,
//     ORIG_REF_NO the asked one. A dialect without an original reference
//     field can name nothing: its inquiries are answered not found.
//   - Last transaction (8) asks about the most recent financial transaction
//     in the ledger, whatever its reference: answered like a status
//     inquiry, with ORIG_REF_NO the transaction's reference, or "NOT_FOUND"
//     when there is none. One still processing is not recorded yet, so the
//     answer never waits: like a status inquiry it is never busy and never
//     faulty.
//
// # References
//
// Two behaviours of real terminals that make references untrustworthy are
// [Config] switches. [Config.NoRefEcho]: answers leave out REF_NO, though the
// terminal still keeps references, refuses duplicates and finds them by
// status inquiry. [Config.IgnoresRefs]: the terminal drops REF_NO and
// ORIG_REF_NO as a terminal that ignores unknown fields does: it never
// echoes nor keeps a reference, so duplicates are not refused and every
// status inquiry answers not found, and originals can only be named by
// identifiers.
//
// # Faults
//
// A financial request whose amount is exactly 901..907 minor units (9.01 to
// 9.07), or every financial request while [Config.Fault] is set, misbehaves
// as its [Fault] constant documents. Settlements and inquiries never
// misbehave, so that a test can always recover.
//
// # Ledger
//
// [Simulator.Ledger], and GET /ledger on the WebSocket port, list what the
// terminal recorded (see [Entry]), so that tests and people can check that
// a client never lost nor doubled a charge.
package terminalsim
