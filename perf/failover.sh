#!/usr/bin/env bash
# Failover under load (issue 22 item 4): a primary taking RATE events/s is kill -9'd, the follower
# is promoted at once by POST /admin/promote, and a probe posts one new event to the follower
# every few ms from the kill on. Prints, per round, the times from the kill to the promotion
# request, to its answer (with the node's own fenceMs and catchUpMs) and to the first event the new
# primary answered (HTTP 200 with its result), then RATE events/s on the new primary for
# AFTER seconds (its load generator line). Run under the CPU lock:
#
#   flock -x /tmp/cpu.lock perf/failover.sh RATE ROUNDS [serve options...]
#
# Placement as perf/kafka-latency.sh: SERVE_CPUS (0) for the primary, LOAD_CPUS (1) for the load
# generator, OTHER_CPUS (empty: unpinned) for the broker and the follower. BROKERS (1) nodes of
# bin/kafka-local; WARMUP (10 s) of load before the kill; AFTER (10 s, 0: none); CONNECTIONS (100);
# PLAYERS (100000, the load's; the probe joins players above them, so each of its events is new).
set -euo pipefail
rate=$1; rounds=$2; shift 2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"; other_cpus="${OTHER_CPUS-}"
warmup="${WARMUP:-10}"; after="${AFTER:-10}"; connections="${CONNECTIONS:-100}"; players="${PLAYERS:-100000}"
brokers="${BROKERS:-1}"
port=18198; fport=18199; kport=19592
dir="$(mktemp -d)"
pids=()
stop_nodes() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done; pids=(); }
cleanup() { stop_nodes; "$here/bin/kafka-local" stop --dir "$dir/kafka" > /dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
pin() { if [[ -n "$1" ]]; then echo "taskset -c $1"; fi; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
await() # port, health body pattern
{
  for _ in $(seq 1 240); do curl -s "localhost:$1/health" | grep -q "$2" && return 0; sleep 0.25; done
  echo "no '$2' on port $1" >&2; return 1
}

bootstrap="$($(pin "$other_cpus") "$here/bin/kafka-local" start --port "$kport" --brokers "$brokers" --dir "$dir/kafka" | tail -1)"
capacity=$((players + 100000))
probe_player=$((players + 1))

for round in $(seq 1 "$rounds"); do
  topic="failover-$round"
  "$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --players "$capacity" \
    --kafka "$bootstrap" --topic "$topic" "$@" > "$dir/primary.log" 2>&1 &
  primary=$!
  pids+=("$primary")
  await "$port" '"role":"primary"'
  $(pin "$other_cpus") "$here/bin/scorer" serve --port "$fport" --players "$capacity" \
    --kafka "$bootstrap" --topic "$topic" --follow "$@" > "$dir/follower.log" 2>&1 &
  pids+=($!)
  await "$fport" '"role":"follower"'
  # The load runs past the kill; its connections then fail, which is expected.
  "$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
    --duration 60 --warmup 1 --connections "$connections" --batch 1 --players "$players" > "$dir/load.log" 2>&1 &
  load=$!
  sleep "$warmup"
  before="$(curl -s "localhost:$port/metrics" | sed -n 's/^scoreline_log_committed_ordinal //p')"
  kill -9 "$primary"
  killed=$(now_ms)
  curl -s -X POST "localhost:$fport/admin/promote" > "$dir/promote.json" &
  promote=$!
  requested=$(now_ms)
  first=""
  while [[ -z "$first" ]]; do
    body="$(curl -s --max-time 2 -w ' %{http_code}' -X POST --data-binary \
      "{\"type\":\"join\",\"seq\":1,\"ts\":1750110000000,\"player\":$probe_player,\"team\":7}" "localhost:$fport/events" || true)"
    if [[ "$body" == *" 200" && "$body" == *"\"player\":$probe_player"* ]]; then first=$(now_ms); fi
    probe_player=$((probe_player + 1))
    (( $(now_ms) - killed < 60000 )) || { echo "round $round: no answer from the new primary 60 s after the kill" >&2; exit 1; }
  done
  wait "$promote"
  answered=$(now_ms)
  kill "$load" 2> /dev/null || true; wait "$load" 2> /dev/null || true
  echo "round $round: kill -> promote requested $((requested - killed)) ms, -> first event answered by the new primary" \
    "$((first - killed)) ms ($((first - requested)) ms after the request); promote answer: $(cat "$dir/promote.json")" \
    "(by $((answered - killed)) ms); the old primary's gate about 0-1 scrape before the kill: ordinal ${before:-?}"
  if (( after > 0 )); then
    "$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$fport/ws" --rate "$rate" \
      --duration "$after" --warmup 2 --connections "$connections" --batch 1 --players "$players" > "$dir/load2.log" 2>&1
    echo "  then $rate events/s on the new primary: $(tail -1 "$dir/load2.log")"
  fi
  stop_nodes
done
