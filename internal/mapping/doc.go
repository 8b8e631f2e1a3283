// Package mapping matches the companies of the security-awareness platform
// to ConnectWise Manage companies and, for billing, to the agreement
// addition that carries each company's user count.
//
// Matching explains itself and is deliberately cautious. Each Proposal
// names its Method, Confidence and Evidence: a mapping the partner
// confirmed earlier, a platform external id equal to a ConnectWise company
// identifier, an e-mail domain shared with the company's website or its
// contacts, an equal normalised name, or a fuzzy name score. Only a match at
// or above the confidence threshold and clearly ahead of any runner-up is
// Applied; everything else comes back with a Reason the partner can act on.
// Deleted companies and those of an excluded type or status (prospects, not
// approved, inactive) are never proposed, and the package never guesses
// between candidates or between two ongoing additions.
//
// The package reads ConnectWise only through the small Directory interface
// (and DomainDirectory for contacts' domains), so it can be tested with
// fakes and wired to any client.
package mapping
