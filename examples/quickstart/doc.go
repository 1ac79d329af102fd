// Command quickstart runs housingkit's main job end to end on the seed
// programmes:
//
//  1. intake — the example households, each referred to a programme, are
//     evaluated against the programme's shipped rule set, with reasons;
//  2. offer — dwellings of the programmes: a transition-housing facility of
//     12 beds with shared spaces (Catania), apartments (Ferrara, Crema) and
//     a co-housing module (Housing Mix);
//  3. matching — the eligible households are matched to the dwellings by
//     priority, with rents checked for sustainability, and every household
//     left out is told why;
//  4. stays — each proposal becomes a tenancy under the programme's
//     duration policy, with its planned end, warning and review dates;
//  5. a stay in Crema — 12 months, one renewal for a proven reason, a
//     second renewal refused;
//  6. the store — everything the run decided (households, referrals,
//     decisions, waiting lists, the vacancy registry, stays) is kept in the
//     embedded SQLite store, one file in a temporary folder: each placement
//     is one transaction that the store checks against double booking and
//     the facility's beds, and every write leaves an audit row. The run
//     reads back what it kept.
//
// Run it from the repository root:
//
//	go run ./examples/quickstart [-lang it|en] [-date YYYY-MM-DD]
package main
