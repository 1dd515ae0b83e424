#!/bin/bash
# Records a JFR profile of a running JVM (Tern) and prints where its CPU and allocations go.
#   bench/profile.sh PID [SECONDS] [OUT.jfr]
# Start load first (e.g. `tern-bench.jar run --scenarios one-to-one ...`), then run this.
set -euo pipefail
PID=$1; SECS=${2:-30}; OUT=${3:-/tmp/tern-profile-$PID.jfr}
jcmd "$PID" JFR.start name=bench settings=profile duration="${SECS}s" filename="$OUT" >/dev/null
sleep "$((SECS + 3))"
top() {   # top N frames of an event type, self (top frame)
  jfr print --events "$1" --stack-depth 1 "$OUT" | grep -A1 'stackTrace = \[' | grep -v 'stackTrace = \[\|^--$' \
    | sed 's/line:.*//; s/^ *//' | sort | uniq -c | sort -rn | head -"$2"
}
total=$(jfr print --events jdk.ExecutionSample "$OUT" | grep -c 'jdk.ExecutionSample' || true)
echo "== CPU samples: $total; top frames (self)"
top jdk.ExecutionSample 25
echo "== CPU by package of the top frame"
jfr print --events jdk.ExecutionSample --stack-depth 1 "$OUT" | grep -A1 'stackTrace = \[' | grep -v 'stackTrace = \[\|^--$' \
  | sed 's/^ *//; s/\.[A-Za-z0-9_$]*\.[A-Za-z0-9_$<>]*(.*//' | sort | uniq -c | sort -rn | head -15
echo "== allocation samples: top frames"
top jdk.ObjectAllocationSample 15
echo "== GC"
jfr summary "$OUT" | grep -E 'GarbageCollection|GCHeapSummary|ExecutionSample|ObjectAllocationSample' || true
jfr print --events jdk.GarbageCollection "$OUT" | grep -E 'sumOfPauses' | awk '{s+=$3; n++} END {if (n) printf "GC pauses: %d, total %.1f ms\n", n, s}'
echo "profile: $OUT"
