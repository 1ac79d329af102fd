// Package simulation replays a temporary-housing programme over time, for a
// baseline and its policy variants, and reports what changed with honest
// uncertainty.
//
// A Scenario (a YAML or JSON file read strictly, every problem at its
// file:line:column; see Load) says who arrives (groups with arrival rates that
// may change over time and the distributions their households are drawn from,
// or resampled pseudonymised cases), what is on offer (facilities and units
// with beds, rents and availability), under which rules (the programme's
// eligibility rule sets, its duration policy, its matching mechanism and rent
// policy) and how households behave (patience, refusals, exits by pathway,
// returns). Variants overlay the rule set (an eligibility overlay), the
// policy, the stock and the behaviour.
//
// The engine uses the SDK's own packages, not copies: every arrival is decided
// by package eligibility, every vacancy is filled by matching.Match, every stay
// is a housing.Tenancy moved through its state machine under the real
// housing.DurationPolicy (planned end, reviews, renewals with their reasons),
// and the private-lease exit asks a rentcalc sustainability policy.
//
// When the programme allows split placement (split_across_rooms), the
// matching may place a household larger than any room of a facility in a
// suite of its rooms: the stay is then one housing.Tenancy whose unit is the
// suite as the matching names it (the rooms' ids joined by "+", their beds
// and costs added up, available while every room is), and it occupies every
// room until it ends — each room counts as occupied, and each is vacant
// again when the stay ends. A stored tenancy (package store) names one
// stored unit, so such a stay has no stored equivalent yet.
package simulation
