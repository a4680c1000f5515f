#!/usr/bin/env bash
# What holds the service's core (issue 20): `perf sched record` on SERVE_CPUS for SECONDS of the
# measured part of an isolated 20k events/s run, then every stretch of 5 ms or more that one task
# ran on that core without a switch, and the longest scheduling delays of the service's threads.
# Run it under the CPU lock:  flock -x /tmp/cpu.lock perf/sched-stalls.sh [serve options...]
# Environment: RATE (20000), CONNECTIONS (100), SECONDS (10), WARMUP (10), SERVE_CPUS (0),
# LOAD_CPUS (1), PORT (18094), SCORER (another build's bin/scorer), LOAD_ARGS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
scorer="${SCORER:-$here/bin/scorer}"
port="${PORT:-18094}"; serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"; seconds="${SECONDS_MEASURED:-10}"
dir="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$scorer" serve --cpus "$serve_cpus" --port "$port" --journal "$dir/journal" "$@" > "$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -sf "localhost:$port/health" > /dev/null && break; sleep 0.25; done
"$scorer" loadgen --cpus "$load_cpus" --url "ws://127.0.0.1:$port/ws" --rate "${RATE:-20000}" --duration "$seconds" \
  --warmup "${WARMUP:-10}" --connections "${CONNECTIONS:-100}" --batch 1 ${LOAD_ARGS:-} > "$dir/load.log" 2>&1 &
lpid=$!
sleep "${WARMUP:-10}"
perf sched record -C "$serve_cpus" -o "$dir/sched.data" -- sleep "$seconds" > /dev/null 2>&1
wait "$lpid" || true
tail -1 "$dir/load.log"
curl -s "localhost:$port/metrics" | grep -E '^scoreline_(hiccup|result_latency_window)_seconds\{quantile="(0.99|1.0)"' || true
perf sched timehist -i "$dir/sched.data" 2> /dev/null > "$dir/timehist.txt" || true
[[ -n "${KEEP:-}" ]] && cp "$dir/timehist.txt" "$KEEP"
# timehist rows: time [cpu] task-name[tid/pid] wait-time sch-delay run-time (ms); names may hold spaces.
rows() { awk 'NF >= 6 && $1 ~ /^[0-9]+\.[0-9]+$/ { name = $3; for (i = 4; i <= NF - 3; i++) name = name " " $i;
  print $1 "\t" name "\t" $(NF - 2) "\t" $(NF - 1) "\t" $NF }' "$dir/timehist.txt"; }
echo "stretches of >= 5 ms that one task ran on CPU $serve_cpus (time, task, run ms):"
rows | awk -F'\t' '$5 + 0 >= 5 { print "  " $1 "  " $2 "  " $5 }' | sort -t' ' -k1,1 | head -30
echo "longest scheduling delays, runnable but not running (time, task, delay ms):"
rows | awk -F'\t' '$4 + 0 >= 2 { print $4 "\t" $1 "  " $2 }' | sort -rn | head -15 | awk -F'\t' '{ print "  " $2 "  " $1 }'
echo "CPU $serve_cpus time by task over the window (ms):"
rows | awk -F'\t' '{ n = $2; sub(/\[[0-9]+\].*$/, "", n); sub(/\[[0-9]+\/[0-9]+\]$/, "", n); t[n] += $5 } END { for (k in t) printf "  %10.1f %s\n", t[k], k }' | sort -rn | head -15
