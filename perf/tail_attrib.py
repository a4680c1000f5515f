#!/usr/bin/env python3
"""Lines up loadgen's slow results (slow.txt) with what JFR recorded in the service and the load
generator (issue 20). Slow results whose intervals (intended send .. arrival) overlap form one
episode; each episode is listed with what overlapped it in either JVM, then a table counts the
slow results by what they coincided with.  Usage: tail_attrib.py slow.txt serve.jfr load.jfr [N slowest]"""
import json, re, subprocess, sys
from collections import Counter, defaultdict
from datetime import datetime, timezone

EVENTS = "jdk.ThreadPark,jdk.GCPhasePause,jdk.SafepointBegin,jdk.ExecuteVMOperation,jdk.Compilation,jdk.Deoptimization,jdk.ExecutionSample"

def ns(stamp):  # ISO time with up to 9 fraction digits -> epoch ns
    m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?", stamp)
    base = datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S")
    tz = m.group(3) or "Z"
    base = base.replace(tzinfo=timezone.utc)
    secs = int(base.timestamp())
    if tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        secs -= sign * (int(tz[1:3]) * 3600 + int(tz[4:6]) * 60)
    frac = (m.group(2) or "0")[:9].ljust(9, "0")
    return secs * 1_000_000_000 + int(frac)

def dur(text):  # ISO-8601 duration "PT0.001234S" / "PT1M2.5S" -> ns
    if not text:
        return 0
    m = re.match(r"P(?:T)?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", text)
    h, mi, s = (float(g) if g else 0.0 for g in m.groups())
    return int(((h * 60 + mi) * 60 + s) * 1e9)

def events(jfr):
    out = subprocess.run(["jfr", "print", "--json", "--events", EVENTS, jfr], capture_output=True, text=True).stdout
    spans = []  # (start, end, label, kind)
    samples = defaultdict(list)  # time -> thread names
    for e in json.loads(out)["recording"]["events"]:
        v, t = e["values"], e["type"]
        start = ns(v["startTime"])
        end = start + dur(v.get("duration"))
        if t == "jdk.ExecutionSample":
            th = v.get("sampledThread") or {}
            samples[start // 1_000_000].append(th.get("javaName") or th.get("osName") or "?")
        elif t == "jdk.ThreadPark" and ((v.get("eventThread") or {}).get("javaName") == "scoreline-hiccup"):
            # The probe asked for 0.5 ms; JFR records parks of 10 ms or more: the whole JVM's threads were held off.
            spans.append((start, end, "hiccup probe parked %.1f ms" % ((end - start) / 1e6), "hiccup (machine stall)"))
        elif t == "jdk.GCPhasePause":
            spans.append((start, end, "GC pause %s %.1f ms" % (v.get("name"), (end - start) / 1e6), "GC pause"))
        elif t == "jdk.ExecuteVMOperation" and v.get("safepoint"):
            spans.append((start, end, "safepoint %s %.2f ms" % (v.get("operation"), (end - start) / 1e6), "safepoint"))
        elif t == "jdk.Compilation":
            m = v.get("method") or {}
            name = (m.get("type") or {}).get("name", "?").split(".")[-1] + "::" + m.get("name", "?")
            tier = "C2" if v.get("compileLevel") == 4 else "C1"
            spans.append((start, end, "%s compiling %s %.0f ms" % (tier, name, (end - start) / 1e6), "JIT compile"))
        elif t == "jdk.Deoptimization":
            m = v.get("method") or {}
            spans.append((start, start + 1, "deopt %s %s" % (m.get("name", "?"), v.get("reason")), "deopt"))
    return spans, samples

def main():
    slow = []
    for line in open(sys.argv[1]):
        if line.startswith("#") or not line.strip():
            continue
        s, a, c = line.split()
        slow.append((int(s), int(a), int(c)))
    if len(sys.argv) > 4:  # only the N slowest (the slowest 0.1%: N = acked / 1000)
        slow = sorted(slow, key=lambda r: r[0] - r[1])[:int(sys.argv[4])]
    slow.sort()
    if not slow:
        print("no slow results")
        return
    sides = {"serve": events(sys.argv[2]), "load": events(sys.argv[3])}
    episodes = []
    for s, a, c in slow:
        if episodes and s <= episodes[-1][1]:
            ep = episodes[-1]
            ep[1] = max(ep[1], a); ep[2].append((s, a))
        else:
            episodes.append([s, a, [(s, a)]])
    t0 = slow[0][0]
    tally = Counter()
    print("%d slow results in %d episodes (times from the first, ms)" % (len(slow), len(episodes)))
    for s, e, results in episodes:
        found = []
        kinds = set()
        for side, (spans, samples) in sides.items():
            for (a, b, label, kind) in sorted(set(spans)):
                if a < e and b > s:
                    found.append(side + ": " + label)
                    kinds.add(side + " " + kind)
            seen = Counter(n for ms in range(s // 1_000_000, e // 1_000_000 + 1) for n in samples.get(ms, []))
            if seen:
                found.append(side + " threads sampled running: " + ", ".join("%s x%d" % kv for kv in seen.most_common(4)))
        worst = max(a - b for b, a in [(x, y) for x, y in results]) / 1e6
        print("  +%8.1f  %6.1f ms long, %4d results, worst %6.1f ms: %s" % (
            (s - t0) / 1e6, (e - s) / 1e6, len(results), worst, "; ".join(found[:8]) or "nothing recorded"))
        key = " + ".join(sorted(kinds)) if kinds else "none of these (wake-up / scheduling / network path)"
        tally[key] += len(results)
    print()
    print("| slow results (>= threshold) coincided with | results | share |")
    print("|---|---|---|")
    for key, n in tally.most_common():
        print("| %s | %d | %.0f%% |" % (key, n, 100.0 * n / len(slow)))

main()
