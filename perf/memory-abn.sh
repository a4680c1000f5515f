#!/usr/bin/env bash
# Issue 27: start/restart time, RSS, faults, full collections and latency of N builds, alternated in one run (perf/README.md
# "Issue 27"). perf/memory-ab.sh for any number of builds, plus the CPU the start took and the collections.
#   flock -x /tmp/cpu.lock perf/memory-abn.sh start|load DATA ROOT...
# ROOT: a source tree with app/target built; ROOT=JAVA_OPTS... runs that tree with those JVM options (e.g. "$NEW=-Xmx512m").
# DATA: as perf/memory-ab.sh (a journal of 2M players and a snapshot; each load run appends and leaves a snapshot).
#  start: empty journal, launch -> first /health 200: ms, the JVM's CPU until then (ticks of 10 ms), VmRSS 1 s later; ROUNDS (3).
#  load:  restart from DATA: ms and VmRSS; then 18k events/s over 50 connections from CPU 1 (service on CPU 0), 25 s (5 s
#         warm-up), a snapshot 10 s in: VmRSS at most during it and at the end, minor faults per 1,000 events over the
#         measured 20 s, full collections (-Xlog:gc) from the start of the load, latency; ROUNDS (2).
mode=${1:?start|load}; data=${2:?DATA}; shift 2; port=18097
rssk() { awk '/VmRSS/{print $2}' /proc/$1/status; }
mib() { echo "$(( $1 / 1024 )) MiB = $(( $1 * 1024 / 1000000 )) MB"; }
launch() { # $1 root, $2 java opts, $3.. args; sets pid, ms, cpu
  local t0=$(date +%s%N)
  ( cd "$1" && JAVA_OPTS="$2 -Xlog:gc:file=$data/abn-gc.log" exec bin/scorer serve --cpus 0 --port $port "${@:3}" ) > "$data/abn-serve.log" 2>&1 &
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.02; done
  ms=$(( ($(date +%s%N)-t0)/1000000 ))
  pid=$(pgrep -f "java.*port $port" | head -1); cpu=$(awk '{print $14+$15}' /proc/$pid/stat)
}
for round in $(seq 1 ${ROUNDS:-$([[ $mode == start ]] && echo 3 || echo 2)}); do
  for v in "$@"; do
    root=${v%%=*}; opts=$([[ $v == *=* ]] && echo "${v#*=}" || true); label="$(basename "$root")${opts:+ $opts}"
    if [[ $mode == start ]]; then
      rm -rf "$data/empty"; launch "$root" "$opts" --journal "$data/empty/journal" --snapshot-interval 0
      sleep 1; echo "$label start: healthy_ms=$ms cpu_ticks=$cpu rss=$(mib $(rssk $pid))"
    else
      launch "$root" "$opts" --journal "$data/journal" --snapshot-dir "$data/snap" --snapshot-interval 0
      sleep 1; r0=$(rssk $pid); full0=$(grep -c 'Pause Full' "$data/abn-gc.log")
      ( cd "$root" && bin/scorer loadgen --cpus 1 --url ws://127.0.0.1:$port/ws --rate 18000 --duration 20 --connections 50 \
        --players 2000000 --warmup 5 ) > "$data/abn-load.log" 2>&1 &
      lg=$!; sleep 5; f0=$(awk '{print $10}' /proc/$pid/stat); sleep 5
      ( curl -s -X POST http://127.0.0.1:$port/admin/snapshot ) > "$data/abn-snap.out" &
      sp=$!; max=0; while kill -0 $sp 2>/dev/null; do r=$(rssk $pid); (( r > max )) && max=$r; sleep 0.1; done
      wait $lg; f1=$(awk '{print $10}' /proc/$pid/stat); r1=$(rssk $pid); full1=$(grep -c 'Pause Full' "$data/abn-gc.log")
      echo "$label load: restart_ms=$ms rss_joined=$(mib $r0) rss_snapshot_max=$(mib $max) rss_end=$(mib $r1)" \
        "faults_per_1000=$(echo "scale=2; ($f1-$f0)*1000/360000" | bc) full_gcs_under_load=$((full1-full0))" \
        "snap=$(cat "$data/abn-snap.out") $(tail -1 "$data/abn-load.log")"
    fi
    kill $pid; wait $pid 2>/dev/null; while kill -0 $pid 2>/dev/null; do sleep 0.2; done; sleep 1
  done
done
