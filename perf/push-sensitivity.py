#!/usr/bin/env python3
# Each mended push test against a deliberately broken build: copies the committed tree (git archive HEAD)
# to /tmp/push-broken, changes one line, runs the tests that must catch it. Run under the CPU lock:
#   flock /tmp/cpu.lock perf/push-sensitivity.py [INDEX...]
import subprocess, sys, os, shutil
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BREAKS = [
 ("newest state does not win (first state kept)", "push/src/main/java/io/scoreline/push/PushPending.java",
  "        totals[index] = total;\n        ranks[index] = rank;", "        if (keys[index] == player && totals[index] != 0) { return; }\n        totals[index] = total;\n        ranks[index] = rank;", "push", "PushCoalescingTest,PushLagTest"),
 ("top rate limit off", "push/src/main/java/io/scoreline/push/PushConnection.java",
  "return !topSentUsed[topSentIndex] ||", "return true ||", "push", "PushRateLimitTest"),
 ("rank refresh of every player every 20 ms", "push/src/main/java/io/scoreline/push/PushDispatcher.java",
  "PushQuery.RankRefresh.sliceOf(p.id) == refresh.slice", "true", "push", "PushRateLimitTest"),
 ("lag bound off", "push/src/main/java/io/scoreline/push/PushConnection.java",
  "if (behind >= hub.lagNanos())", "if (false)", "push", "PushLagTest"),
 ("push carries a stale rank", "push/src/main/java/io/scoreline/push/PushDispatcher.java",
  "p.rank = slot.rank;", "p.rank = slot.rank + 1;", "server", "PushSlowSubscriberTest"),
 ("coalescing off: every hand-off flushes at once", "push/src/main/java/io/scoreline/push/PushHub.java",
  "        if (!armed.get() && armed.compareAndSet(false, true))\n        {\n            try\n            {\n                loop.execute(flushTask);",
  "        if (true)\n        {\n            armed.set(true);\n            try\n            {\n                loop.execute(flushTask);",
  "push", "PushCoalescingTest"),
 ("sink allocates per changed player", "push/src/main/java/io/scoreline/push/PushDispatcher.java",
  "    private void markDirty(final PushPlayers.Player p)\n    {", "    private void markDirty(final PushPlayers.Player p)\n    {\n        dirty = java.util.Arrays.copyOf(dirty, dirty.length);",
  "push", "PushSinkAllocationTest"),
 ("stats push without latency", "push/src/main/java/io/scoreline/push/PushHub.java",
  "if (latencySum.getTotalCount() == 0)", "if (true)", "server", "LivePageTest"),
]
only = sys.argv[1:]
for i, (name, path, old, new, module, tests) in enumerate(BREAKS):
    if only and str(i) not in only: continue
    d = "/tmp/push-broken"
    shutil.rmtree(d, ignore_errors=True); os.makedirs(d)
    subprocess.run("git -C " + ROOT + " archive HEAD | tar -x -C " + d, shell=True, check=True)
    p = os.path.join(d, path); s = open(p).read()
    assert s.count(old) == 1, (name, old)
    open(p, "w").write(s.replace(old, new))
    r = subprocess.run(["mvn", "-B", "-o", "-pl", module, "-am", "test", "-Dtest=" + tests, "-Dsurefire.failIfNoSpecifiedTests=false"],
                       cwd=d, capture_output=True, text=True)
    lines = [l for l in r.stdout.splitlines() if ("Tests run:" in l and " in " in l) or "FAIL" in l and "<<<" in l or "expected:" in l]
    print("== %s: %s -> mvn exit %d" % (name, tests, r.returncode))
    for l in lines[:8]: print("   " + l.strip()[:220])
    sys.stdout.flush()
