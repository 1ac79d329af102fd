#!/usr/bin/python3
"""Matching benchmark, scipy side (run by bench/matching.sh).

usage: matching_scipy.py WORKDIR REPEATS

Generates the seeded matrix files in WORKDIR (the `housingkit assign`
format: rows and cols as little-endian int64, then row-major little-endian
float64; +inf forbids a pair), times scipy on each (solve only, best of
REPEATS), and prints one JSON object per case on stdout.
"""
import json
import os
import struct
import sys
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

work, repeats = sys.argv[1], int(sys.argv[2])
os.makedirs(work, exist_ok=True)


def write(path, a):
    with open(path, "wb") as f:
        f.write(struct.pack("<qq", *a.shape))
        f.write(np.ascontiguousarray(a, dtype="<f8").tobytes())


def best(fn):
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


cases = []
for n in (2000, 4000):
    rng = np.random.default_rng(1000 + n)
    cases.append((f"dense uniform [0,1) n={n}", f"uniform_{n}.bin", "dense", rng.random((n, n))))
    rng = np.random.default_rng(2000 + n)
    cases.append((f"dense integer [0,1000) n={n}", f"integer_{n}.bin", "dense",
                  rng.integers(0, 1000, (n, n)).astype(np.float64)))
n = 4000
rng = np.random.default_rng(3000 + n)
a = np.full((n, n), np.inf)
mask = rng.random((n, n)) < 0.01
a[mask] = 1.0 - rng.random(mask.sum())  # (0, 1]: csgraph drops explicit zeros
cases.append((f"sparse 1% uniform (0,1] n={n}", "sparse_4000.bin", "sparse", a))

for name, fname, kind, a in cases:
    path = os.path.join(work, fname)
    write(path, a)
    if kind == "dense":
        secs, (r, c) = best(lambda: linear_sum_assignment(a))
        fn = "linear_sum_assignment"
    else:
        finite = np.isfinite(a)
        rows, cols = np.nonzero(finite)
        m = csr_matrix((a[finite], (rows, cols)), shape=a.shape)
        secs, (r, c) = best(lambda: min_weight_full_bipartite_matching(m))
        fn = "min_weight_full_bipartite_matching"
    print(json.dumps({"name": name, "file": path, "scipy_seconds": secs,
                      "scipy_total": float(a[r, c].sum()), "scipy_function": fn,
                      "scipy_version": scipy.__version__}), flush=True)
