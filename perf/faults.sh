#!/usr/bin/env bash
# Page faults, start-up time and idle CPU of `bin/scorer serve` under open-loop WebSocket load,
# read from /proc (perf/README.md, "Page faults and isolation"). Run it under the CPU lock:
#
#   flock /tmp/cpu.lock perf/faults.sh [SCORER_ROOT]
#
# SCORER_ROOT is a checkout with a built app/target/scorer.jar (default: this one) whose service
# is measured; the load generator is always this checkout's. Settings
# from the environment: RATE (20000), CONNECTIONS (100), BATCH (1), WARM (10 s of load before
# the window), WINDOW (20 s counted), IDLE (10 s of idle CPU), SERVE_CPUS (0), LOAD_CPUS (1),
# PORT (18190), SERVE_ARGS, LOAD_ARGS (extra options), SERVE_JAVA_OPTS, LOAD_JAVA_OPTS (JAVA_OPTS
# of each side), PERF_OUT (a file: perf record every fault
# of the service in the window, with call stacks). Empty SERVE_CPUS / LOAD_CPUS: no taskset.
# Prints one line per figure; the last line is a summary.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="${1:-$here}"
rate="${RATE:-20000}"
connections="${CONNECTIONS:-100}"
batch="${BATCH:-1}"
warm="${WARM:-10}"
window="${WINDOW:-20}"
idle="${IDLE:-10}"
serve_cpus="${SERVE_CPUS-0}"
load_cpus="${LOAD_CPUS-1}"
port="${PORT:-18190}"
hz="$(getconf CLK_TCK)"

pin() { if [[ -n "$1" ]]; then echo "taskset -c $1"; fi; }

# Fields of /proc/.../stat after the command name: $8 minflt (field 10), $10 majflt (12),
# $12 utime (14), $13 stime (15).
stat_fields() { [[ -r "$1" ]] && sed 's/^.*) //' "$1"; }
minflt() { stat_fields "/proc/$1/stat" | awk '{print $8}'; }
majflt() { stat_fields "/proc/$1/stat" | awk '{print $10}'; }
ticks() { stat_fields "/proc/$1/stat" | awk '{print $12 + $13}'; }
threads() # "tid name minflt" per thread of process $1
{
  local t
  for t in /proc/"$1"/task/*; do
    [[ -r "$t/stat" ]] || continue
    printf '%s %s %s\n' "${t##*/}" "$(tr ' ' '_' < "$t/comm")" "$(stat_fields "$t/stat" | awk '{print $8}')"
  done
}
events() # events scored so far, all statuses, from /metrics
{
  curl -s "http://127.0.0.1:$port/metrics" | awk '/^scoreline_events_total/ {n += $2} END {print n + 0}'
}

journal="$(mktemp -d /tmp/faults-journal.XXXXXX)"
log="$(mktemp /tmp/faults-serve.XXXXXX)"
loadlog="$(mktemp /tmp/faults-load.XXXXXX)"
serve_pid=""
load_pid=""
cleanup()
{
  [[ -n "$load_pid" ]] && kill "$load_pid" 2>/dev/null || true
  if [[ -n "$serve_pid" ]]; then kill "$serve_pid" 2>/dev/null || true; wait "$serve_pid" 2>/dev/null || true; fi
  rm -rf "$journal"; [[ -n "${KEEP_LOGS:-}" ]] || rm -f "$log" "$loadlog"; echo "logs: $log $loadlog" >&2
}
trap cleanup EXIT

start="$(date +%s%N)"
# shellcheck disable=SC2046,SC2086
JAVA_OPTS="${SERVE_JAVA_OPTS:-}" $(pin "$serve_cpus") "$root/bin/scorer" serve --journal "$journal" --port "$port" ${SERVE_ARGS:-} > "$log" 2>&1 &
serve_pid=$!
until grep -q "listening" "$log"; do
  kill -0 "$serve_pid" 2>/dev/null || { echo "faults: serve died:"; cat "$log"; exit 1; }
  sleep 0.02
done
ready="$(date +%s%N)"
# bin/scorer execs java, so $serve_pid is the JVM (a taskset re-exec keeps the pid too).
echo "startup_ms=$(( (ready - start) / 1000000 )) rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$serve_pid/status) minflt_at_start=$(minflt $serve_pid)"

sleep 2
t0="$(ticks $serve_pid)"; sleep "$idle"; t1="$(ticks $serve_pid)"
echo "idle_cpu_percent=$(awk -v d=$((t1 - t0)) -v hz="$hz" -v s="$idle" 'BEGIN {printf "%.1f", 100 * d / hz / s}') over ${idle} s"

