#!/usr/bin/env python3
"""Where the page's main thread spends its long tasks, from a Chromium trace (FLEET_TRACE=1 of the live benchmark).

  scripts/bench/long-tasks.py artifacts/bench/live/fleet-1.trace.json [threshold_ms=50]

For each task on the renderer's main thread over the threshold: its length, what started it (the event or callback
dispatched), and the time by kind of work inside it (script, style, layout, paint, GC). Then, over all those tasks, the
JavaScript functions with the most samples of the CPU profiler (self time), so that a long task can be put down to our
code or to a library (the SignalR client's JSON parsing, uPlot) or to the browser.
"""
import collections
import json
import sys

WORK = {
    "FunctionCall": "script", "EvaluateScript": "script", "TimerFire": "script", "FireAnimationFrame": "script",
    "EventDispatch": "script", "v8.compile": "compile", "v8.compileModule": "compile",
    "UpdateLayoutTree": "style", "RecalculateStyles": "style", "ScheduleStyleRecalculation": "style",
    "Layout": "layout", "PrePaint": "paint", "Paint": "paint", "Layerize": "paint", "UpdateLayer": "paint",
    "MinorGC": "gc", "MajorGC": "gc", "V8.GC_SCAVENGER": "gc", "V8.GC_MARK_COMPACTOR": "gc", "BlinkGC.AtomicPhase": "gc",
    "ParseHTML": "html",
}


def main(path, threshold):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    main_threads = {(e["pid"], e["tid"]) for e in events
                    if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    on_main = [e for e in events if (e.get("pid"), e.get("tid")) in main_threads]
    tasks = sorted((e for e in on_main if e.get("name") in ("RunTask", "ThreadControllerImpl::RunTask")
                    and e.get("ph") == "X" and e.get("dur", 0) >= threshold * 1000), key=lambda e: e["ts"])
    inner = sorted((e for e in on_main if e.get("ph") == "X" and e.get("name") in WORK), key=lambda e: e["ts"])

    samples = profile_samples(events, main_threads)
    functions = collections.Counter()
    totals = collections.Counter()
    print(f"{len(tasks)} tasks of {threshold} ms or more on the main thread")
    for task in tasks:
        start, end = task["ts"], task["ts"] + task["dur"]
        kinds = collections.Counter()
        starter = None
        covered_until = start
        for e in inner:
            if e["ts"] < start or e["ts"] >= end:
                continue
            if starter is None and WORK[e["name"]] == "script":
                starter = describe(e)
            if e["ts"] >= covered_until:  # outermost events only, nested ones are inside their parent's time
                kinds[WORK[e["name"]]] += e.get("dur", 0)
                covered_until = e["ts"] + e.get("dur", 0)
        for at, frame in samples:
            if start <= at < end:
                functions[frame] += 1
        totals.update(kinds)
        parts = ", ".join(f"{k} {v / 1000:.1f}" for k, v in kinds.most_common())
        print(f"  {task['dur'] / 1000:7.1f} ms at {(start - tasks[0]['ts']) / 1e6:6.2f} s: {starter or '?'}; {parts}")
    print("time in those tasks by kind (ms): " + ", ".join(f"{k} {v / 1000:.1f}" for k, v in totals.most_common()))
    if functions:
        total = sum(functions.values())
        print(f"functions with the most profiler samples in those tasks (self, {total} samples):")
        for frame, n in functions.most_common(25):
            print(f"  {100 * n / total:5.1f} %  {frame}")


def describe(e):
    d = e.get("args", {}).get("data", {})
    if e["name"] == "EventDispatch":
        return f"event {d.get('type')}"
    if e["name"] == "FunctionCall":
        return f"call {d.get('functionName') or '(anonymous)'} {short(d.get('url'))}:{d.get('lineNumber')}"
    return e["name"]


def short(url):
    return (url or "").rsplit("/", 1)[-1]


def profile_samples(events, main_threads):
    """(time in µs, 'function file:line') of each CPU profiler sample taken on the main thread."""
    starts = {}
    for e in events:
        if e.get("name") == "Profile" and (e.get("pid"), e.get("tid")) in main_threads:
            starts[(e["pid"], e["id"])] = e["args"]["data"]["startTime"]
    nodes = {}
    clock = dict(starts)
    result = []
    for e in events:
        if e.get("name") != "ProfileChunk" or (e.get("pid"), e.get("id")) not in clock:
            continue
        key = (e["pid"], e["id"])
        profile = e["args"]["data"].get("cpuProfile", {})
        for n in profile.get("nodes", []):
            f = n["callFrame"]
            nodes[(key, n["id"])] = f"{f.get('functionName') or '(anonymous)'} {short(f.get('url'))}:{f.get('lineNumber', -1) + 1}"
        for node, delta in zip(profile.get("samples", []), e["args"]["data"].get("timeDeltas", [])):
            clock[key] += delta
            result.append((clock[key], nodes.get((key, node), "?")))
    return result


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 50)
