#!/usr/bin/env bash
# Matching benchmark: housingkit's assignment solvers against scipy's on
# identical, seeded matrix files; writes the ratio table into the
# "## Matching" section of BENCHMARKS.md.
#
# Needs Debian's python3-scipy (apt-get install -y python3-scipy) at
# /usr/bin/python3. Takes a few minutes and ~450 MB in $WORK (default
# /tmp/housingkit-bench); NOT part of CI. Run from anywhere:
#     bash bench/matching.sh [REPEATS]     # default 3: best of 3 each side
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS="${1:-3}"
WORK="${WORK:-/tmp/housingkit-bench}"
mkdir -p "$WORK"
PY=/usr/bin/python3

go build -o "$WORK/housingkit" ./cmd/housingkit

echo "generating matrices and timing scipy (best of $REPEATS)..." >&2
$PY bench/matching_scipy.py "$WORK" "$REPEATS" > "$WORK/scipy.jsonl"

echo "timing housingkit assign (best of $REPEATS)..." >&2
: > "$WORK/ours.jsonl"
while IFS= read -r line; do
  file=$($PY -c 'import json,sys; print(json.loads(sys.argv[1])["file"])' "$line")
  for _ in $(seq "$REPEATS"); do
    "$WORK/housingkit" assign --costs "$file" --format json --algorithm auto \
      | $PY -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({"file": sys.argv[1], "s": d["solve_seconds"], "total": d["total_cost"]}))' "$file" \
      >> "$WORK/ours.jsonl"
  done
done < "$WORK/scipy.jsonl"

echo "capacitated (go test -bench)..." >&2
go test -run '^$' -bench 'Capacitated' -benchtime "${REPEATS}x" ./matching/assign > "$WORK/cap.txt"

$PY - "$WORK" <<'PYEOF'
import json, os, platform, re, subprocess, sys
work = sys.argv[1]
scipy = [json.loads(l) for l in open(os.path.join(work, "scipy.jsonl"))]
ours = {}
for l in open(os.path.join(work, "ours.jsonl")):
    d = json.loads(l)
    o = ours.setdefault(d["file"], {"s": [], "total": d["total"]})
    o["s"].append(d["s"])
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
gov = subprocess.run(["go", "version"], capture_output=True, text=True).stdout.strip()
date = subprocess.run(["date", "+%Y-%m-%d"], capture_output=True, text=True).stdout.strip()
lines = ["## Matching", "",
         "`bash bench/matching.sh` (not run in CI: a few minutes, ~450 MB of matrix files).",
         "Identical seeded matrix files; scipy times its solver call only (the sparse case",
         "gets a prebuilt `csr_matrix`); housingkit's time is `solve_seconds` of",
         "`housingkit assign --format json --algorithm auto` (solver only; for the sparse",
         "file that excludes collecting the finite pairs). Best of the runs on each side.",
         "",
         f"Machine: {cpu}, {os.cpu_count()} cores (one used); {gov}; scipy {scipy[0]['scipy_version']}; date {date}.",
         "",
         "| case | scipy function | scipy s | housingkit s | ratio | target | same optimum |",
         "|---|---|---:|---:|---:|---:|---|"]
for c in scipy:
    o = ours[c["file"]]
    s = min(o["s"])
    ratio = s / c["scipy_seconds"]
    target = "≤ 1.0" if "sparse" in c["name"] else ("≤ 0.3" if "integer" in c["name"] else "≤ 0.7")
    same = abs(o["total"] - c["scipy_total"]) <= 1e-9 * max(1, abs(c["scipy_total"]))
    lines.append(f"| {c['name']} | {c['scipy_function']} | {c['scipy_seconds']:.4f} | {s:.4f} | {ratio:.2f} | {target} | {'yes' if same else 'NO: %r vs %r' % (o['total'], c['scipy_total'])} |")
lines += ["",
          "Capacitated placement (`go test -bench Capacitated ./matching/assign`, single-threaded",
          "solver, average of the runs): 10,000 households × 1,000 facilities of 1–12 beds,",
          "50 feasible facilities each, integer costs [0,1000), unmatched cost 2000. Gap: cost above",
          "the split relaxation's lower bound (an upper bound on the distance from the optimum).",
          "",
          "| case | seconds | target | gap above lower bound |",
          "|---|---:|---:|---|"]
for l in open(os.path.join(work, "cap.txt")):
    m = re.match(r"BenchmarkCapacitated(\w+?)10000\S*\s+\d+\s+(\d+) ns/op(.*)", l)
    if not m:
        continue
    kind, ns, rest = m.groups()
    metrics = dict((k, float(v)) for v, k in re.findall(r"([\d.]+) (\S+)", rest))
    name = {"Singles": "every household needs 1 bed (exact)",
            "Mixed": "sizes 1 (60%), 2 (20%), 3 (10%), 4 (10%) (heuristic)"}[kind]
    gap = f"{metrics.get('gap%', 0):.2f}%"
    if "relaxpath_gap%" in metrics:
        gap += f" (relaxation-based path, about 2 s: {metrics['relaxpath_gap%']:.2f}%)"
    lines.append(f"| {name} | {int(ns)/1e9:.3f} | < 2 | {gap} |")
section = "\n".join(lines) + "\n"
path = "BENCHMARKS.md"
text = open(path).read() if os.path.exists(path) else "# Benchmarks\n"
if re.search(r"(?m)^## Matching\s*$", text):
    text = re.sub(r"(?ms)^## Matching\s*$.*?(?=^## |\Z)", section + "\n", text).rstrip() + "\n"
else:
    text = text.rstrip() + "\n\n" + section
open(path, "w").write(text)
print(section)
PYEOF
