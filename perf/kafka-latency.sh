#!/usr/bin/env bash
# Result latency at RATE events/s, journal-only mode and Kafka mode (acks=all, local single-node
# broker) alternating in one run, and the follower's lag in Kafka mode. Run under the CPU lock:
#
#   flock /tmp/cpu.lock perf/kafka-latency.sh RATE SECONDS ROUNDS [serve options...]
#
# Each round runs journal then kafka. Kafka mode: a primary (serve --kafka, fresh topic per round)
# and a follower (serve --kafka --follow); its lag is read from its /metrics over the measured
# seconds. The broker runs through every round (idle in journal mode). Placement from the
# environment: SERVE_CPUS (0) for the primary or journal node, LOAD_CPUS (1) for the load
# generator, OTHER_CPUS (empty: unpinned) for the broker and the follower. MODES ("journal kafka"), WARMUP (10 s),
# CONNECTIONS (100), BATCH (1), PLAYERS (100000).
set -euo pipefail
rate=$1; seconds=$2; rounds=$3; shift 3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"; other_cpus="${OTHER_CPUS-}"
warmup="${WARMUP:-10}"; connections="${CONNECTIONS:-100}"; batch="${BATCH:-1}"; players="${PLAYERS:-100000}"
port=18198; fport=18199; kport=19592
dir="$(mktemp -d)"
pids=()
stop_nodes() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done; pids=(); }
cleanup() { stop_nodes; "$here/bin/kafka-local" stop --dir "$dir/kafka" > /dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
pin() { if [[ -n "$1" ]]; then echo "taskset -c $1"; fi; }

$(pin "$other_cpus") "$here/bin/kafka-local" start --port "$kport" --dir "$dir/kafka" > /dev/null
await() # port, health body pattern
{
  for _ in $(seq 1 240); do curl -s "localhost:$1/health" | grep -q "$2" && return 0; sleep 0.25; done
  echo "no '$2' on port $1" >&2; return 1
}
quantiles() { curl -s "localhost:$1/metrics" | grep -E "^$2\{quantile=\"0\.(5|99|999)\"\}|^$2\{quantile=\"1.0\"\}" | sed 's/^/    /'; }

for round in $(seq 1 "$rounds"); do
  for mode in ${MODES:-journal kafka}; do
    if [[ "$mode" == journal ]]; then
      "$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --players "$players" \
        --journal "$dir/journal-$round" "$@" > "$dir/serve.log" 2>&1 &
      pids+=($!)
      await "$port" '"status":"ok"'
    else
      topic="bench-$round"
      "$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --players "$players" \
        --kafka "127.0.0.1:$kport" --topic "$topic" "$@" > "$dir/serve.log" 2>&1 &
      pids+=($!)
      await "$port" '"role":"primary"'
      $(pin "$other_cpus") "$here/bin/scorer" serve --port "$fport" --players "$players" \
        --kafka "127.0.0.1:$kport" --topic "$topic" --follow > "$dir/follow.log" 2>&1 &
      pids+=($!)
      await "$fport" '"role":"follower"'
      (sleep "$warmup"; curl -s "localhost:$fport/metrics" > /dev/null) & # the lag quantiles then cover the measured part
    fi
    threads() { for t in /proc/$1/task/*; do echo "$(basename "$t") $(awk '{print $14 + $15}' "$t/stat") $(tr ' ' '_' < "$t/comm")"; done | sort; }
    threads "${pids[0]}" > "$dir/t0"
    "$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
      --duration "$seconds" --warmup "$warmup" --connections "$connections" --batch "$batch" --players "$players" > "$dir/load.log" 2>&1
    echo "round $round, $mode: $(tail -1 "$dir/load.log")"
    threads "${pids[0]}" > "$dir/t1"
    echo "  busiest threads of the primary, CPU ticks (1/100 s) over warm-up and load: $(join "$dir/t0" "$dir/t1" | awk '{d = $4 - $2; if (d > 0) print d, $3}' | sort -rn | head -5 | tr '\n' ' ')"
    echo "  server-side result latency (last 10 s), seconds:"
    quantiles "$port" scoreline_result_latency_seconds
    if [[ "$mode" == kafka ]]; then
      echo "  follower lag (measured part), seconds; records: $(curl -s "localhost:$port/metrics" | sed -n 's/^scoreline_log_records_total //p'), events appended: $(curl -s "localhost:$port/metrics" | sed -n 's/^scoreline_log_appended_events_total //p')"
      quantiles "$fport" scoreline_log_lag_seconds
    fi
    stop_nodes
  done
done
