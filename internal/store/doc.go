// Package store persists psabridge's data: partners, their ConnectWise
// connection, platform companies and end users, company mappings, reported
// e-mails, billing history and the audit log.
//
// Callers depend on the Store interface. SQLite, opened with Open, is the
// embedded default; a PostgreSQL backend will implement the same interface
// and pass the same conformance suite, storetest.Run. The SQL in this
// package is written to run on both: "$n" placeholders, ON CONFLICT upserts,
// RETURNING, and times and booleans passed as Go values. Each backend has
// its own migrations folder, applied with goose on Open.
//
// Secrets are sealed with a secret.Keyring before they reach the database;
// the ConnectWise private key is bound to its partner's id, so a sealed
// value copied into another partner's row does not open.
package store
