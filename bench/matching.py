#!/usr/bin/python3
"""Matching benchmark: housingkit against scipy, interleaved in one run.

usage: matching.py WORKDIR HOUSINGKIT SEEDS [FAMILIES] [SHAPES]

For every seed, shape and cost family (matching_families.py) it writes the
seeded matrix file (the `housingkit assign` format), then runs, in an order
that alternates from case to case:
  - scipy: np.fromfile + linear_sum_assignment on it (solve time, and
    read + solve as the end-to-end time), in this process;
  - housingkit: `housingkit assign --format json` under /usr/bin/time
    (solve_seconds from its JSON; file_to_answer_seconds from its JSON,
    from opening the file to the answer, the counterpart of scipy's read +
    solve; the wall time of the whole process, start-up included; its CPU
    time from wait4; peak resident memory), and, with HK_LEAN set, the
    same for the lean build (`go build -tags lean`), whose answer must be
    the full build's.
Both optimal totals are compared (relative 1e-9) and housingkit's
assignment is checked to be a valid matching of the right size.
Then the sparse cases: 1% feasible pairs and k-nearest-neighbour
feasibility, n = 4000, scipy's min_weight_full_bipartite_matching on a
prebuilt csr_matrix against housingkit's sparse solver (solve time only).
Every figure is taken as wall time and as CPU time (scipy: process_time;
housingkit: its JSON's solve_cpu_seconds, and user + system time of the
whole process from wait4). scipy runs in a forked child bounded
by SCIPY_TIMEOUT seconds (default 120): a case it does not finish in time
is recorded as such ("scipy > T s"), never dropped, and housingkit's
answer is then checked as a matching of the stated total only.
One JSON object per measurement goes to stdout.
"""
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import matching_families as F  # noqa: E402

work, hk, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3])
# HK_LEAN: the lean build (go build -tags lean), measured beside the full
# one on the dense cases as a whole process.
lean = os.environ.get("HK_LEAN")
families = sys.argv[4].split(",") if len(sys.argv) > 4 and sys.argv[4] else list(F.FAMILIES)
shapes = ([tuple(map(int, s.split("x"))) for s in sys.argv[5].split(",")]
          if len(sys.argv) > 5 and sys.argv[5] else F.SHAPES)
sparse_seeds = int(os.environ.get("SPARSE_SEEDS", "10"))
timeout = float(os.environ.get("SCIPY_TIMEOUT", "120"))
parts = os.environ.get("PARTS", "dense,sparse").split(",")
# Cases where both sides take under a second are measured REPEAT times,
# alternating, and each figure is the least of its repeats (the run-to-run
# noise of the shared machine is larger than such a solve).
repeat = int(os.environ.get("REPEAT", "5"))
os.makedirs(work, exist_ok=True)
fork = multiprocessing.get_context("fork")


def bounded(fn, *args):
    """Runs fn(*args) in a forked child; returns its result, or, when it
    took longer than `timeout` seconds, the timeout and the CPU time the
    child had used (it is then killed)."""
    recv, send = fork.Pipe(duplex=False)

    def child():
        try:
            send.send(("ok", fn(*args)))
        except Exception as e:  # noqa: BLE001 - reported to the parent
            send.send(("error", repr(e)))
        send.close()

    p = fork.Process(target=child)
    p.start()
    send.close()
    got = recv.poll(timeout)
    if not got:
        cpu = child_cpu(p.pid)
        p.kill()
        p.join()
        return {"scipy_timeout_s": timeout, "scipy_cpu_at_timeout_s": cpu}
    status, value = recv.recv()
    p.join()
    if status == "error":
        raise RuntimeError(value)
    return value


