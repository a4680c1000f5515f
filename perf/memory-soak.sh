#!/usr/bin/env bash
# Issue 27: RSS every 10 s over SECONDS at 18k events/s, serve at its defaults (2M players, snapshots every 300 s) restored
# from DATA (as perf/memory-ab.sh) on CPU 0, the load generator on CPU 1. RSS is not a latency figure: a shared lock will do.
#   flock -s /tmp/cpu.lock perf/memory-soak.sh DATA [SECONDS]      -> DATA/soak/rss.txt, DATA/soak/metrics.txt
data=${1:?DATA}; secs=${2:-600}; port=18096; dir=$data/soak; rm -rf $dir; mkdir -p $dir; cd "$(dirname "$0")/.."
bin/scorer serve --cpus 0 --port $port --journal $data/journal --snapshot-dir $data/snap > $dir/serve.log 2>&1 &
sleep 1; pid=$(pgrep -f "port $port --journal" | head -1)
until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do sleep 0.2; done
echo "start rss_kib=$(awk '/VmRSS/{print $2}' /proc/$pid/status) minflt=$(awk '{print $10}' /proc/$pid/stat)" > $dir/rss.txt
bin/scorer loadgen --cpus 1 --url ws://127.0.0.1:$port/ws --rate 18000 --duration $secs --connections 50 --players 2000000 --warmup 10 > $dir/load.log 2>&1 &
lg=$!
t=0; while kill -0 $lg 2>/dev/null; do sleep 10; t=$((t+10)); echo "t=$t rss_kib=$(awk '/VmRSS/{print $2}' /proc/$pid/status) anon=$(awk '/RssAnon/{print $2}' /proc/$pid/status) file=$(awk '/RssFile/{print $2}' /proc/$pid/status) minflt=$(awk '{print $10}' /proc/$pid/stat)" >> $dir/rss.txt; done
curl -s http://127.0.0.1:$port/metrics | grep -E '^scoreline_(memory|process_resident|snapshot|events_total)' > $dir/metrics.txt
kill $pid; wait $pid 2>/dev/null; echo done >> $dir/rss.txt
