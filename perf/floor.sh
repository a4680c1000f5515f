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
# measured), PORT (18097), SERVER_JAVA_OPTS (the servers' JAVA_OPTS), LOAD_JAVA_OPTS (the load generator's),
# LOCK (a lock file: each run takes it exclusively, instead of holding one lock over the whole script).
# Example, perf/README.md "Issue 20": perf/floor.sh 20000 100 1 10 3 --topology inline
set -euo pipefail
rate=$1; connections=$2; batch=$3; seconds=$4; rounds=$5; shift 5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${PORT:-18097}"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"
dir="$(mktemp -d)"
. "$here/perf/floor-lib.sh"
for round in $(seq 1 "$rounds"); do
  echo "# round $round: rate $rate/s, $connections connections, batch $batch, ${seconds} s after ${WARMUP:-10} s warm-up"
  one echo echo
  one serve serve "$@"
done
