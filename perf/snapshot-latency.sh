#!/usr/bin/env bash
# Result latency at 20k events/s with and without snapshots being taken (issue 10: p99.9 <= 10 ms,
# no event waits > 50 ms). Service on CPU 0 restored from perf/restart.sh's journal (1M players),
# load generator on CPU 1. Variant "snap" posts /admin/snapshot every 4 s during the measured
# window; "none" does not. Run under the CPU lock: flock /tmp/cpu.lock perf/snapshot-latency.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/snapbench}"; port=18090
bin/scorer serve --cpus 0 --journal "$dir/journal" --port "$port" --players 2000000 --snapshot-interval 0 \
  --snapshot-dir "$dir/latency-snapshots" > "$dir/latency-serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2> /dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1; do sleep 0.1; done
for variant in snap none snap none; do
  if [[ "$variant" == snap ]]; then
    ( sleep 3; for i in 1 2 3 4 5; do curl -s -X POST "http://127.0.0.1:$port/admin/snapshot"; echo; sleep 4; done ) > "$dir/latency-admin.log" &
    poster=$!
  fi
  echo "$variant: $(bin/scorer loadgen --cpus 1 --url "ws://127.0.0.1:$port/ws" --rate 20000 --duration 20 --connections 50 \
    --batch 1 --players 1000000 --warmup 3 2>&1 | tail -1)"
  if [[ "$variant" == snap ]]; then wait "$poster"; echo "  snapshots: $(tr '\n' ' ' < "$dir/latency-admin.log")"; fi
done
