#!/usr/bin/env bash
# Where the tail goes (issue 20): one isolated run (service on SERVE_CPUS, load on LOAD_CPUS) with a
# JFR recording in both JVMs; loadgen writes every result slower than SLOW_US (default: 3000) with
# its intended send and arrival times; perf/tail_attrib.py lines each up with what the recordings
# saw in that interval (GC pause, safepoint, compilation, deoptimisation, which threads JFR found
# running) and prints a table; plus per-thread CPU of both processes from /proc during the load.
# Run it under the CPU lock:
#
#   flock -x /tmp/cpu.lock perf/tail-attrib.sh RATE CONNECTIONS BATCH SECONDS [serve options...]
#
# Settings from the environment: SERVE_CPUS (0), LOAD_CPUS (1), WARMUP (10), PORT (18096),
# SLOW_US (3000), JFR (the recording's settings: the JDK's profile, compilations from 1 ms), KEEP (a directory to keep the
# recordings and slow.txt in), JAVA_OPTS / LOAD_JAVA_OPTS (the service's / load generator's).
set -euo pipefail
rate=$1; connections=$2; batch=$3; seconds=$4; shift 4
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-18096}"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"
dir="${KEEP:-$(mktemp -d)}"; mkdir -p "$dir"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; [[ -z "${KEEP:-}" ]] && rm -rf "$dir"; true; }
trap cleanup EXIT
# JDK's profile settings, with every compilation of 1 ms or more recorded (its threshold is 100 ms).
jhome="$(dirname "$(dirname "$(readlink -f "$(command -v "${JAVA_HOME:+$JAVA_HOME/bin/}java")")")")"
sed '/"jdk.Compilation"/,/<\/event>/ s/>100 ms</>1 ms</' "$jhome/lib/jfr/profile.jfc" > "$dir/tail.jfc"
jfr="-XX:StartFlightRecording=settings=${JFR:-$dir/tail.jfc}"
rm -rf "$dir/journal"
JAVA_OPTS="${JAVA_OPTS:-} $jfr,filename=$dir/serve.jfr" "$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} \
  --port "$port" --journal "$dir/journal" "$@" > "$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" > /dev/null && break; sleep 0.5; done
threads() { for t in /proc/$1/task/*; do echo "$(basename "$t") $(awk '{print $14 + $15, $10}' "$t/stat") $(tr ' ' '_' < "$t/comm")"; done | sort; }
threads "$pid" > "$dir/t0"
JAVA_OPTS="${LOAD_JAVA_OPTS:-} $jfr,filename=$dir/load.jfr -Dscoreline.loadgen.slowMicros=${SLOW_US:-3000}" \
  "$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
  --duration "$seconds" --warmup "${WARMUP:-10}" --connections "$connections" --batch "$batch" --out "$dir" > "$dir/load.log" 2>&1 &
lpid=$!
sleep "${WARMUP:-10}"
threads "$lpid" > "$dir/l0"
sleep "$seconds"
threads "$lpid" > "$dir/l1" || true
wait "$lpid" || true
threads "$pid" > "$dir/t1"
jcmd "$pid" JFR.dump filename="$dir/serve.jfr" > /dev/null
tail -1 "$dir/load.log"
curl -s "localhost:$port/metrics" | grep -E '^scoreline_(hiccup|result_latency_window)_seconds\{quantile="0.(99|999)"' || true
echo "service threads during warm-up and load: CPU ticks (1/$(getconf CLK_TCK) s), minor faults"
join "$dir/t0" "$dir/t1" | awk '{d = $5 - $2; f = $6 - $3; if (d > 0 || f > 0) print "  " d, f, $4}' | sort -rn | head -8
echo "load generator threads during the measured part: CPU ticks, minor faults"
join "$dir/l0" "$dir/l1" | awk '{d = $5 - $2; f = $6 - $3; if (d > 0 || f > 0) print "  " d, f, $4}' | sort -rn | head -6
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
acked=$(tail -1 "$dir/load.log" | sed -n 's/.* acked=\([0-9]*\) .*/\1/p')
echo "the slowest 0.1% ($((acked / 1000)) of $acked results):"
python3 "$here/perf/tail_attrib.py" "$dir/slow.txt" "$dir/serve.jfr" "$dir/load.jfr" $((acked / 1000))
