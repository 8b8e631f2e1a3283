// Package mapping matches the companies of the security-awareness platform
// to ConnectWise Manage companies and, for billing, to the agreement
// addition that carries each company's user count.
//
// Matching is deliberately cautious. A proposal is marked Applied only when
// it is certain: a mapping the partner confirmed earlier, a platform
// external id equal to a ConnectWise company identifier, or exactly one live
// ConnectWise company whose normalised name equals the platform company's.
// Everything else comes back with a Reason the partner can act on; the
// package never guesses between candidates.
//
// The package reads ConnectWise only through the small Directory interface,
// so it can be tested with fakes and wired to any client.
package mapping
