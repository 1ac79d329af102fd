#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time (FUZZTIME, 3s by
# default) with -fuzzminimizetime=0, which avoids the stall seen after the
# seed corpus. Targets are discovered, not listed: every package with a
# Fuzz function in a test file, every target `go test -list '^Fuzz'` names
# there, so a new target is run without editing this script. A failure
# prints the input the fuzzer wrote to the package's testdata/fuzz: fix the
# bug and commit that input with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-3s}"
packages=$(git grep -l '^func Fuzz' -- '*_test.go' | xargs -n1 dirname | sort -u | sed 's|^|./|')
total=0 failed=0
start=$SECONDS
for pkg in $packages; do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    total=$((total + 1))
    t0=$SECONDS
    if out=$(go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime=0 -parallel 2 2>&1); then
      echo "ok    $pkg $target ($((SECONDS - t0))s)"
    else
      failed=$((failed + 1))
      echo "FAIL  $pkg $target"
      echo "$out" | tail -30
    fi
  done
done
echo "$total fuzz targets, $failed failed, $((SECONDS - start))s"
[ "$failed" -eq 0 ]
