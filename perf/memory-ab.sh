#!/usr/bin/env bash
# Issue 27: RSS, start and restart time, faults and latency of two builds, alternated in one run (perf/README.md "Issue 27").
#   flock -x /tmp/cpu.lock perf/memory-ab.sh start|load OLD_ROOT NEW_ROOT DATA
# OLD_ROOT, NEW_ROOT: source trees with app/target built (e.g. `git archive main | tar -x -C OLD_ROOT`, then mvn package there).
# DATA: a journal of 2M players and a snapshot dir (bin/scorer generate --events 10000000 --players 2000000 --journal DATA/journal,
# then one serve with --snapshot-dir DATA/snap and POST /admin/snapshot). Each run appends to the journal and leaves a snapshot.
#  MODE=start: empty journal, launch -> /health 200 ms and RSS; 3 rounds.
#  MODE=load:  restart from DATA (snapshot + tail, 2M players joined), ms to healthy and RSS; then loadgen 18k/s
#              on CPU 1 (service on CPU 0) for 25 s (5 s warm-up), a snapshot 10 s in: RSS max during it, minor faults per
#              1,000 events over the measured part, latency; 2 rounds.
# OLD_ARGS, NEW_ARGS: serve options of one build only (e.g. OLD_ARGS="--undo-events 300000"); ROUNDS: rounds instead.
mode=${1:-start}; old=${2:?OLD_ROOT}; new=${3:?NEW_ROOT}; data=${4:?DATA}; port=18097
rssk() { awk '/VmRSS/{print $2}' /proc/$1/status; }
minf() { awk '{print $10}' /proc/$1/stat; }
launch() { # $1 root, $2.. args; sets pid, ms
  local t0=$(date +%s%N)
  ( cd $1 && exec bin/scorer serve --cpus 0 --port $port "${@:2}" ) > "$data/ab-serve.log" 2>&1 &
  sleep 0.3; pid=$(pgrep -f "port $port" | grep -v "^$!$" | head -1); [[ -z "$pid" ]] && pid=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.02; done
  ms=$(( ($(date +%s%N)-t0)/1000000 ))
  pid=$(pgrep -f "java.*port $port" | head -1)
}
for round in $(seq 1 ${ROUNDS:-$([[ $mode == start ]] && echo 3 || echo 2)}); do
  for v in old new; do
    root=$([[ $v == old ]] && echo "$old" || echo "$new"); extra=$([[ $v == old ]] && echo "${OLD_ARGS:-}" || echo "${NEW_ARGS:-}")
    if [[ $mode == start ]]; then
      rm -rf "$data/empty"; launch $root --journal "$data/empty/journal" --snapshot-interval 0 $extra
      sleep 1; echo "$v$extra start: healthy_ms=$ms rss_mib=$(( $(rssk $pid)/1024 ))"
      kill $pid; wait 2>/dev/null; sleep 1
    else
      launch $root --journal "$data/journal" --snapshot-dir "$data/snap" --snapshot-interval 0 $extra
      r0=$(rssk $pid)
      ( cd "$new" && bin/scorer loadgen --cpus 1 --url ws://127.0.0.1:$port/ws --rate 18000 --duration 20 --connections 50 \
        --players 2000000 --warmup 5 ) > "$data/ab-load.log" 2>&1 &
      lg=$!; sleep 5; f0=$(minf $pid); sleep 5
      ( curl -s -X POST http://127.0.0.1:$port/admin/snapshot ) > "$data/ab-snap.out" &
      sp=$!; max=0; while kill -0 $sp 2>/dev/null; do r=$(rssk $pid); (( r > max )) && max=$r; sleep 0.1; done
      wait $lg; f1=$(minf $pid); r1=$(rssk $pid)
      echo "$v$extra load: restart_ms=$ms rss_joined_mib=$((r0/1024)) rss_snapshot_max_mib=$((max/1024)) rss_end_mib=$((r1/1024)) faults_per_1000=$(echo "scale=2; ($f1-$f0)*1000/360000" | bc) snap=$(cat "$data/ab-snap.out") $(tail -1 "$data/ab-load.log")"
      kill $pid; wait 2>/dev/null; sleep 1
    fi
  done
done
