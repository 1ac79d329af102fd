#!/usr/bin/python3
"""Matching benchmark: housingkit against scipy, interleaved in one run.

usage: matching.py WORKDIR HOUSINGKIT SEEDS [FAMILIES] [SHAPES]

For every seed, shape and cost family (matching_families.py) it writes the
seeded matrix file (the `housingkit assign` format), then runs, in an order
that alternates from case to case:
  - scipy: np.fromfile + linear_sum_assignment on it (solve time, and
    read + solve as the end-to-end time), in this process;
  - housingkit: `housingkit assign --format json` under /usr/bin/time -v
    (solve_seconds from its JSON; end-to-end wall time of the process;
    peak resident memory).
Both optimal totals are compared (relative 1e-9) and housingkit's
assignment is checked to be a valid matching of the right size.
Then the sparse cases: 1% feasible pairs and k-nearest-neighbour
feasibility, n = 4000, scipy's min_weight_full_bipartite_matching on a
prebuilt csr_matrix against housingkit's sparse solver (solve time only).
One JSON object per measurement goes to stdout.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matching_families as F  # noqa: E402

work, hk, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
families = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[4] else list(F.FAMILIES)
shapes = ([tuple(map(int, s.split("x"))) for s in sys.argv[5].split(",")]
          if len(sys.argv) > 5 and sys.argv[5] else F.SHAPES)
sparse_seeds = int(os.environ.get("SPARSE_SEEDS", "10"))
os.makedirs(work, exist_ok=True)


def emit(d):
    d["scipy_version"] = scipy.__version__
    print(json.dumps(d), flush=True)


def run_ours(path, algorithm="auto"):
    out = subprocess.run(["/usr/bin/time", "-v", hk, "assign", "--costs", path,
                          "--format", "json", "--algorithm", algorithm],
                         capture_output=True, text=True)
    if out.returncode == 2 and "infeasible" in out.stderr:
        return None, None, None
    if out.returncode != 0:
        raise SystemExit(f"housingkit failed on {path}: {out.stderr[-2000:]}")
    d = json.loads(out.stdout)
    wall = rss = None
    for line in out.stderr.splitlines():
        line = line.strip()
        if line.startswith("Elapsed (wall clock) time"):
            t = line.rsplit(" ", 1)[1].split(":")
            wall = sum(float(x) * 60 ** k for k, x in enumerate(reversed(t)))
        elif line.startswith("Maximum resident set size"):
            rss = int(line.rsplit(" ", 1)[1]) * 1024
    return d, wall, rss


def check(a, assignment, total, ref):
    r, c = a.shape
    rows = [i for i, j in enumerate(assignment) if j >= 0]
    cols = [assignment[i] for i in rows]
    assert len(rows) == min(r, c), "assignment does not cover the smaller side"
    assert len(set(cols)) == len(cols), "a column is used twice"
    got = float(a[rows, cols].sum())
    assert abs(got - total) <= 1e-9 * max(1, abs(total)), (got, total)
    return abs(total - ref) <= 1e-9 * max(1, abs(ref))


case = 0
# The process's own footprint: housingkit on a 1×1 matrix.
tiny = os.path.join(work, "tiny.bin")
F.write(tiny, np.zeros((1, 1)))
for _ in range(3):
    _, wall, rss = run_ours(tiny)
    emit({"kind": "baseline", "ours_e2e_s": wall, "ours_rss": rss})
os.remove(tiny)

for (r, c) in shapes:
    for fam in families:
        for seed in range(1, seeds + 1):
            gen, _ = F.FAMILIES[fam]
            a = gen(np.random.default_rng(seed * 1000 + r * 7 + c), r, c)
            path = os.path.join(work, f"{fam}_{r}x{c}.bin")
            F.write(path, a)
            del a
            order = ("scipy", "ours") if case % 2 == 0 else ("ours", "scipy")
            case += 1
            res = {}
            for who in order:
                if who == "scipy":
                    t0 = time.perf_counter()
                    with open(path, "rb") as f:
                        shape = np.fromfile(f, dtype="<i8", count=2)
                        a = np.fromfile(f, dtype="<f8").reshape(shape)
                    t1 = time.perf_counter()
                    ri, ci = linear_sum_assignment(a)
                    t2 = time.perf_counter()
                    res["scipy"] = (t2 - t1, t2 - t0, float(a[ri, ci].sum()))
                else:
                    res["ours"] = run_ours(path)
            d, wall, rss = res["ours"]
            st, se, stotal = res["scipy"]
            same = check(a, d["assignment"], d["total_cost"], stotal)
            emit({"kind": "dense", "family": fam, "rows": r, "cols": c, "seed": seed,
                  "scipy_s": st, "scipy_e2e_s": se, "scipy_total": stotal,
                  "ours_s": d["solve_seconds"], "ours_e2e_s": wall, "ours_rss": rss,
                  "ours_total": d["total_cost"], "matrix_bytes": 8 * r * c + 16,
                  "same_optimum": same})
            del a
            os.remove(path)

# Sparse: 1% feasible pairs, and each row's k nearest columns (points in
# the unit square, cost = distance), n = 4000.
n = 4000
for seed in range(1, sparse_seeds + 1):
    for fam in ("sparse1pct", "knn10"):
        rng = np.random.default_rng(50000 + seed)
        a = np.full((n, n), np.inf)
        if fam == "sparse1pct":
            mask = rng.random((n, n)) < 0.01
            a[mask] = 1.0 - rng.random(mask.sum())  # (0, 1]: csgraph drops zeros
        else:
            p, q = rng.random((n, 2)), rng.random((n, 2))
            d = F._dist(p, q)
            # each row's 10 nearest columns and each column's 10 nearest rows
            idx = np.argpartition(d, 10, axis=1)[:, :10]
            rows = np.repeat(np.arange(n), 10)
            keep = np.zeros((n, n), dtype=bool)
            keep[rows, idx.ravel()] = True
            idx = np.argpartition(d, 10, axis=0)[:10, :]
            keep[idx.ravel(), np.tile(np.arange(n), 10)] = True
            # and one random pair per row (a permutation), so that a full
            # matching exists
            keep[np.arange(n), rng.permutation(n)] = True
            a[keep] = d[keep] + 1e-12  # > 0: csgraph drops explicit zeros
            del d, keep
        path = os.path.join(work, f"{fam}.bin")
        F.write(path, a)
        finite = np.isfinite(a)
        ri, ci = np.nonzero(finite)
        m = csr_matrix((a[finite], (ri, ci)), shape=a.shape)
        order = ("scipy", "ours") if case % 2 == 0 else ("ours", "scipy")
        case += 1
        res = {}
        for who in order:
            if who == "scipy":
                try:
                    t0 = time.perf_counter()
                    r_, c_ = min_weight_full_bipartite_matching(m)
                    st = time.perf_counter() - t0
                    res["scipy"] = (st, float(a[r_, c_].sum()))
                except ValueError:  # no full matching: not a fair case
                    res["scipy"] = None
            else:
                res["ours"] = run_ours(path, "sparse")
        d, _, _ = res["ours"]
        if (res["scipy"] is None) != (d is None):
            raise SystemExit(f"{fam} seed {seed}: feasibility differs: scipy {res['scipy']}, ours {d}")
        if d is not None:
            same = check(a, d["assignment"], d["total_cost"], res["scipy"][1])
            emit({"kind": "sparse", "family": fam, "rows": n, "cols": n, "seed": seed,
                  "scipy_s": res["scipy"][0], "ours_s": d["solve_seconds"],
                  "scipy_total": res["scipy"][1], "ours_total": d["total_cost"],
                  "same_optimum": same})
        os.remove(path)

