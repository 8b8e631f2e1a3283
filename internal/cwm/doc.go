// Package cwm is a client for the ConnectWise Manage (ConnectWise PSA) REST
// API, covering the parts psabridge uses: companies, contacts, agreements and
// their additions, the product catalog, service tickets and notes, document
// uploads, service boards and the API member's own record and permissions.
//
// The client is shaped like google/go-github: one Client holds a service per
// API area, every method takes a context first, then path ids, then an
// options or body value, and returns the value, a *Response with paging
// details, and an error. Every list has an iterator (All) so no caller writes
// a paging loop.
//
// Every non-2xx answer becomes a typed error (*Error, *AuthError,
// *RateLimitError) built in one place. A POST whose outcome is unknown (a
// redirect, a timeout or a reset after the request was sent) is never sent
// again: Tickets.Create and Documents.Upload look the record up (by
// externalXRef, by file name and size) and otherwise return an error
// carrying ErrMaybeCreated. Reads and replace-only PATCHes are retried on
// network errors, 5xx and 429; any request is retried after a 429, which
// ConnectWise answers before carrying anything out.
//
// A Limiter paces each connection (a token bucket and a cap on requests in
// flight). With Config.LoginURL set, a 404 from a codebase ConnectWise has
// left re-reads companyinfo once and the client moves to the new codebase.
// FieldLimits holds the API's maximum field lengths for formatting code.
//
// Site discovery (NormalizeLoginURL, Discover) turns the URL a partner pastes
// into the API base URL. Conditions (Eq, And, …) builds the conditions query
// language with safe quoting.
//
// The package does not log, and no error it returns contains the private key.
package cwm
