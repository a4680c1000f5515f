#!/usr/bin/env bash
# A void under load (issue 23's targets: its result <= 1 s after arrival, no other event's result
# delayed > 250 ms), with 2M players' capacity and the void's target 1M events back. Setup (once,
# shared lock is enough): a journal of EVENTS synthetic events over PLAYERS players, and the same
# events as NDJSON to find a goal 1M ordinals before the end. Measured (exclusive lock):
#   flock -x /tmp/cpu.lock perf/void-latency.sh [DIR] [EVENTS] [PLAYERS]
# SERVE_ARGS adds serve options (e.g. --undo-events 0: the void scores again from ordinal 0).
# The service (CPU 0) recovers the journal; the load generator (CPU 1) sends 18k events/s for 30 s;
# 12 s in, a void of that goal is POSTed and timed (curl: request sent -> result line back). Prints
# the void's result, its round trip, the load generator's summary (max = the pause other events saw)
# and the void metrics.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:-/tmp/voidbench}"; events="${2:-4000000}"; players="${3:-2000000}"; port=18091
if [[ ! -f "$dir/ready" ]]; then
  rm -rf "$dir"; mkdir -p "$dir"
  bin/scorer generate --events "$events" --players "$players" --journal "$dir/journal"
  bin/scorer generate --events "$events" --players "$players" --out "$dir/events.ndjson"
  # The last accepted-looking goal at least 1M lines before the end: its seq (match seqs only rise).
  awk -v limit=$((events - 1000000)) 'NR <= limit && /"match_event"/ && /"goal"/ { line = NR; s = $0 }
    END { match(s, /"seq":[0-9]+/); print line - 1, substr(s, RSTART + 6, RLENGTH - 6) }' "$dir/events.ndjson" > "$dir/target"
  rm "$dir/events.ndjson"
  touch "$dir/ready"
fi
read -r target_ordinal target_seq < "$dir/target"
echo "target: goal seq $target_seq at ordinal $target_ordinal of $events journaled"
rm -rf "$dir/run"; cp -r "$dir/journal" "$dir/run"
JAVA_OPTS="-Dscoreline.voids.warmup=${VOID_WARMUP:-true} ${JAVA_OPTS:-}" bin/scorer serve --cpus 0 --journal "$dir/run" --port "$port" --players "$players" --snapshot-interval 0 ${SERVE_ARGS:-} > "$dir/serve.log" 2>&1 &
pid=$!
trap 'kill -9 $pid 2> /dev/null || true' EXIT
until curl -sf "http://127.0.0.1:$port/health" > /dev/null 2>&1; do sleep 0.2; done
(
  sleep 12
  curl -s -o "$dir/void.result" -w '%{time_total}\n' -X POST --data-binary \
    "{\"type\":\"match_event\",\"seq\":1000000000000,\"ts\":1,\"player\":0,\"kind\":\"void\",\"voids\":$target_seq}" \
    "http://127.0.0.1:$port/events" > "$dir/void.seconds"
) &
poster=$!
echo "load: $(bin/scorer loadgen --cpus 1 --url "ws://127.0.0.1:$port/ws" --rate 18000 --duration 30 --connections 50 \
  --batch 1 --players "$players" --warmup 3 --out "$dir/load" 2>&1 | tail -1)"
wait "$poster"
echo "void: $(cat "$dir/void.result") round trip $(cat "$dir/void.seconds") s"
curl -s "http://127.0.0.1:$port/metrics" | grep -E '^scoreline_(voids_applied_total|events_rescored_total|undo_log_bytes)'
grep -h 'void:' "$dir/serve.log" || true
