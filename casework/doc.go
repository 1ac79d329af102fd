// Package casework carries a case through its whole life over any store
// (package store; adapters memory, sqlite and postgres): referral with the
// team's assessment, eligibility decision (kept in the store's decision
// trail with the rule set's version and variants), the ranked waiting
// list (re-ranked when facts change, the reason kept), proposals made by
// package matching for the vacancies of a date, the household's and the
// landlord's answers with reason codes (a refusal keeps the unit out of
// the household's next matchings while its reason holds), the stay under
// the programme's contract and duration policy, reviews, renewals resting
// on a reason, its evidence and its approver, the exit with its pathway,
// and the referral onwards when the outcome is "refer".
//
// Beside the stay it keeps the care plan (goals, services from the
// programme's list, review meetings on the policy's review dates) and
// answers "what is due"; it keeps the agency's registry (owners of every
// kind, their expressions of interest, inspections and agreements, the
// availability of units), the landlord-facing sustainability report and
// the demand–offer census; contracts (agreed rent 3+2 years, transitional
// 1–18 months, free loan, concession) whose terms, duration policies and
// local rent bands are data files (LoadContracts, ShippedContracts); and
// the reports funders ask for (Report, WriteReport) with small counts
// suppressed on export.
//
// # Transactions and the journal
//
// Every operation is one store transaction: all it writes is committed or
// nothing is. Every operation needs an actor on its context
// (store.WithActor) and writes one or more entries to the journal of the
// household, unit or owner it concerns: who, when (the Casework's clock),
// the operation, the record, the reason, and the record before and after
// (Journal). Two operations on one case at once are serialised on its
// journal: the later one runs again after the earlier has committed.
// Errors are *housing.Error values with a code: invalid,
// not_found, conflict, forbidden, internal; casework's own keys are the
// Key* constants.
//
// Casework keeps its own records (proposals, holds, contracts, onward
// referrals, expressions of interest, dwelling locations, the journal) as
// documents of the store (store.Documents), so adapters stay thin and do
// not import this package.
package casework
