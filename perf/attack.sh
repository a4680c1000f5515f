#!/usr/bin/env bash
# Issue 14's attack against `bin/scorer serve`: SOCKETS half-open connections (half an upgrade
# request each, then nothing, re-opened as the service closes them) held for SECONDS, with a probe
# WebSocket every 500 ms timing connect -> result, and the service's RSS before and with all held
# (bin/scorer attack, io.scoreline.perf.HalfOpenAttack). Then the latency of well-behaved clients (bin/scorer loadgen)
# without (A) and with (B) the attack, alternating A B A B on the same cores. Run it under the lock:
#
#   flock /tmp/cpu.lock perf/attack.sh SOCKETS SECONDS [serve options...]
#
# SECONDS 0 skips the first part (the attack alone).
# Settings from the environment: HEADER_TIMEOUT_MS (10000, passed to serve), SERVE_CPUS (0),
# LOAD_CPUS (1: loadgen; empty = no taskset), ATTACK_CPUS (the attacker's; LOAD_CPUS), RATE (5000 events/s), CONNECTIONS (20),
# LOAD_SECONDS (15), WARMUP (5), ROUNDS (2; 0 skips the latency part), PORT (18099), SERVE_LOG
# (a file to keep the service's log in).
# Example, perf/README.md "Hostile clients": perf/attack.sh 5000 25 --max-half-open 5000
set -euo pipefail
sockets=$1; seconds=$2; shift 2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-18099}"
timeout_ms="${HEADER_TIMEOUT_MS:-10000}"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"
rate="${RATE:-5000}"; connections="${CONNECTIONS:-20}"; load_seconds="${LOAD_SECONDS:-15}"; warmup="${WARMUP:-5}"
# Each held socket is a descriptor here and one in the service (a child of this shell): raise the soft limit.
need=$((sockets + 4096))
if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt "$need" ]]; then
  ulimit -n "$need" || { echo "attack: need ulimit -n >= $need (hard limit $(ulimit -Hn))" >&2; exit 2; }
fi
dir="$(mktemp -d)"
serve_pid=""; attack_pid=""
cleanup() { [[ -n "${SERVE_LOG:-}" ]] && cp "$dir/serve.log" "$SERVE_LOG"; [[ -n "$attack_pid" ]] && kill "$attack_pid" 2>/dev/null; [[ -n "$serve_pid" ]] && kill "$serve_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
"$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --journal "$dir/journal" \
  --header-timeout-ms "$timeout_ms" "$@" > "$dir/serve.log" 2>&1 &
serve_pid=$! # bin/scorer execs java (a taskset re-exec keeps the pid)
for _ in $(seq 1 120); do curl -sf "localhost:$port/health" > /dev/null && break; sleep 0.5; done
attack_cpus="${ATTACK_CPUS-$load_cpus}"
attack() { "$here/bin/scorer" attack ${attack_cpus:+--cpus "$attack_cpus"} --host 127.0.0.1 --port "$port" --sockets "$sockets" \
  --seconds "$1" --header-timeout-ms "$timeout_ms" --pid "$serve_pid" --probe-ms 500; }
load() { "$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
  --duration "$load_seconds" --warmup "$warmup" --connections "$connections" --batch 1 2>&1 | tail -1
  curl -s "localhost:$port/metrics" | grep -E '^scoreline_result_latency_seconds\{quantile="0.(5|99)"' | sed 's/^/   service-side, last 10 s: /'; }

if [[ "$seconds" -gt 0 ]]; then
  echo "== $sockets half-open sockets for $seconds s, header timeout $timeout_ms ms, serve $*"
  attack "$seconds"
  curl -s "localhost:$port/metrics" | grep -E '^scoreline_connections(_half_open| |_refused|_closed_total)' || true
fi

for round in $(seq 1 "${ROUNDS:-2}"); do
  echo "== round $round A (no attack): loadgen $rate events/s, $connections connections, ${load_seconds} s after ${warmup} s warm-up"
  load
  echo "== round $round B (with $sockets half-open sockets held)"
  attack $((warmup + load_seconds + 6)) > "$dir/attack.log" 2>&1 &
  attack_pid=$!
  sleep 4 # the sockets are held before the load starts
  load
  wait "$attack_pid"; attack_pid=""
  sed 's/^/   attack: /' "$dir/attack.log"
done
