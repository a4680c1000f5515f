#!/usr/bin/env bash
# The floor beside the service, in one run: `bin/scorer echo` (the same transport, channel handlers
# and flush policy, a fixed answer, no ring, no journal) and `bin/scorer serve` alternate
# (echo serve echo serve ...), each a fresh JVM on its own core under the same open-loop load from
# another core. Each run prints loadgen's summary line (round trip; hiccup_p99_us is the load JVM's
# probe), the server's hiccup quantiles (its probe, last 10 s) and, for serve, its own window
# (frame read to result ready). Run it under the CPU lock:
#
#   flock -x /tmp/cpu.lock perf/floor.sh RATE CONNECTIONS BATCH SECONDS ROUNDS [serve options...]
#
# Settings from the environment: SERVE_CPUS (0), LOAD_CPUS (1); WARMUP (10 s of load not
# measured), PORT (18097), JAVA_OPTS (the servers'), LOAD_JAVA_OPTS (the load generator's).
# Example, perf/README.md "Issue 20": perf/floor.sh 20000 100 1 10 3 --topology inline
set -euo pipefail
rate=$1; connections=$2; batch=$3; seconds=$4; rounds=$5; shift 5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-18097}"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"
dir="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
quantiles() # the server's $1 series at p50 / p99 / p99.9 in us
{
  curl -s "localhost:$port/metrics" | awk -v s="$1" '
    index($0, s "{quantile=\"0.5\"}") == 1 { p50 = $2 } index($0, s "{quantile=\"0.99\"}") == 1 { p99 = $2 }
    index($0, s "{quantile=\"0.999\"}") == 1 { p999 = $2 }
    END { printf "p50_us=%.0f p99_us=%.0f p999_us=%.0f", p50 * 1e6, p99 * 1e6, p999 * 1e6 }'
}
one() # $1 = echo | serve, rest = its options
{
  local kind=$1; shift
  rm -rf "$dir/journal"
  if [[ "$kind" == echo ]]; then
    "$here/bin/scorer" echo ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" > "$dir/server.log" 2>&1 &
  else
    "$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --journal "$dir/journal" "$@" > "$dir/server.log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 120); do curl -sf "localhost:$port/health" > /dev/null && break; sleep 0.5; done
  local t0 f0 t1 f1
  t0=$(awk '{print $14 + $15}' /proc/$pid/stat); f0=$(awk '{print $10}' /proc/$pid/stat)
  JAVA_OPTS="${LOAD_JAVA_OPTS:-}" "$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" \
    --rate "$rate" --duration "$seconds" --warmup "${WARMUP:-10}" --connections "$connections" --batch "$batch" > "$dir/load.log" 2>&1 || true
  t1=$(awk '{print $14 + $15}' /proc/$pid/stat); f1=$(awk '{print $10}' /proc/$pid/stat)
  printf '%-5s %s\n' "$kind" "$(tail -1 "$dir/load.log")"
  printf '      server hiccup %s; server CPU %s ticks, minor faults %s during the load\n' \
    "$(quantiles scoreline_hiccup_seconds)" $((t1 - t0)) $((f1 - f0))
  [[ "$kind" == serve ]] && printf '      server window %s\n' "$(quantiles scoreline_result_latency_window_seconds)"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}
for round in $(seq 1 "$rounds"); do
  echo "# round $round: rate $rate/s, $connections connections, batch $batch, ${seconds} s after ${WARMUP:-10} s warm-up"
  one echo
  one serve "$@"
done