def child_cpu(pid):
    """CPU seconds (user + system) a running child has used so far."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def scipy_dense(path):
    """np.fromfile + linear_sum_assignment: solve and end-to-end wall and
    CPU seconds, and the optimal total."""
    c0, t0 = time.process_time(), time.perf_counter()
    with open(path, "rb") as f:
        shape = np.fromfile(f, dtype="<i8", count=2)
        a = np.fromfile(f, dtype="<f8").reshape(shape)
    c1, t1 = time.process_time(), time.perf_counter()
    ri, ci = linear_sum_assignment(a)
    c2, t2 = time.process_time(), time.perf_counter()
    return {"scipy_s": t2 - t1, "scipy_cpu_s": c2 - c1, "scipy_e2e_s": t2 - t0,
            "scipy_e2e_cpu_s": c2 - c0, "scipy_total": float(a[ri, ci].sum())}


def scipy_sparse(m, a):
    c0, t0 = time.process_time(), time.perf_counter()
    try:
        r_, c_ = min_weight_full_bipartite_matching(m)
    except ValueError:  # no full matching: not a fair case
        return {"infeasible": True}
    c1, t1 = time.process_time(), time.perf_counter()
    return {"scipy_s": t1 - t0, "scipy_cpu_s": c1 - c0, "scipy_total": float(a[r_, c_].sum())}


def best(first, again):
    """Least wall and CPU figures of two measurements (peak memory: the
    largest)."""
    if first is None or again is None:
        return first
    if isinstance(first, dict):
        return {k: (min(v, again[k]) if k.endswith("_s") and isinstance(v, float) else v)
                for k, v in first.items()}
    (d, wall, rss), (d2, wall2, rss2) = first, again
    d = dict(d)
    for k in ("solve_seconds", "solve_cpu_seconds", "file_to_answer_seconds",
              "file_to_answer_cpu_seconds", "e2e_cpu_s"):
        if k in d and k in d2:
            d[k] = min(d[k], d2[k])
    return d, min(wall, wall2), max(rss, rss2)


def quick(res, key):
    """Whether both sides of a measurement took under a second (scipy's
    key; housingkit's solve)."""
    sc, ours = res["scipy"], res["ours"]
    return (sc is not None and sc.get(key, 99) < 1 and ours[0] is not None
            and ours[0].get("solve_seconds", 99) < 1)


def measure(order, run, key):
    """Runs each of run's measurements (scipy's, ours and maybe the lean
    build's) in the given order, then, when scipy's and ours are quick,
    REPEAT - 1 more times alternating, keeping the least figures; returns
    them and how many times each ran."""
    res = {}
    for who in order:
        res[who] = run[who]()
    n = 1
    if quick(res, key):
        for k in range(1, repeat):
            for who in (order if k % 2 == 0 else order[::-1]):
                res[who] = best(res[who], run[who]())
            n += 1
    return res, n


def load(path):
    with open(path, "rb") as f:
        shape = np.fromfile(f, dtype="<i8", count=2)
        return np.fromfile(f, dtype="<f8").reshape(shape)


def emit(d):
    d["scipy_version"] = scipy.__version__
    d["commit"] = os.environ.get("HK_COMMIT", "?")
    d["load"] = os.getloadavg()[0]
    d["time"] = time.strftime("%H:%M", time.gmtime())
    print(json.dumps(d), flush=True)


def run_ours(path, algorithm="auto", binary=None):
    """Runs `housingkit assign` on path under /usr/bin/time; returns its
    JSON, the process's wall time and peak resident set (time's %M: a
    process spawned from this big one directly would report this one's
    size), with its CPU time (user + system, from wait4 to the microsecond;
    it includes time's own, about a millisecond) as d["e2e_cpu_s"];
    (None, None, None) when infeasible."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(["/usr/bin/time", "-f", "maxrss %M", binary or hk, "assign", "--costs", path,
                              "--format", "json", "--algorithm", algorithm], stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if p.returncode == 2 and "infeasible" in stderr:
        return None, None, None
    if p.returncode != 0:
        raise SystemExit(f"housingkit failed on {path}: {stderr[-2000:]}")
    d = json.loads(stdout) if stdout.strip() else {}
    d["e2e_cpu_s"] = ru.ru_utime + ru.ru_stime
    rss = None
    for line in stderr.splitlines():
        if line.startswith("maxrss "):
            rss = int(line.split()[1]) * 1024
    return d, wall, rss


def check(a, assignment, total, ref):
    """housingkit's answer must be a matching covering the smaller side,
    of the total it states; returns whether that total is scipy's (None
    when scipy gave none)."""
    r, c = a.shape
    rows = [i for i, j in enumerate(assignment) if j >= 0]
    cols = [assignment[i] for i in rows]
    assert len(rows) == min(r, c), "assignment does not cover the smaller side"
    assert len(set(cols)) == len(cols), "a column is used twice"
    got = float(a[rows, cols].sum())
    assert abs(got - total) <= 1e-9 * max(1, abs(total)), (got, total)
    if ref is None:
        return None
    return abs(total - ref) <= 1e-9 * max(1, abs(ref))


case = 0
# The process's own footprint: housingkit on a 1×1 matrix.
tiny = os.path.join(work, "tiny.bin")
F.write(tiny, np.zeros((1, 1)))
for _ in range(5):
    d, wall, rss = run_ours(tiny)
    emit({"kind": "baseline", "ours_e2e_s": wall, "ours_e2e_cpu_s": d["e2e_cpu_s"], "ours_rss": rss})
    if lean:
        d, wall, rss = run_ours(tiny, binary=lean)
        emit({"kind": "baseline_lean", "ours_e2e_s": wall, "ours_e2e_cpu_s": d["e2e_cpu_s"], "ours_rss": rss})
os.remove(tiny)

for (r, c) in (shapes if "dense" in parts else []):
    for fam in families:
        for seed in range(1, seeds + 1):
            gen, _ = F.FAMILIES[fam]
            a = gen(np.random.default_rng(seed * 1000 + r * 7 + c), r, c)
            path = os.path.join(work, f"{fam}_{r}x{c}.bin")
            F.write(path, a)
            del a
            order = ("scipy", "ours", "lean") if case % 2 == 0 else ("lean", "ours", "scipy")
            if not lean:
                order = tuple(w for w in order if w != "lean")
            case += 1
            res, reps = measure(order, {"scipy": lambda: bounded(scipy_dense, path), "ours": lambda: run_ours(path),
                                        "lean": lambda: run_ours(path, binary=lean)}, "scipy_e2e_s")
            d, wall, rss = res["ours"]
            sc = res["scipy"]
            if lean:
                dl, wl, rl = res["lean"]
                # the same solver code: the same answer
                assert dl["assignment"] == d["assignment"], f"lean build's answer differs on {path}"
                sc = {**sc, "lean_e2e_s": wl, "lean_e2e_cpu_s": dl["e2e_cpu_s"], "lean_rss": rl}
            a = load(path)
            same = check(a, d["assignment"], d["total_cost"], sc.get("scipy_total"))
            emit({"kind": "dense", "family": fam, "rows": r, "cols": c, "seed": seed, **sc,
                  "ours_s": d["solve_seconds"], "ours_cpu_s": d.get("solve_cpu_seconds"),
                  "ours_f2a_s": d["file_to_answer_seconds"], "ours_f2a_cpu_s": d["file_to_answer_cpu_seconds"],
                  "ours_e2e_s": wall, "ours_e2e_cpu_s": d["e2e_cpu_s"], "ours_rss": rss,
                  "ours_total": d["total_cost"], "matrix_bytes": 8 * r * c + 16,
                  "same_optimum": same, "repeats": reps})
            del a
            os.remove(path)

# Sparse: 1% feasible pairs, and each row's k nearest columns (points in
# the unit square, cost = distance), n = 4000.
n = 4000
for seed in range(1, (sparse_seeds if "sparse" in parts else 0) + 1):
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
        res, reps = measure(order, {"scipy": lambda: bounded(scipy_sparse, m, a), "ours": lambda: run_ours(path, "sparse")}, "scipy_s")
        d, _, _ = res["ours"]
        sc = res["scipy"]
        if sc.get("infeasible", False) != (d is None):
            raise SystemExit(f"{fam} seed {seed}: feasibility differs: scipy {sc}, ours {d}")
        if d is not None:
            same = check(a, d["assignment"], d["total_cost"], sc.get("scipy_total"))
            emit({"kind": "sparse", "family": fam, "rows": n, "cols": n, "seed": seed, **sc,
                  "ours_s": d["solve_seconds"], "ours_cpu_s": d.get("solve_cpu_seconds"),
                  "ours_total": d["total_cost"], "same_optimum": same, "repeats": reps})
        del m
        os.remove(path)

