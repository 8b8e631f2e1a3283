// Package billing turns each client company's billable user count into the
// quantity of its ConnectWise agreement addition.
//
// Billing is two steps so a partner sees what will change before it does:
// Preview reads the mapped agreements in one batch and each agreement's
// additions once, and says per company whether its quantity would be
// updated (old → new), is already right, or is not pushed and why (not
// mapped, ambiguous addition, cancelled agreement or addition, changed by
// hand since the last push). Push then writes only the rows Preview marked
// for update, one PATCH each with the partner's proration choice; one
// failure does not stop the others. Service records every attempted change
// in the history and runs the partner's schedule (Schedule, RunDue), where
// a run missed while psabridge was down happens once when it is back.
//
// The package reaches ConnectWise only through the small Agreements
// interface and the database through Store.
package billing
