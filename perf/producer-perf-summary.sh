#!/usr/bin/env bash
# Reads Kafka's ProducerPerformance output on stdin and prints its final summary as one line in
# the units of perf/metrics-quantiles.sh: `sent=N rate=R p50_ms=A p99_ms=B p999_ms=C max_ms=D`.
# ProducerPerformance's last line reads:
#   N records sent, R records/sec (X MB/sec), A ms avg latency, M ms max latency, P50 ms 50th, P95 ms 95th, P99 ms 99th, P999 ms 99.9th.
# Exits 1 when no such line came (the producer failed).
set -euo pipefail
awk '
  / records sent, / && / ms 50th, / {
    line = $0
    n = $1
    rate = $4
    split(line, parts, ", ")
    for (i in parts) {
      p = parts[i]
      if (p ~ / ms max latency$/) { split(p, a, " "); mx = a[1] }
      else if (p ~ / ms 50th$/) { split(p, a, " "); p50 = a[1] }
      else if (p ~ / ms 99th$/) { split(p, a, " "); p99 = a[1] }
      else if (p ~ / ms 99.9th\.?$/) { split(p, a, " "); p999 = a[1] }
    }
    found = 1
  }
  END {
    if (!found) { print "no ProducerPerformance summary line" > "/dev/stderr"; exit 1 }
    printf "sent=%s rate=%s p50_ms=%s p99_ms=%s p999_ms=%s max_ms=%s\n", n, rate, p50, p99, p999, mx
  }'
