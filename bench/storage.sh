#!/usr/bin/env bash
# Storage benchmarks side by side, in one run on one server:
#   pgbench TPC-B (scale 16: one branch per client at most) with 1 and 16 clients,
#   housingkit's PostgreSQL placements per second with 1 and 16 writers (one transaction
#   each), bulk import of 100,000 units (COPY), and the SQLite adapter's benchmarks when
#   adapters/sqlite has them.
# Usage: bash bench/storage.sh [SECONDS]   (default 10 per pgbench run)
# Needs PostgreSQL on 127.0.0.1:5432 (bash .ci/postgres.sh starts it) and pgbench.
set -euo pipefail
cd "$(dirname "$0")/.."
T=${1:-10}
export HOUSINGKIT_POSTGRES_URL="${HOUSINGKIT_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
bash .ci/postgres.sh >/dev/null
PG="-h 127.0.0.1 -U postgres"
DB=hk_pgbench
psql $PG -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
trap 'psql $PG -d postgres -qc "DROP DATABASE IF EXISTS $DB"' EXIT
pgbench $PG -i -q -s 16 "$DB" >/dev/null 2>&1
tps() { pgbench $PG -n -c "$1" -j "$(( $1 < 2 ? 1 : 2 ))" -T "$T" "$DB" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p'; }
pg1=$(tps 1)
pg16=$(tps 16)
out=$(go test ./adapters/postgres/ -run '^$' -bench 'BenchmarkPlacements|BenchmarkBulkImport100k' -benchtime "${T}s" -count 1 2>&1)
echo "$out" | grep -E '^Benchmark' >&2
metric() { echo "$out" | awk -v b="$1" -v u="$2" '$1 ~ b { for (i = 2; i <= NF; i++) if ($i == u) print $(i-1) }' | head -n 1; }
hk1=$(metric 'Placements/writers=1-' placements/s)
hk16=$(metric 'Placements/writers=16-' placements/s)
bulk=$(metric 'BulkImport100k' s/100k-units)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "| clients | pgbench TPC-B tps | housingkit placements/s | ratio (target ≥ 0.8) |"
echo "|---|---|---|---|"
echo "| 1 | $pg1 | $hk1 | $(ratio "$hk1" "$pg1") |"
echo "| 16 | $pg16 | $hk16 | $(ratio "$hk16" "$pg16") |"
echo
echo "Bulk import of 100,000 units (PostgreSQL, COPY): ${bulk} s (target < 2 s)"
if grep -qs 'func Benchmark' adapters/sqlite/*_test.go; then
  echo
  echo "SQLite (go test -bench . ./adapters/sqlite):"
  go test ./adapters/sqlite/ -run '^$' -bench . -benchtime "${T}s" -count 1 2>&1 | grep -E '^Benchmark'
fi
