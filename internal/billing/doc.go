// Package billing turns each client company's billable user count into the
// quantity of its ConnectWise agreement addition.
//
// Billing is two steps so a partner sees what will change before it does:
// Preview reads every mapped addition once and says, per company, whether
// its quantity would be updated (old → new), is already right, or is
// skipped and why. Push then writes only the rows Preview marked for update,
// one PATCH each, and records the outcome of every row; one failure does not
// stop the others.
//
// The package reaches ConnectWise only through the small Agreements
// interface.
package billing
