"""Cost families of the matching benchmark (imported by matching.py).

Every family is a function (rng, rows, cols) -> float64 array, seeded by
the caller. They are what real matching produces besides independent noise:
few distinct values (ties), rank-one costs plus a little noise (a household
figure times a dwelling figure), distances between points spread uniformly
or concentrated in a few areas, and the fully structured c_ij = i*j.
"""
import numpy as np


def uniform(rng, r, c):
    return rng.random((r, c))


def int1000(rng, r, c):
    return rng.integers(0, 1000, (r, c)).astype(np.float64)


def int10(rng, r, c):
    return rng.integers(0, 10, (r, c)).astype(np.float64)


def product(rng, r, c):
    # rent over income: a household figure times a dwelling figure, plus noise
    a = rng.random(r)
    b = rng.random(c)
    return np.outer(a, b) + 0.01 * rng.random((r, c))


def _dist(p, q):
    # |p - q| without an r*c*2 temporary
    d = np.subtract.outer(p[:, 0], q[:, 0])
    d *= d
    e = np.subtract.outer(p[:, 1], q[:, 1])
    e *= e
    d += e
    np.sqrt(d, out=d)
    return d


def euclid(rng, r, c):
    return _dist(rng.random((r, 2)), rng.random((c, 2)))


def _clustered(rng, n, k, sigma):
    centres = rng.random((k, 2))
    which = rng.integers(0, k, n)
    return centres[which] + sigma * rng.standard_normal((n, 2))


def clustered(rng, r, c):
    # households concentrated in a few areas, dwellings in a few others
    return _dist(_clustered(rng, r, 6, 0.04), _clustered(rng, c, 6, 0.04))


def ij(rng, r, c):
    return np.outer(np.arange(r, dtype=np.float64), np.arange(c, dtype=np.float64))


FAMILIES = {
    "uniform": (uniform, "uniform [0,1)"),
    "int1000": (int1000, "integer [0,1000)"),
    "int10": (int10, "integer [0,10) (ties)"),
    "product": (product, "a_i*b_j + noise [0,0.01)"),
    "euclid": (euclid, "distances, uniform points"),
    "clustered": (clustered, "distances, clustered points"),
    "ij": (ij, "c_ij = i*j"),
}

# Cheapest first: a run cut short still has whole cases.
SHAPES = [(2000, 2000), (1000, 4000), (4000, 1000), (10000, 1000), (4000, 4000)]


def write(path, a):
    with open(path, "wb") as f:
        f.write(np.array(a.shape, dtype="<i8").tobytes())
        a = np.ascontiguousarray(a, dtype="<f8")
        f.write(memoryview(a).cast("B"))
