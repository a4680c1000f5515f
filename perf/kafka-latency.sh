#!/usr/bin/env bash
# Result latency at RATE events/s, journal-only mode and Kafka mode (acks=all, local single-node
# broker) alternating in one run, the follower's lag in Kafka mode, and the broker's own latency
# (Kafka's ProducerPerformance at the same rate and placement) as the baseline. Run under the CPU lock:
#
#   flock /tmp/cpu.lock perf/kafka-latency.sh RATE SECONDS ROUNDS [serve options...]
#
# Each round runs journal then kafka. Kafka mode: a primary (serve --kafka, fresh topic per round)
# and a follower (serve --kafka --follow); its lag is read from its /metrics over the measured
# seconds. The broker runs through every round (idle in journal mode). Placement from the
# environment: SERVE_CPUS (0) for the primary or journal node, LOAD_CPUS (1) for the load
# generator and ProducerPerformance, OTHER_CPUS (empty: unpinned) for the broker and the follower.
# MODES ("broker journal kafka"), WARMUP (10 s), CONNECTIONS (100), BATCH (1), PLAYERS (100000).
# A mode kafka:OPT,OPT... runs Kafka mode with those serve options added to the primary and the
# follower (commas between them), so designs alternate in one run:
# MODES="broker kafka:--append-in-flight=2 kafka:--append-in-flight=0". An option of the form -DNAME=V
# goes to the primary's JVM instead (JAVA_OPTS): kafka:-Dscoreline.append.wake=ack. An option io@CPUS
# moves the primary's Kafka threads (the producer's network thread and the appender) to CPUS once it
# is primary (taskset per thread; the rest of the JVM stays on SERVE_CPUS): kafka:io@1.
# Kafka mode also prints where the primary's append time goes, per event (scoreline_log_append_stage_seconds:
# sink, queued, produce, answer), and every mode the flush wait (scoreline_result_flush_wait_seconds).
# SAVE_METRICS=PREFIX keeps each node's /metrics page after the load as PREFIX-ROUND-MODE.txt.
# broker: ProducerPerformance, 120-byte records (an event line's size), acks=all, idempotent,
# linger.ms=1, WARMUP s of records then SECONDS s measured, on a fresh topic per round.
# Server-side figures are the service's 10 s window (scoreline_result_latency_window_seconds):
# with SECONDS >= 10 it lies inside the measured part. Every line is parsed by
# perf/metrics-quantiles.sh and perf/producer-perf-summary.sh (KafkaLatencyParsingTest).
set -euo pipefail
rate=$1; seconds=$2; rounds=$3; shift 3
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"; other_cpus="${OTHER_CPUS-}"
warmup="${WARMUP:-10}"; connections="${CONNECTIONS:-100}"; batch="${BATCH:-1}"; players="${PLAYERS:-100000}"
port=18198; fport=18199; kport=19592
dir="$(mktemp -d)"
pids=()
variant=0
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
quantiles() { curl -s "localhost:$1/metrics" | "$here/perf/metrics-quantiles.sh" "$2"; }
kafka_class() { "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$(cat "$here/replication/broker/target/classpath")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=error "$@"; }
producer_perf() # topic records
{
  $(pin "$load_cpus") "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$(cat "$here/replication/broker/target/classpath")" \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=error org.apache.kafka.tools.ProducerPerformance \
    --topic "$1" --num-records "$2" --record-size 120 --throughput "$rate" --producer-props \
    "bootstrap.servers=127.0.0.1:$kport" acks=all enable.idempotence=true linger.ms=1
}

for round in $(seq 1 "$rounds"); do
  for mode in ${MODES:-broker journal kafka}; do
    if [[ "$mode" == broker ]]; then
      topic="perf-$round"
      kafka_class org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$kport" --create --topic "$topic" \
        --partitions 1 --replication-factor 1 > /dev/null
      producer_perf "$topic" $((rate * warmup)) > /dev/null
      echo "round $round, broker (ProducerPerformance, measured part): $(producer_perf "$topic" $((rate * seconds)) | "$here/perf/producer-perf-summary.sh")"
      continue
    elif [[ "$mode" == journal ]]; then
      "$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --players "$players" \
        --journal "$dir/journal-$round" "$@" > "$dir/serve.log" 2>&1 &
      pids+=($!)
      await "$port" '"status":"ok"'
    else
      topic="bench-$round-$((++variant))"
      IFS=, read -r -a extra <<< "${mode#kafka}"; extra=("${extra[@]#:}")
      jopts=""; opts=(); io_cpus=""
      for o in ${extra[@]+"${extra[@]}"}; do
        if [[ "$o" == -D* ]]; then jopts+=" $o"; elif [[ "$o" == io@* ]]; then io_cpus="${o#io@}"; elif [[ -n "$o" ]]; then opts+=("$o"); fi
      done
      extra=(${opts[@]+"${opts[@]}"})
      JAVA_OPTS="${JAVA_OPTS:-}$jopts" "$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --players "$players" \
        --kafka "127.0.0.1:$kport" --topic "$topic" "$@" ${extra[@]+"${extra[@]}"} > "$dir/serve.log" 2>&1 &
      pids+=($!)
      await "$port" '"role":"primary"'
      if [[ -n "$io_cpus" ]]; then # comm is cut at 15 characters: kafka-producer-network-thread, scoreline-log-append
        for t in /proc/${pids[0]}/task/*; do
          if grep -Eq '^(kafka-producer-|scoreline-log-a)' "$t/comm" 2> /dev/null; then taskset -p -c "$io_cpus" "$(basename "$t")" > /dev/null; fi
        done
      fi
      $(pin "$other_cpus") "$here/bin/scorer" serve --port "$fport" --players "$players" \
        --kafka "127.0.0.1:$kport" --topic "$topic" --follow ${extra[@]+"${extra[@]}"} > "$dir/follow.log" 2>&1 &
      pids+=($!)
      await "$fport" '"role":"follower"'
    fi
    # the lag, append stage and flush wait quantiles (since the previous scrape) then cover the measured part
    (sleep "$warmup"; [[ "$mode" != kafka* ]] || curl -s "localhost:$fport/metrics" > /dev/null; curl -s "localhost:$port/metrics" > /dev/null) &
    threads() { for t in /proc/$1/task/*; do echo "$(basename "$t") $(awk '{print $14 + $15}' "$t/stat") $(tr ' ' '_' < "$t/comm")"; done | sort; }
    threads "${pids[0]}" > "$dir/t0"
    "$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
      --duration "$seconds" --warmup "$warmup" --connections "$connections" --batch "$batch" --players "$players" > "$dir/load.log" 2>&1
    echo "round $round, $mode: $(tail -1 "$dir/load.log")"
    threads "${pids[0]}" > "$dir/t1"
    echo "  busiest threads of the primary, CPU ticks (1/100 s) over warm-up and load: $(join "$dir/t0" "$dir/t1" | awk '{d = $4 - $2; if (d > 0) print d, $3}' | sort -rn | head -5 | tr '\n' ' ')"
    curl -s "localhost:$port/metrics" > "$dir/metrics" # once: a scrape resets the since-the-previous-scrape quantiles
    if [[ -n "${SAVE_METRICS:-}" ]]; then cp "$dir/metrics" "$SAVE_METRICS-$round-$mode.txt"; fi
    echo "  server-side result latency (last 10 s): $("$here/perf/metrics-quantiles.sh" scoreline_result_latency_window_seconds < "$dir/metrics")"
    echo "  flush wait, results handed over to written (measured part): $("$here/perf/metrics-quantiles.sh" scoreline_result_flush_wait_seconds < "$dir/metrics")"
    if [[ "$mode" == kafka* ]]; then
      for stage in sink queued produce answer; do
        echo "  append stage $stage (measured part): $("$here/perf/metrics-quantiles.sh" "scoreline_log_append_stage_seconds{stage=\"$stage\"}" < "$dir/metrics")"
      done
      echo "  follower lag (measured part), seconds; records: $(sed -n 's/^scoreline_log_records_total //p' "$dir/metrics"), events appended: $(sed -n 's/^scoreline_log_appended_events_total //p' "$dir/metrics")"
      echo "    $(quantiles "$fport" scoreline_log_lag_seconds)"
    fi
    stop_nodes
  done
done