# shellcheck disable=SC2046,SC2086
JAVA_OPTS="${LOAD_JAVA_OPTS:-}" $(pin "$load_cpus") "$here/bin/scorer" loadgen --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
  --duration $((warm + window + 10)) --warmup 2 --connections "$connections" --batch "$batch" ${LOAD_ARGS:-} > "$loadlog" 2>&1 &
load_pid=$!
# The load begins once every socket is open (the load generator says so), then warms up.
until grep -q "open loop starts" "$loadlog"; do
  kill -0 "$load_pid" 2>/dev/null || { echo "faults: loadgen died:"; cat "$loadlog"; exit 1; }
  sleep 0.1
done
# Scrape /metrics during the warm-up as Prometheus would (every 2 s), so that the two scrapes
# that count the window's events find that path compiled, not a JIT burst inside the window.
for ((t = 0; t < warm; t += 2)); do events > /dev/null; sleep 2; done
# Where the faults come from: perf records every fault of the service from before the first
# reading to after the last (with call stacks into PERF_OUT if given), so that threads that end
# inside the window are counted too.
perf_data="${PERF_OUT:-$log.perf}"
perf_pid=""
if command -v perf > /dev/null; then
  perf record -q -e page-faults -c 1 ${PERF_OUT:+-g} -p "$serve_pid" -o "$perf_data" 2>/dev/null &
  perf_pid=$!
  sleep 1
fi
e0="$(events)"; w0="$(date +%s%N)"; f0="$(minflt $serve_pid)"; m0="$(majflt $serve_pid)"; c0="$(ticks $serve_pid)"
threads "$serve_pid" > "$log.t0"
lf0="$(minflt $load_pid)"
sleep "$window"
e1="$(events)"; w1="$(date +%s%N)"; f1="$(minflt $serve_pid)"; m1="$(majflt $serve_pid)"; c1="$(ticks $serve_pid)"
threads "$serve_pid" > "$log.t1"
if [[ -n "$perf_pid" ]]; then kill -INT "$perf_pid"; wait "$perf_pid" 2>/dev/null || true; fi
lf1="$(minflt $load_pid 2>/dev/null || echo "$lf0")" # gone if the load ended first
wait "$load_pid" || true
load_pid=""

n=$((e1 - e0))
secs="$(awk -v d=$((w1 - w0)) 'BEGIN {printf "%.1f", d / 1e9}')"
echo "window: $secs s, $n events, service minflt $((f1 - f0)), majflt $((m1 - m0)), cpu $(awk -v d=$((c1 - c0)) -v hz="$hz" -v s="$secs" 'BEGIN {printf "%.0f%%", 100 * d / hz / s}'); load generator minflt $((lf1 - lf0))"
echo "service threads alive at both ends with faults in the window (tid name minflt, /proc):"
awk 'NR == FNR {base[$1] = $3; next} {d = $3 - base[$1]; if (d > 0) printf "  %s %s %d%s\n", $1, $2, d, ($1 in base) ? "" : " (new)"}' \
  "$log.t0" "$log.t1" | sort -k3 -n -r
awk 'NR == FNR {alive[$1] = 1; next} !($1 in alive) {printf "  %s %s ended in the window (its faults count in the total)\n", $1, $2}' \
  "$log.t1" "$log.t0"
rm -f "$log.t0" "$log.t1"
if [[ -s "$perf_data" ]]; then
  echo "service faults by thread name (perf, from 1 s before the window to its end; ended threads included):"
  perf report -i "$perf_data" --stdio --sort comm -F sample,comm 2>/dev/null | awk '/^ *[0-9]/ {printf "  %s\n", $0}' | head -12
  [[ -n "${PERF_OUT:-}" ]] || rm -f "$perf_data"
fi
grep -E "^sent=|^loadgen: allocated" "$loadlog" || { echo "loadgen:"; tail -5 "$loadlog"; }
echo "summary: minflt_per_1000_events=$(awk -v f=$((f1 - f0)) -v n="$n" 'BEGIN {printf "%.2f", (n > 0 ? 1000 * f / n : -1)}') load_minflt_per_1000_events=$(awk -v f=$((lf1 - lf0)) -v n="$n" 'BEGIN {printf "%.2f", (n > 0 ? 1000 * f / n : -1)}') startup_ms=$(( (ready - start) / 1000000 ))"
