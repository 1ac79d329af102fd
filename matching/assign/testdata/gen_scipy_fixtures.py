#!/usr/bin/python3
"""Generate the scipy fixture matrices once (already committed).

Run from this directory with Debian's python3-scipy:
    /usr/bin/python3 gen_scipy_fixtures.py
Writes scipy/*.bin (the `housingkit assign` binary format: rows and cols as
little-endian int64, then row-major little-endian float64, +inf forbids a
pair) and scipy/fixtures.json with scipy.optimize.linear_sum_assignment's
optimal total cost for each.
"""
import json
import struct

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment

rng = np.random.default_rng(20261121)


def write(name, a):
    rows, cols = a.shape
    with open(f"scipy/{name}.bin", "wb") as f:
        f.write(struct.pack("<qq", rows, cols))
        f.write(np.ascontiguousarray(a, dtype="<f8").tobytes())


cases = []


def add(name, a, note):
    r, c = linear_sum_assignment(a)
    total = float(a[r, c].sum())
    write(name, a)
    cases.append({"name": name, "file": f"{name}.bin", "rows": a.shape[0],
                  "cols": a.shape[1], "total_cost": total, "note": note})


add("uniform_40x40", rng.random((40, 40)), "uniform [0,1)")
add("uniform_50x60", rng.random((50, 60)), "uniform [0,1), more columns")
add("uniform_60x45", rng.random((60, 45)), "uniform [0,1), more rows")
add("int_50x50", rng.integers(0, 20, (50, 50)).astype(float), "integers [0,20): many ties")
add("int_45x60", rng.integers(-50, 1000, (45, 60)).astype(float), "integers [-50,1000)")
a = rng.random((50, 55)) * 100
a[rng.random(a.shape) < 0.7] = np.inf
add("forbidden70_50x55", a, "70% of pairs forbidden (+inf)")
a = rng.integers(0, 100, (55, 40)).astype(float)
a[rng.random(a.shape) < 0.5] = np.inf
add("forbidden50_55x40", a, "integers, half the pairs forbidden, more rows")
a = rng.normal(size=(30, 30)) * 1e6
add("normal_30x30", a, "normal, scale 1e6, negative costs")

with open("scipy/fixtures.json", "w") as f:
    json.dump({"generator": "scipy.optimize.linear_sum_assignment",
               "scipy_version": scipy.__version__, "cases": cases}, f, indent=1)
