#!/usr/bin/env bash
# Restart with a retained journal (only the file holding the snapshot's tail) and its snapshot, as
# --journal-retain delete leaves it; needs perf/restart.sh's /tmp/snapbench. flock /tmp/cpu.lock perf/restart-retained.sh
cd /work/wt-snap
dir=/tmp/snapbench; port=18089
t() { local label=$1 j=$2; t0=$(date +%s%N); bin/scorer serve --journal "$j" --port $port --players 2000000 --snapshot-interval 0 > $dir/p.log 2>&1 & pid=$!; until curl -sf http://127.0.0.1:$port/health >/dev/null 2>&1; do sleep 0.02; done; echo "$label ms=$(( ($(date +%s%N)-t0)/1000000 )) $(grep -o 'loaded.*\|checked in.*\|recovered.*' $dir/p.log | tr '\n' ' ')"; kill -9 $pid; wait $pid 2>/dev/null; }
rm -rf $dir/empty; mkdir -p $dir/empty
rm -rf $dir/retained; mkdir -p $dir/retained/snapshots
cp $dir/journal/journal-0000000000009767134.wire $dir/retained/
cp $dir/journal/snapshots/*.snap $dir/retained/snapshots/
for i in 1 2; do t retained $dir/retained; done
