#!/usr/bin/env bash
# A broker kill -9'd under RATE events/s (issue 22 item 3, the rate BrokerFaultTest cannot run in CI):
#
#   flock -x /tmp/cpu.lock perf/broker-faults.sh RATE leader|single [serve options...]
#
# leader: bin/kafka-local --brokers 3 (the topic with 3 replicas, min ISR 2), the partition leader
#         kill -9'd KILL_AT s into the load and left dead.
# single: one broker, kill -9'd KILL_AT s into the load and started again DOWN s later.
# The primary (SERVE_CPUS, 0) and a follower (unpinned) on a fresh topic; the load generator
# (LOAD_CPUS, 1) runs SECONDS (40) at RATE over CONNECTIONS (100). Prints the load generator's
# line (sent, acked, refused and latency from the intended send), the primary's log counters, the
# times it stopped and resumed answering (its log), and the check: the follower reads the log to
# the primary's gate and its whole leaderboard equals the primary's, and the log holds at least
# as many events as the load generator got ok or duplicate answers for (none lost), each ordinal
# once and no more than were sent (none doubled).
set -euo pipefail
rate=$1; kind=$2; shift 2
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
serve_cpus="${SERVE_CPUS-0}"; load_cpus="${LOAD_CPUS-1}"
seconds="${SECONDS_LOAD:-40}"; kill_at="${KILL_AT:-15}"; down="${DOWN:-10}"; connections="${CONNECTIONS:-100}"
players="${PLAYERS:-100000}"
port=18198; fport=18199; kport=19592
case "$kind" in leader) brokers=3 ;; single) brokers=1 ;; *) echo "leader or single, got $kind" >&2; exit 2 ;; esac
dir="$(mktemp -d)"
pids=()
cleanup()
{
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
  "$here/bin/kafka-local" stop --dir "$dir/kafka" > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
await() # port, health body pattern
{
  for _ in $(seq 1 240); do curl -s "localhost:$1/health" | grep -q "$2" && return 0; sleep 0.25; done
  echo "no '$2' on port $1" >&2; return 1
}
metric() { curl -s "localhost:$1/metrics" | sed -n "s/^$2 //p" | sed 's/\.0$//'; }
kafka_class() { "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "$(cat "$here/replication/broker/target/classpath")" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=error "$@"; }

bootstrap="$("$here/bin/kafka-local" start --port "$kport" --brokers "$brokers" --dir "$dir/kafka" | tail -1)"
topic=faults
"$here/bin/scorer" serve ${serve_cpus:+--cpus "$serve_cpus"} --port "$port" --players "$players" \
  --kafka "$bootstrap" --topic "$topic" "$@" > "$dir/primary.log" 2>&1 &
pids+=($!)
await "$port" '"role":"primary"'
"$here/bin/scorer" serve --port "$fport" --players "$players" --kafka "$bootstrap" --topic "$topic" --follow "$@" \
  > "$dir/follower.log" 2>&1 &
pids+=($!)
await "$fport" '"role":"follower"'
"$here/bin/scorer" loadgen ${load_cpus:+--cpus "$load_cpus"} --url "ws://127.0.0.1:$port/ws" --rate "$rate" \
  --duration "$seconds" --warmup 0 --connections "$connections" --batch 1 --players "$players" > "$dir/load.log" 2>&1 &
load=$!
start=$(date +%s%N)
sleep "$kill_at"
if [[ "$kind" == leader ]]; then
  leader="$(kafka_class org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --describe --topic "$topic" |
    sed -n 's/.*Leader: \([0-9]*\).*/\1/p' | head -1)"
  victim="$("$here/bin/kafka-local" pid --node "$leader" --dir "$dir/kafka")"
  echo "killing the partition leader, broker $leader (pid $victim), at $(( ($(date +%s%N) - start) / 1000000 )) ms"
  kill -9 "$victim"
else
  victim="$("$here/bin/kafka-local" pid --node 1 --dir "$dir/kafka")"
  echo "killing the only broker (pid $victim) at $(( ($(date +%s%N) - start) / 1000000 )) ms"
  kill -9 "$victim"
  sleep "$down"
  echo "starting it again at $(( ($(date +%s%N) - start) / 1000000 )) ms"
  "$here/bin/kafka-local" start --port "$kport" --brokers 1 --dir "$dir/kafka" > /dev/null
  echo "  it answers at $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi
wait "$load" || true
echo "load generator: $(tail -1 "$dir/load.log")"
echo "primary's log (java.util.logging puts the time on the line before):"
grep -B1 -E 'the log has not acknowledged|the log acknowledges again|log append failed|abort timed out' "$dir/primary.log" |
  grep -v '^--$' | paste -d' ' - - | sed 's/ io\.scoreline[^ ]* [a-zA-Z]* WARNING:/:/' | cut -c1-240 | head -20 ||
  echo "  (none: it never stopped taking events)" # grep finding nothing must not end the script (pipefail)
committed="$(metric "$port" scoreline_log_committed_ordinal)"
appended="$(metric "$port" scoreline_log_appended_events_total)"
echo "primary: committed ordinal $committed, events appended and acknowledged $appended," \
  "retries $(metric "$port" scoreline_log_append_retries_total), records $(metric "$port" scoreline_log_records_total)"
for _ in $(seq 1 240); do [[ "$(metric "$fport" scoreline_log_applied_ordinal)" == "$committed" ]] && break; sleep 0.25; done
applied="$(metric "$fport" scoreline_log_applied_ordinal)"
p="$(curl -s "localhost:$port/leaderboard?limit=1000000" | md5sum | cut -c1-12)"
f="$(curl -s "localhost:$fport/leaderboard?limit=1000000" | md5sum | cut -c1-12)"
# Every ok or duplicate answer must be in the log (refusals count as rejected, as do rule rejections).
acked="$(tail -1 "$dir/load.log" | sed -n 's/.* acked=\([0-9]*\) rejected=\([0-9]*\).*/\1 - \2/p')"
acked="$(( ${acked:-0} ))"
# None doubled: the log's ordinals 0..committed are each one event the primary received once (the
# follower applies them in order, skips a resent copy, stops at a gap), so they must number exactly
# the events acknowledged and no more than the load generator sent (it never resends).
sent="$(tail -1 "$dir/load.log" | sed -n 's/.*sent=\([0-9]*\).*/\1/p')"
verdict=ok
[[ "$applied" == "$committed" && "$p" == "$f" ]] || verdict=FAILED
(( ${appended%.*} >= acked )) || verdict=FAILED
(( ${appended%.*} == committed + 1 && ${appended%.*} <= ${sent:-0} )) || verdict=FAILED
echo "check: follower applied $applied of $committed, leaderboards primary $p follower $f," \
  "answered ok or duplicate $acked <= logged $appended (ordinals 0..$committed) <= sent ${sent:-?}: $verdict"
[[ "$verdict" == ok ]]
