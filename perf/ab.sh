#!/usr/bin/env bash
# Side by side (issue 20): echo, serve as variant A, serve as variant B, repeated ROUNDS times in
# that order, each a fresh JVM pair (service on SERVE_CPUS, load on LOAD_CPUS); every run prints
# what perf/floor-lib.sh prints. Each round (two or three runs, about 2 minutes) takes the CPU lock
# (/tmp/cpu.lock) exclusively while it runs, so a build can slip in between rounds but never into one:
#
#   perf/ab.sh RATE CONNECTIONS BATCH SECONDS ROUNDS
#
# Variants from the environment: A_OPTS / B_OPTS (the service's JAVA_OPTS), A_ARGS / B_ARGS (serve
# options), A_HOOK / B_HOOK (a command given the service's pid once healthy), A_LOAD / B_LOAD (loadgen
# options, default LOAD_ARGS, which the echo run gets too), A_NAME / B_NAME, ECHO_ARGS (echo's options).
# Also WARMUP (10), PORT (18095), SERVE_CPUS (0), LOAD_CPUS (1), LOAD_JAVA_OPTS, NO_ECHO=1.
set -euo pipefail
rate=$1; connections=$2; batch=$3; seconds=$4; rounds=$5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-18095}"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"
dir="$(mktemp -d)"
lock="${LOCK-/tmp/cpu.lock}"; LOCK=""
. "$here/perf/floor-lib.sh"
for round in $(seq 1 "$rounds"); do
  [[ -n "$lock" ]] && { exec {roundfd}>"$lock"; flock -x "$roundfd"; }
  echo "# round $round: rate $rate/s, $connections connections, batch $batch, ${seconds} s after ${WARMUP:-10} s warm-up, $(date -u +%H:%M:%S)"
  # shellcheck disable=SC2086
  [[ -n "${NO_ECHO:-}" ]] || one echo echo ${ECHO_ARGS:-}
  # shellcheck disable=SC2086
  SERVER_JAVA_OPTS="${A_OPTS:-}" HOOK="${A_HOOK:-}" LOAD_ARGS="${A_LOAD:-${LOAD_ARGS:-}}" one "${A_NAME:-A}" serve ${A_ARGS:-}
  # shellcheck disable=SC2086
  SERVER_JAVA_OPTS="${B_OPTS:-}" HOOK="${B_HOOK:-}" LOAD_ARGS="${B_LOAD:-${LOAD_ARGS:-}}" one "${B_NAME:-B}" serve ${B_ARGS:-}
  [[ -n "$lock" ]] && flock -u "$roundfd"
done
