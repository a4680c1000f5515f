#!/usr/bin/env bash
# Prints the quantiles of one summary series of a Prometheus text page (a /metrics page on stdin)
# as one line of milliseconds: `p50_ms=A p99_ms=B p999_ms=C max_ms=D` ("NaN" where the service
# had no sample in the window, "-" where the page lacks that quantile). Used by
# perf/kafka-latency.sh; KafkaLatencyParsingTest runs it on a saved page.
#
#   curl -s localhost:8080/metrics | perf/metrics-quantiles.sh scoreline_result_latency_window_seconds
#
# Exits 1 (and says so on stderr) when the page has no such series: a renamed series must fail
# loudly, not print nothing (the script once grepped a series that had become a histogram).
set -euo pipefail
name=${1:?series name}
# A series with labels is named with them, in the page's order: 'NAME{stage="queued"}'.
prefix="${name%\}}"
if [[ "$prefix" == "$name" ]]; then prefix="$name{quantile=\""; else prefix="$prefix,quantile=\""; fi
awk -v name="$name" -v prefix="$prefix" '
  index($0, prefix) == 1 {
    q = substr($0, length(prefix) + 1); sub(/".*/, "", q)
    v = $NF
    found = 1
    ms = (v == "NaN") ? "NaN" : sprintf("%.3f", v * 1000)
    if (q == "0.5") p50 = ms; else if (q == "0.99") p99 = ms; else if (q == "0.999") p999 = ms; else if (q == "1.0" || q == "1") mx = ms
  }
  END {
    if (!found) { print "no summary series " name " on the page" > "/dev/stderr"; exit 1 }
    printf "p50_ms=%s p99_ms=%s p999_ms=%s max_ms=%s\n", (p50 == "" ? "-" : p50), (p99 == "" ? "-" : p99), (p999 == "" ? "-" : p999), (mx == "" ? "-" : mx)
  }'
