// Package housingkit is a Go SDK for the temporary-housing programmes that
// Italian municipalities run: Housing First stays of up to 24 months,
// transition housing with shared spaces, social rental agencies that match
// households to dwellings at moderated rents, co-housing. It encodes who may
// enter, for how long, at what rent, and where.
//
// This root package holds only this tour; the work is done in the
// packages below.
//
// # Packages
//
//   - housing: the domain — households and people, owners, facilities and
//     units, programmes, referrals, care plans, tenancies with their
//     duration policies and exits; calendar dates, the error type, texts in
//     Italian and English, and the strict reader of data files. Imports
//     nothing else of the SDK.
//   - params: effective-dated parameters (thresholds, caps, percentages)
//     with units and references, and the official figures shipped with the
//     SDK.
//   - eligibility: rule sets as data — load, check, evaluate a household as
//     of a date — giving a Decision with its reasons; variants and test
//     cases; the five seed programmes' rule sets.
//   - rentcalc: exact money arithmetic — equivalence scales, ISEE estimate,
//     rent sustainability, rent support, social-rent bands.
//   - matching: feasibility, priority and solvers that propose pairings of
//     households and dwellings, with reasons for those left out;
//     matching/assign holds the assignment solvers.
//   - schema: JSON Schemas of the documents, generated from the types.
//   - cmd/housingkit: the command line.
//   - examples: small programs, one per way to integrate.
//
// # How data flows
//
// A referral brings a household; eligibility evaluates it against the
// programme's rule set as of a date and says why. Dwellings come from a
// vacancy registry; matching filters the feasible pairs (size,
// accessibility, restrictions, rent sustainability from rentcalc), orders
// applicants by priority and proposes pairings. A tenancy starts under the
// programme's duration policy, which gives its planned end, reviews and
// warnings, and whether it may be renewed; it ends with an exit pathway.
//
// # Conventions
//
// Money is decimal.Decimal (never float64) and travels in JSON as a string.
// Dates are housing.Date, whose month arithmetic clamps to the end of the
// month. Figures that change over time are parameters in data files with
// effective dates and sources, never constants in code. Errors are
// *housing.Error with a code, and validation reports every problem at once
// with its field path or file position. Randomness takes a seed; results
// are deterministic.
package housingkit
