// Package demo runs the whole product once, end to end, and prints what each
// step did: a partner with client companies and end users, a connection to
// ConnectWise (the built-in sandbox unless another is given), the permission
// check, auto-mapping, a billing push, and one ticket per reported e-mail.
//
// The demo uses the same operations as the rest of psabridge (integration,
// mapping, billing, servicedesk, store); only the platform's data is made
// up here.
package demo
