#!/usr/bin/env bash
# Storage benchmarks side by side, in one run on one server:
#   pgbench TPC-B (scale 16) with 1 and 16 clients, and housingkit's PostgreSQL placements
#   per second with 1 and 16 writers (one transaction each: BenchmarkPlacements),
#   interleaved round by round (pgbench, ours, pgbench, ours, ...) so that both meet the
#   same load on a shared machine; the ratio is the median of the rounds' ratios.
#   Server CPU per transaction for both, the figure the machine's other load distorts
#   least: pgbench's backends sampled from /proc/<pid>/schedstat between the first and the
#   last second of its run (CPU over that window / (window × tps)); ours as
#   BenchmarkPlacements reports it (server-µs/op: its pool's backends, whole run).
#   BenchmarkPlacementsCounted too (a spare unit in each facility, so that every placement
#   counts the beds in use), run right after ours and compared with the same pgbench run.
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
# schedstat's first field: nanoseconds on a CPU.
cpu_ns() { local s=0 a; for p in "$@"; do read -r a _ < "/proc/$p/schedstat" 2>/dev/null && s=$((s + a)); done; echo "$s"; }
# tps CLIENTS: prints "tps server-µs-per-transaction" of one pgbench run.
tps() {
  local app="hkbench$$" out="$WORK/pgbench.out" pids c0 c1 t0 t1 tp
  PGAPPNAME=$app pgbench $PG -n -c "$1" -j "$(( $1 < 2 ? 1 : 2 ))" -T "$T" "$DB" >"$out" 2>&1 &
  local bp=$!
  sleep 1
  pids=$(psql $PG -d postgres -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = '$app' AND backend_type = 'client backend'")
  c0=$(cpu_ns $pids); t0=$(date +%s.%N)
  sleep $(( T > 3 ? T - 2 : 1 ))
  c1=$(cpu_ns $pids); t1=$(date +%s.%N)
  wait $bp
  tp=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out")
  awk -v tp="$tp" -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" 'BEGIN { printf "%s %.0f\n", tp, (c1 - c0) / 1000 / ((t1 - t0) * tp) }'
}
bench_line() { # $1: benchmark pattern, $2: benchtime; prints the benchmark's result line
  (cd adapters/postgres && "$WORK/postgres.test" -test.run '^$' -test.bench "$1" -test.benchtime "$2" 2>&1) | awk '/^Benchmark/ && !n++'
}
metric() { # $1: a result line, $2: metric unit
  echo "$1" | awk -v u="$2" '{ for (i = 2; i <= NF; i++) if ($i == u) print $(i-1) }' | head -n 1
}
ours() { metric "$(bench_line "$1" "$3")" "$2"; } # $1: benchmark pattern, $2: metric unit, $3: benchtime
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
declare -A R S C
echo "Load average at the start: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo
echo "| round | clients | pgbench TPC-B tps | housingkit placements/s | ratio | pgbench server µs/tx | housingkit server µs/placement | housingkit client µs/placement | beds counted: placements/s, ratio, server µs |"
echo "|---|---|---|---|---|---|---|---|---|"
bulks=""
for r in $(seq 1 "$ROUNDS"); do
  for c in 1 16; do
    read -r p ps < <(tps "$c")
    line=$(bench_line "^BenchmarkPlacements\$/^writers=$c\$" "${T}s")
    h=$(metric "$line" placements/s); hs=$(metric "$line" server-µs/op); hc=$(metric "$line" client-µs/op)
    q=$(ratio "$h" "$p")
    R[$c]="${R[$c]:-} $q"
    S[$c]="${S[$c]:-} $(ratio "$ps" "$hs")"
    cl=$(bench_line "^BenchmarkPlacementsCounted\$/^writers=$c\$" "${T}s")
    ch=$(metric "$cl" placements/s)
    C[$c]="${C[$c]:-} $(ratio "$ch" "$p")"
    echo "| $r | $c | $p | $h | $q | $ps | $hs | $hc | $ch, $(ratio "$ch" "$p"), $(metric "$cl" server-µs/op) |"
  done
  bulks="$bulks $(ours '^BenchmarkBulkImport100k$' s/100k-units 1x)"
done
echo
echo "Median ratio (target ≥ 0.8): 1 client $(echo "${R[1]}" | median), 16 clients $(echo "${R[16]}" | median)"
echo "Median ratio with the beds counted (BenchmarkPlacementsCounted): 1 client $(echo "${C[1]}" | median), 16 clients $(echo "${C[16]}" | median)"
echo "Median ratio of server CPU per transaction, pgbench / housingkit: 1 client $(echo "${S[1]}" | median), 16 clients $(echo "${S[16]}" | median)"
echo "Load average at the end: $(cut -d ' ' -f 1-3 /proc/loadavg)"
echo "Bulk import of 100,000 units (PostgreSQL, COPY), seconds per round:$bulks; median $(echo "$bulks" | median) (target < 2 s)"
if grep -qs 'func Benchmark' adapters/sqlite/*_test.go; then
  echo
  echo "SQLite (go test -bench . ./adapters/sqlite):"
  go test ./adapters/sqlite/ -run '^$' -bench . -benchtime "${T}s" -count 1 2>&1 | grep -E '^Benchmark'
fi
