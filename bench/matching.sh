#!/usr/bin/env bash
# Matching benchmark: housingkit's assignment solvers against scipy's on
# identical, seeded matrix files, interleaved in one run (matching.py), the
# capacitated Go benchmarks, and the "## Matching" section of BENCHMARKS.md
# with its rows of the summary table (matching_report.py).
#
# Needs Debian's python3-scipy (apt-get install -y python3-scipy) at
# /usr/bin/python3 and /usr/bin/time. About 25 minutes on a quiet machine
# with 3 seeds, a few hundred MB in $WORK (default /tmp/housingkit-bench);
# NOT part of CI. Run from anywhere:
#     bash bench/matching.sh [SEEDS]          # default 3 (medians over them)
# FAMILIES=uniform,ij SHAPES=2000x2000 SPARSE_SEEDS=10 narrow a run;
# SCIPY_TIMEOUT=120 bounds each scipy solve (reported as "> T", never dropped);
# PARTS=dense or PARTS=sparse runs one part, APPEND=1 adds to the last results,
# SKIP_CAP=1 keeps the last capacitated figures.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${1:-3}"
WORK="${WORK:-/tmp/housingkit-bench}"
mkdir -p "$WORK"
PY=/usr/bin/python3
export PYTHONDONTWRITEBYTECODE=1 # no __pycache__ in bench/

# A static binary, as `go build` makes it on a machine with Go and no C
# compiler (the README's fresh machine): with cgo, the net package links
# the C library dynamically, and loading it adds about 3 ms to each start.
CGO_ENABLED=0 go build -o "$WORK/housingkit" ./cmd/housingkit
# The lean build (no store, server or chart commands) is measured beside it
# as a whole process: the start-up it saves.
CGO_ENABLED=0 go build -tags lean -o "$WORK/housingkit-lean" ./cmd/housingkit
export HK_LEAN="$WORK/housingkit-lean"
export HK_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')"

# APPEND=1 adds to the results of an earlier run (say, the sparse part run
# apart with PARTS=sparse); each line records its commit, time and load.
if [ "${APPEND:-0}" != 1 ]; then : > "$WORK/results.jsonl"; fi
echo "${PARTS:-dense,sparse} cases, ours and scipy's interleaved ($SEEDS seeds)..." >&2
$PY bench/matching.py "$WORK" "$WORK/housingkit" "$SEEDS" "${FAMILIES:-}" "${SHAPES:-}" >> "$WORK/results.jsonl"

# SKIP_CAP=1 keeps the capacitated figures of an earlier run.
if [ "${SKIP_CAP:-0}" != 1 ] || [ ! -s "$WORK/cap.txt" ]; then
  echo "capacitated (go test -bench)..." >&2
  go test -run '^$' -bench 'Capacitated' -benchtime 3x ./matching/assign > "$WORK/cap.txt"
fi

PYTHONPATH=bench $PY bench/matching_report.py "$WORK/results.jsonl" "$WORK/cap.txt" BENCHMARKS.md
