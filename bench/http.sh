#!/usr/bin/env bash
# Load of the reference HTTP service on loopback (see bench/httpload): 50
# clients for 10 s on /v1/evaluate, the cost of an overlay in the request,
# and one batch of 50,000 households. Bounded: it stops by itself (about a
# minute) and never leaves a process behind. Run from the repository root:
#
#   bash bench/http.sh                 # the service in process, memory store
#   ADDR=127.0.0.1:8080 TOKEN=… bash bench/http.sh   # a running `housingkit serve`
#
# Paste its output into the HTTP section of BENCHMARKS.md with the machine
# and whether it was shared.
set -euo pipefail
cd "$(dirname "$0")/.."
args=(-clients "${CLIENTS:-50}" -duration "${DURATION:-10s}" -rounds "${ROUNDS:-3}" -batch "${BATCH:-50000}")
if [[ -n "${ADDR:-}" ]]; then
  args+=(-addr "$ADDR" -token "${TOKEN:-}")
fi
go build -o /tmp/housingkit-httpload ./bench/httpload
trap 'rm -f /tmp/housingkit-httpload' EXIT
timeout 300 /tmp/housingkit-httpload "${args[@]}"
