// Package matching turns ranked, eligible households and available
// dwellings into proposals (abbinamenti), and tells every household left
// out why.
//
// It is the domain layer over two packages of pure solvers: matching/assign
// (optimal and capacitated assignment) and matching/mechanism (serial
// dictatorship, lottery, deferred acceptance, top trading cycles). This
// package decides what is feasible, what a pair is worth, and what the
// solvers' answers mean.
//
// # Input
//
// An Applicant is a housing.Household with what its eligibility decision
// said — the programmes it is eligible for, its priority score and the date
// it was referred — plus its own ranked preferences and the units it
// declined before. An Offer lists units (housing.Unit) with the facilities
// they stand in (Facility: a housing.Facility with the households living
// there now) and the programmes they belong to (Programme: a
// housing.Programme with restrictions). A unit inherits from its facility
// and programme: restrictions (the strictest of each), location, programme
// and shared spaces (Place). ReadApplicants and ReadOffer read the files of
// `housingkit match` strictly, with every problem at file:line:column.
//
// # Feasibility
//
// Constraints (the Constraint interface) say whether a unit is feasible for
// an applicant, and if not return a Violation: a stable code, a message key
// and its arguments, rendered in Italian and English (Text, Message). The
// built-in constraints, in DefaultConstraints, are: Beds (one bed per
// member), Area (floor area by the D.M. 5 luglio 1975 standard,
// DefaultAreaStandard), StepFree, WomenOnly, NoMinors, AgeLimits,
// HouseholdSize, ProgrammeMember, Rent (a RentCheck, such as the
// sustainability assessment of package rentcalc), Location (sub-area or
// municipality), Availability, Sharing (shared spaces need a household that
// accepts them), CoHousing (compatibility with the facility's residents,
// by a Compatibility rule such as CoHousingRule) and Declined.
//
// # Scores and ties
//
// Scorers (the Scorer interface) give a feasible pair integer points; a
// pair's score is the sum of Weight × Points (Weighted), so every
// computation is exact: Priority, Waiting, Preference, SubArea, RentBurden
// and Fit, with DefaultScorers' weights. Ties break by one stated rule:
// households by rank order — higher priority score, then earlier referral,
// then household id — and units by id.
//
// # Mechanisms
//
//   - Optimal: the most households housed, then the greatest total score,
//     then the higher-ranked households housed; exact (assign.SolveSparseInt
//     over the feasible pairs only, every household free to stay unmatched).
//   - SerialDictatorship ("priority"): households choose in rank order.
//   - Lottery: households choose in an order drawn with a seed; the draw
//     (Draw) is in the result so that an auditor can re-run it.
//   - DeferredAcceptance: households propose, landlords keep whom they rank
//     highest (by priority score unless Options.LandlordScore says
//     otherwise); the result is stable.
//   - Capacitated: beds of a facility pooled, a household of k members
//     takes k beds of one pool (assign.SolveCapacitated).
//
// When households proposed into one facility with shared spaces are not
// compatible (Options.Compatibility), the one served later loses that
// facility and the mechanism runs again (Result.Rounds).
//
// Transfers proposes exchanges among households already placed, by top
// trading cycles over their ranked, feasible units.
//
// # Rent
//
// The Rent constraint asks a RentCheck whether a household can sustain a
// rent. SustainabilityCheck adapts a compiled rentcalc policy and
// ShippedRentCheck compiles a shipped one (Liguria 30%, Modena 2×, residual
// income over the minimum pension); RentBurden scores what is left.
//
// # Cost
//
// Match evaluates the constraints on every pair of household and unit,
// rows in parallel, stopping a pair at its first failing constraint (and
// counting every constraint only for households left with no feasible
// unit); the built-in constraints test a pair without allocating, and
// figures of units and households are computed once. See BENCHMARKS.md.
//
// A caller that matches over the same stock again and again and needs the
// assignments without the explanations (a simulation matching every day)
// prepares a Matcher once: NewMatcher validates the stock and options,
// and each Matcher.Assign gives Match's proposals for the units on offer
// and the applicants of a Round, without validating the applicants again,
// checking and scoring the units that differ only in their id once per
// household, and without building reasons.
//
// # Output
//
// A Result lists a Proposal for every household housed — the units, the
// score and its parts — and for every household left out its Reasons: no
// feasible unit (with how many units each constraint excluded: "beds: 12
// units; rent sustainability: 3 units"), declined before, outranked,
// assigned elsewhere by the optimum, incompatible with a household placed in
// the same facility. WriteText renders it in Italian or English; its JSON
// form is stable. The same input and options (and seed) give the same
// result, whatever the order of the input lists.
package matching
