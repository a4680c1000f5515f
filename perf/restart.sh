#!/usr/bin/env bash
# Restart to healthy after kill -9, with and without a snapshot (issue 10's target: <= 5 s, JVM start
# included, 10M events journaled and a snapshot before the last 100k). Run under the CPU lock:
#   flock /tmp/cpu.lock perf/restart.sh [DIR] [EVENTS] [PLAYERS] [CAPACITY]
# Prints one line per start: variant, ms from launch to /health 200, and the service's own log lines.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/snapbench}"; events="${2:-10000000}"; players="${3:-1000000}"; capacity="${4:-2000000}"
port=18089
cut=$((events - 100000))
if [[ ! -f "$dir/ready" ]]; then
  rm -rf "$dir"; mkdir -p "$dir"
  bin/scorer generate --events "$events" --players "$players" --journal "$dir/journal"
  bin/scorer generate --events "$cut" --players "$players" --journal "$dir/prefix"
  bin/scorer snapshot --journal "$dir/prefix" --players "$capacity" \
    --out "$dir/journal/snapshots/snapshot-$(printf %019d "$cut").snap"
  rm -rf "$dir/prefix"
  touch "$dir/ready"
fi

start() { # $1 = label; starts, waits for /health 200, prints the time, leaves $pid running
  local t0 t1
  t0=$(date +%s%N)
  bin/scorer serve --journal "$dir/journal" --port "$port" --players "$capacity" --snapshot-interval 0 > "$dir/serve.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1; do sleep 0.02; done
  t1=$(date +%s%N)
  echo "$1 ms=$(( (t1 - t0) / 1000000 )) $(grep -h -o 'snapshot: loaded.*\|heap settled.*\|listening on.*' "$dir/serve.log" | tr '\n' ' ')"
}
stop9() { kill -9 "$pid"; wait "$pid" 2> /dev/null || true; }

start warmup; stop9 # the journal's pages are in the page cache for every measured start alike
for round in 1 2; do
  start "snapshot+tail"; stop9
  mv "$dir/journal/snapshots" "$dir/snapshots.off"
  start "full-journal"; stop9
  mv "$dir/snapshots.off" "$dir/journal/snapshots"
done
