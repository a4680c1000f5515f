#!/usr/bin/env bash
# Restart to healthy after kill -9 with the whole journal kept and a snapshot before its last 100k
# events (issue 22: the journal's open walks only the files after the snapshot). Needs the data of
# perf/restart.sh (generated there once). BASELINE=/other/tree alternates with that tree's bin/scorer
# (built), for a before/after in one run; ALSO="serve options" adds a start of this tree with them to
# each round (ALSO="--jit-warmup 0": what the JIT warm-up before listening costs). Under the CPU lock:
#   flock -x /tmp/cpu.lock perf/restart-retained.sh [DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/snapbench}"; rounds="${2:-3}"; capacity=2000000; port=18089
[[ -f "$dir/ready" ]] || { echo "restart-retained: no data in $dir: run perf/restart.sh first" >&2; exit 2; }
start() { # $1 = label, $2 = bin/scorer to run, then serve options
  local t0 pid label="$1" scorer="$2"
  shift 2
  t0=$(date +%s%N)
  "$scorer" serve --journal "$dir/journal" --port "$port" --players "$capacity" --snapshot-interval 0 "$@" > "$dir/serve.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1; do sleep 0.02; done
  echo "$label ms=$(( ($(date +%s%N) - t0) / 1000000 )) $(grep -h -o 'JIT warm-up.*\|snapshot: loaded.*\|torn tail.*' "$dir/serve.log" | tr '\n' ' ')"
  kill -9 "$pid"; wait "$pid" 2> /dev/null || true
}
start warmup bin/scorer > /dev/null # the journal's pages in the page cache for every measured start alike
for round in $(seq 1 "$rounds"); do
  [[ -z "${BASELINE:-}" ]] || start "baseline" "$BASELINE/bin/scorer"
  start "this-tree" bin/scorer
  [[ -z "${ALSO:-}" ]] || start "this-tree $ALSO" bin/scorer $ALSO
done
