// Package housing is the domain of housingkit: the people and households
// who ask for temporary housing, the dwellings, facilities and owners that
// offer it, the programmes that run it, the referrals that bring households
// in, the care plans that go with a stay, and tenancies with their duration
// policies and exits. Every other package of the SDK imports it; it imports
// none of them.
//
// Italian terms are given in each type's documentation (nucleo familiare,
// alloggio, struttura, segnalazione, progetto individualizzato…), and every
// enumeration has labels in Italian and English through its Label method.
//
// # Values
//
// Money is decimal.Decimal and travels in JSON as a string ("1234.56").
// Dates are Date, a calendar date without time zone whose month arithmetic
// clamps to the end of the month (31 January + 1 month = 28 or 29
// February). Facts that may be unknown are pointers or nil slices: nil means
// "not known", never "no", so that an eligibility decision can say which
// facts are missing.
//
// # Errors
//
// Every error of the SDK is an *Error with a Code (invalid, not_found,
// conflict, forbidden, internal) for errors.Is, a stable Key for the exact
// reason, a Message for the user and a Detail for logs. Validation reports
// every problem at once, each a Problem with its field path
// ("members[2].birth_date") and, for files, its position as typed fields
// (File "policy.yaml", Line 12, Col 5), sorted by position; ReadHousehold
// and ParsePolicy read data files that way, through the SDK's one strict
// reader.
package housing
