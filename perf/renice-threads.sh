#!/usr/bin/env bash
# perf/renice-threads.sh PID [NICE] [PATTERN]: gives the threads of PID whose name (comm) matches
# the extended regex PATTERN (default: the JIT's compiler threads) Linux nice NICE (default 19),
# so that on a shared core the scheduler prefers the service's own threads. For perf/ab.sh's HOOK.
pid=$1; nice="${2:-19}"; pattern="${3:-^C[12] CompilerThre}"
for t in /proc/"$pid"/task/*; do
  if grep -Eq "$pattern" "$t/comm" 2>/dev/null; then renice -n "$nice" -p "$(basename "$t")" > /dev/null; fi
done
