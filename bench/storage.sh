#!/usr/bin/env bash
# Storage benchmarks side by side, in one run on one server:
#   pgbench TPC-B (scale 16) with 1 and 16 clients, and housingkit's PostgreSQL placements
#   per second with 1 and 16 writers (one transaction each: BenchmarkPlacements),
#   interleaved round by round (pgbench, ours, pgbench, ours, ...) so that both meet the
#   same load on a shared machine; the ratio is the median of the rounds' ratios.
#   Bulk import of 100,000 units (COPY: BenchmarkBulkImport100k), once per round.
#   The SQLite adapter's benchmarks too, when adapters/sqlite has them.
# Usage: bash bench/storage.sh [SECONDS] [ROUNDS]   (defaults 5 and 3)
# Needs PostgreSQL on 127.0.0.1:5432 (bash .ci/postgres.sh starts it) and pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-5}
ROUNDS=${2:-3}
export HOUSINGKIT_POSTGRES_URL="${HOUSINGKIT_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
bash .ci/postgres.sh >/dev/null
WORK=$(mktemp -d)
PG="-h 127.0.0.1 -U postgres"
DB=hk_pgbench
cleanup() { psql $PG -d postgres -qc "DROP DATABASE IF EXISTS $DB" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
psql $PG -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" 2>/dev/null
pgbench $PG -i -q -s 16 "$DB" >/dev/null 2>&1
psql $PG -d "$DB" -qc CHECKPOINT   # so that no run pays for the initialisation's checkpoint
go test -c -o "$WORK/postgres.test" ./adapters/postgres
tps() { pgbench $PG -n -c "$1" -j "$(( $1 < 2 ? 1 : 2 ))" -T "$T" "$DB" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p'; }
ours() { # $1: benchmark pattern, $2: metric unit
  (cd adapters/postgres && "$WORK/postgres.test" -test.run '^$' -test.bench "$1" -test.benchtime "$3" 2>&1) |
    awk -v u="$2" '/^Benchmark/ { for (i = 2; i <= NF; i++) if ($i == u) print $(i-1) }' | head -n 1
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A R
echo "| round | clients | pgbench TPC-B tps | housingkit placements/s | ratio |"
echo "|---|---|---|---|---|"
bulks=""
for r in $(seq 1 "$ROUNDS"); do
  for c in 1 16; do
    p=$(tps "$c")
    h=$(ours "BenchmarkPlacements/writers=$c\$" placements/s "${T}s")
    q=$(ratio "$h" "$p")
    R[$c]="${R[$c]:-} $q"
    echo "| $r | $c | $p | $h | $q |"
  done
  bulks="$bulks $(ours 'BenchmarkBulkImport100k' s/100k-units 1x)"
done
echo
echo "Median ratio (target ≥ 0.8): 1 client $(echo "${R[1]}" | median), 16 clients $(echo "${R[16]}" | median)"
echo "Bulk import of 100,000 units (PostgreSQL, COPY), seconds per round:$bulks; median $(echo "$bulks" | median) (target < 2 s)"
if grep -qs 'func Benchmark' adapters/sqlite/*_test.go; then
  echo
  echo "SQLite (go test -bench . ./adapters/sqlite):"
  go test ./adapters/sqlite/ -run '^$' -bench . -benchtime "${T}s" -count 1 2>&1 | grep -E '^Benchmark'
fi
