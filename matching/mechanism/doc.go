// Package mechanism implements allocation mechanisms over integer ids and
// strict preference lists, for the domain layer of package matching:
//
//   - SerialDictatorship: applicants choose in a given order (a ranked
//     list), each taking the best unit still available;
//   - RandomSerialDictatorship: the same with an order drawn by a seeded
//     lottery (ChaCha8 from math/rand/v2, Fisher–Yates), returned so that
//     an auditor can re-run it; DrawOrder redraws it from seed and list;
//   - DeferredAcceptance: applicant-proposing deferred acceptance (Gale and
//     Shapley) with capacities, for two-sided markets where landlords or
//     units rank applicants; Blocking checks stability;
//   - TopTradingCycles: Shapley–Scarf top trading cycles for transfers of
//     households already placed, each owning its current unit.
//
// Ids: applicants (households) are 0..n-1 and units (objects) 0..m-1.
// A preference list names acceptable units, most preferred first; units
// not listed are unacceptable. Results give the unit of each applicant, or
// -1. Bad input (ids out of range, repeated ids, negative capacities)
// gives an *InputError saying where; nothing panics.
//
// Every mechanism is deterministic: the same input (and seed) gives the
// same output. Preferences are strict, so there are no ties to break
// except the order of processing, which each function states.
package mechanism
