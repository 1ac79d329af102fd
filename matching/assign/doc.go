// Package assign solves linear assignment problems exactly, with the
// standard library only: dense and sparse, rectangular, float64 or int64
// costs, with an optional per-row cost of staying unmatched, and a
// capacitated variant for facilities with beds.
//
// Everything works over integer indices: rows (households, applicants) and
// columns (units, beds). The domain layer of package matching builds costs
// and reads the assignment back.
//
// # Solvers
//
//   - SolveDense / SolveDenseInt: a dense Matrix or IntMatrix. Without
//     unmatched costs the first try is a greedy start fused with the
//     validation pass — each row takes a free column at its minimum (each
//     column a row at its minimum, for tall matrices, read in place
//     through a strided view instead of a transposed copy) — and shortest
//     augmenting paths for the few left free; it solves independent and
//     tied costs in about one pass over the matrix, and gives up early on
//     structured ones. The next method is Jonker–Volgenant (column reduction, reduction transfer,
//     augmenting row reduction) followed by shortest augmenting paths
//     (Crouse 2016, the method of scipy's linear_sum_assignment); problems
//     with 400 columns or more run their shortest paths on a candidate
//     subgraph (the cheapest pairs of each row) and are then checked, and
//     if needed repaired, against every pair, so the result is exact.
//     Structured costs (distances between clustered points, a row figure
//     times a column figure, c_ij = i·j) make those paths long: when they
//     have scanned three times the matrix (at once, for a rectangular
//     problem that the greedy start gave up on, or a square one whose rows'
//     few cheapest columns cannot be matched to all but a few rows), a problem without
//     unmatched costs turns to the auction method of Bertsekas with ε-scaling (a
//     rectangular one made square with virtual rows or columns of zero cost),
//     whose prices select a candidate subgraph and start the exact
//     shortest-path solver on it; the result is checked against every
//     pair (the optimality conditions of the assignment LP) and the
//     subgraph extended until it passes, so the result is exact again. If
//     the repair rounds give up, the first method finishes the job.
//     Solve with JV or Auction forces one method.
//   - SolveSparse / SolveSparseInt: feasible pairs only (compressed sparse
//     rows); shortest paths use Dijkstra's method with a binary heap.
//   - Solve / SolveInt: pick dense or sparse by the share of feasible pairs.
//   - SolveCapacitated: households needing k beds in facilities with bed
//     capacities; exact when every household needs one bed or few need
//     more, a documented heuristic with a lower bound otherwise.
//
// # Shapes and unmatched costs
//
// Without unmatched costs the smaller side is covered completely: every row
// when rows ≤ cols, every column when rows > cols (and the other rows get
// -1). With Options.Unmatched (IntOptions.Unmatched) each row either takes
// a column or pays its own unmatched cost, so a solution always exists when
// those costs are finite; no column has to be used. The unmatched columns
// are handled inside the solver, not by padding the matrix.
//
// Forbidden pairs are +Inf (float64), Forbidden (int64), or simply absent
// (sparse). Finite costs are bounded so that no sum inside the solver can
// overflow: |c| ≤ MaxIntCost(rows, cols) for int64 and
// |c| ≤ MaxFloatCost(rows, cols) (about 10^304 at 4000 × 4000) for float64. When no complete assignment of finite cost exists the solvers
// return an *InfeasibleError (errors.Is(err, ErrInfeasible)); malformed
// input gives an *InputError (errors.Is(err, ErrInvalidInput)).
//
// # Determinism and ties
//
// The result depends only on the input values and their order. Integer
// costs make it exact across platforms. Among several optimal assignments
// the solver returns the one its fixed scan order reaches first: rows are
// reduced and augmented in ascending index, a column's reduction goes to
// its lowest-index minimum row, ties between columns go to the lower index,
// and at equal cost a path to a free column is preferred to leaving a row
// unmatched. This is a fixed rule, but not a simple property of the output;
// a caller who needs one (for example "earlier rows first") should encode
// it in integer costs, as ExampleSolveDenseInt_tieBreak shows.
//
// # Reading matrices
//
// ReadMatrix reads the binary format of `housingkit assign`: rows and cols
// as little-endian int64, then rows×cols little-endian float64 in row-major
// order.
package assign
