# Sourced by perf/floor.sh and perf/ab.sh: one isolated run of a server (echo or serve) under
# loadgen, printing loadgen's summary line, the server's hiccup quantiles, CPU and faults, and for
# serve its own window. Needs: here, port, dir, rate, connections, batch, seconds, serve_cpus, load_cpus.
# Each run holds the CPU lock (exclusive) only while it runs, when LOCK is set (perf/ab.sh sets it).
pid=""
scorer="${SCORER:-$here/bin/scorer}" # SCORER: another build's bin/scorer (an unpacked distribution), to keep building here meanwhile
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
quantiles() # the server's $1 series at p50 / p99 / p99.9 / max in us
{
  curl -s "localhost:$port/metrics" | awk -v s="$1" '
    index($0, s "{quantile=\"0.5\"}") == 1 { p50 = $2 } index($0, s "{quantile=\"0.99\"}") == 1 { p99 = $2 }
    index($0, s "{quantile=\"0.999\"}") == 1 { p999 = $2 } index($0, s "{quantile=\"1.0\"}") == 1 { mx = $2 }
    END { printf "p50_us=%.0f p99_us=%.0f p999_us=%.0f max_us=%.0f", p50 * 1e6, p99 * 1e6, p999 * 1e6, mx * 1e6 }'
}
# one LABEL echo|serve [serve options...]; SERVER_JAVA_OPTS: the server's JAVA_OPTS; HOOK: a command run
# with the server's pid as $1 once it is healthy (e.g. a renice of some of its threads); LOAD_ARGS: more
# loadgen options (e.g. --spin).
one()
{
  local label=$1 kind=$2; shift 2
  [[ -n "${LOCK:-}" ]] && { exec {lockfd}>"$LOCK"; flock -x "$lockfd"; }
  rm -rf "$dir/journal"
  if [[ "$kind" == echo ]]; then
    JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$scorer" echo ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" "$@" > "$dir/server.log" 2>&1 &
  else
    JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" \
      --journal "$dir/journal" "$@" > "$dir/server.log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 240); do curl -sf "localhost:$port/health" > /dev/null && break; sleep 0.25; done
  [[ -n "${HOOK:-}" ]] && $HOOK "$pid"
  local t0 f0 t1 f1 s0 s1
  t0=$(awk '{print $14 + $15}' /proc/$pid/stat); f0=$(awk '{print $10}' /proc/$pid/stat); s0=$(awk '/^cpu /{print $9}' /proc/stat)
  JAVA_OPTS="${LOAD_JAVA_OPTS:-}" "$scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" \
    --rate "$rate" --duration "$seconds" --warmup "${WARMUP:-10}" --connections "$connections" --batch "$batch" ${LOAD_ARGS:-} > "$dir/load.log" 2>&1 || true
  t1=$(awk '{print $14 + $15}' /proc/$pid/stat); f1=$(awk '{print $10}' /proc/$pid/stat); s1=$(awk '/^cpu /{print $9}' /proc/stat)
  printf '%-8s %s\n' "$label" "$(tail -1 "$dir/load.log")"
  printf '         server hiccup %s; server CPU %s ticks, minor faults %s, machine steal %s ticks during warm-up + load\n' \
    "$(quantiles scoreline_hiccup_seconds)" $((t1 - t0)) $((f1 - f0)) $((s1 - s0))
  [[ "$kind" == serve ]] && printf '         server window %s\n' "$(quantiles scoreline_result_latency_window_seconds)"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
  [[ -n "${LOCK:-}" ]] && flock -u "$lockfd"
  return 0
}
