#!/usr/bin/env bash
# Restart to healthy after kill -9 with the whole journal kept and a snapshot before its last 100k
# events (issue 22: the journal's open walks only the files after the snapshot). Needs the data of
# perf/restart.sh (generated there once). BASELINE=/other/tree alternates with that tree's bin/scorer
# (built), for a before/after in one run; ALSO="serve options" adds a start of this tree with them to
# each round (ALSO="--jit-warmup 0": what the JIT warm-up before listening costs). Under the CPU lock:
#   flock -x /tmp/cpu.lock perf/restart-retained.sh [DIR] [ROUNDS]
# Each start prints its time to the first /health 200 and its phases, in ms from the launch, from the
# service's log lines (stamped on arrival) and -Xlog: the JVM created (heap pre-touch included), the
# server built (state allocated, journal opened), the snapshot checked and loaded, the replay of the
# tail, the JIT warm-up, the heap settled; then the GC pauses' sum.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/snapbench}"; rounds="${2:-3}"; capacity=2000000; port=18089
[[ -f "$dir/ready" ]] || { echo "restart-retained: no data in $dir: run perf/restart.sh first" >&2; exit 2; }
# One line a log record, stamped with the milliseconds since the launch as it arrives.
logs="-Djava.util.logging.SimpleFormatter.format=%4\$s:%5\$s%6\$s%n -Xlog:startuptime -Xlog:gc:file=$dir/gc.log"
stamp() { T0="$1" perl -MTime::HiRes=time -ne 'BEGIN { $| = 1 } printf "%d %s", (time() - $ENV{T0} / 1e9) * 1000, $_'; }
phases() # the stamped log: one "name=ms" per phase reached
{
  awk '/Create VM/ {p = p " jvm=" $1} /pipeline: topology/ {p = p " built=" $1} /checked in/ {p = p " checked=" $1}
       /snapshot: loaded/ {p = p " loaded=" $1} /recovery: journal replay/ {p = p " replayed=" $1}
       /JIT warm-up,/ {p = p " warmup-done=" $1} /heap settled/ {p = p " settled=" $1} END {print p}' "$1"
}
start() { # $1 = label, $2 = bin/scorer to run, then serve options
  local t0 pid label="$1" scorer="$2"
  shift 2
  rm -f "$dir/gc.log"
  t0=$(date +%s%N)
  JAVA_OPTS="${JAVA_OPTS:-} $logs" "$scorer" serve --journal "$dir/journal" --port "$port" --players "$capacity" \
    --snapshot-interval 0 "$@" > >(stamp "$t0" > "$dir/serve.log") 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1; do sleep 0.02; done
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  echo "$label ms=$ms phases:$(phases "$dir/serve.log") gc-pauses-ms=$(awk '/Pause/ {sub("ms", "", $NF); s += $NF; n++} END {printf "%d (%d, full: %d)", s, n, f} /Pause Full/ {f++}' "$dir/gc.log")"
  grep -h -o 'JIT warm-up.*\|snapshot: loaded.*\|recovery: .*\|torn tail.*' "$dir/serve.log" | sed 's/^/    /'
  kill -9 "$pid"; wait "$pid" 2> /dev/null || true
}
start warmup bin/scorer > /dev/null # the journal's pages in the page cache for every measured start alike
for round in $(seq 1 "$rounds"); do
  [[ -z "${BASELINE:-}" ]] || start "baseline" "$BASELINE/bin/scorer"
  start "this-tree" bin/scorer
  [[ -z "${ALSO:-}" ]] || start "this-tree $ALSO" bin/scorer $ALSO
done
