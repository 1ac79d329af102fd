#!/usr/bin/env bash
# Runs every fuzz target of the module for a short time (FUZZTIME, 3s by
# default) with -fuzzminimizetime=0, which avoids the stall seen after the
# seed corpus. Targets are discovered, not listed: every package with a
# Fuzz function in a test file, every target `go test -list '^Fuzz'` names
# there, so a new target is run without editing this script. A failure
# prints the input the fuzzer wrote to the package's testdata/fuzz: fix the
# bug and commit that input with the fix.
#
# Go's fuzzing coordinator has a race at the -fuzztime boundary: the target
# can fail with only "context deadline exceeded", having found nothing and
# written no input (seen in CI here on 2 of 37 targets in one run; see
# luthersystems/elps#335 for the mechanism in internal/fuzz). Such a run is
# repeated, at most twice; any other failure, or a run that wrote an input,
# fails at once.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-3s}"
packages=$(git grep -l '^func Fuzz' -- '*_test.go' | xargs -n1 dirname | sort -u | sed 's|^|./|')
total=0 failed=0 repeated=0
start=$SECONDS

# coordinator_race reports whether output is the deadline race: the fuzzer's
# own error line and nothing written.
coordinator_race() {
  grep -q '^    context deadline exceeded$' <<<"$1" && ! grep -q 'Failing input written' <<<"$1"
}

for pkg in $packages; do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    total=$((total + 1))
    t0=$SECONDS
    for attempt in 1 2 3; do
      if out=$(go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" -fuzzminimizetime=0 -parallel 2 2>&1); then
        status=ok
        break
      fi
      status=FAIL
      if [ "$attempt" -lt 3 ] && coordinator_race "$out"; then
        repeated=$((repeated + 1))
        echo "again $pkg $target (attempt $attempt ended at the -fuzztime deadline with no input written)"
        continue
      fi
      break
    done
    if [ "$status" = ok ]; then
      echo "ok    $pkg $target ($((SECONDS - t0))s)"
    else
      failed=$((failed + 1))
      echo "FAIL  $pkg $target"
      echo "$out" | tail -30
    fi
  done
done
echo "$total fuzz targets, $failed failed, $repeated repeated after the deadline race, $((SECONDS - start))s"
[ "$failed" -eq 0 ]
