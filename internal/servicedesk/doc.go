// Package servicedesk turns an analysed phishing report into exactly one
// ConnectWise service ticket: it formats the ticket within ConnectWise's
// field limits, finds the reporter's contact (or the company's default
// contact), creates the ticket idempotently through its externalXRef, and
// uploads the original message, its attachments and the analysis as
// documents, each once.
//
// The package talks to ConnectWise only through the small PSA interface it
// owns, so it can be tested against the sandbox or a fake.
package servicedesk
