#!/usr/bin/env bash
# Round-trip latency of `bin/scorer serve` under open-loop WebSocket load, service and load on
# cores of their own, with each service thread's CPU and the process's minor faults during the
# load, and the service's own view (/metrics). Run it under the CPU lock:
#
#   flock /tmp/cpu.lock perf/latency.sh RATE CONNECTIONS BATCH SECONDS [serve options...]
#
# Settings from the environment: SERVE_CPUS (0), LOAD_CPUS (1); empty = no taskset (shared
# cores). WARMUP (20 s of load not measured), PORT (18098), JAVA_OPTS (the service's).
# Example, perf/README.md "Over the wire": perf/latency.sh 20000 100 1 20 --topology inline
set -euo pipefail
rate=$1; connections=$2; batch=$3; seconds=$4; shift 4
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-18098}"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"
dir="$(mktemp -d)"
serve_pid=""
cleanup() { [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --journal "$dir/journal" "$@" > "$dir/serve.log" 2>&1 &
serve_pid=$! # bin/scorer execs java (a taskset re-exec keeps the pid)
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" > /dev/null && break; sleep 0.5; done
threads() { for t in /proc/$serve_pid/task/*; do echo "$(basename "$t") $(awk '{print $14 + $15}' "$t/stat") $(tr ' ' '_' < "$t/comm")"; done | sort; }
threads > "$dir/t0"; f0=$(awk '{print $10}' /proc/$serve_pid/stat)
"$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
  --duration "$seconds" --warmup "${WARMUP:-20}" --connections "$connections" --batch "$batch" > "$dir/load.log" 2>&1
threads > "$dir/t1"; f1=$(awk '{print $10}' /proc/$serve_pid/stat)
tail -1 "$dir/load.log"
echo "service threads, CPU ticks (1/$(getconf CLK_TCK) s) during the load:"
join "$dir/t0" "$dir/t1" | awk '{d = $4 - $2; if (d > 0) print "  " d, $3}' | sort -rn | head -6
echo "service minor faults during the load: $((f1 - f0))"
curl -s "localhost:$port/metrics" | grep -E '^scoreline_result_latency_window_seconds\{quantile="0.(5|99)"' || true
