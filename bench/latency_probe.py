#!/usr/bin/env python3
"""`make bench-latency`: where the runtime's p99 goes, in about a minute.

Starts the runtime (bench config, file sink, default journal) and the baseline with the same JVM flags and a GC log,
loads each at the same fixed rate (open loop, no coordinated omission) and prints p50/p99/p99.9 side by side with
the collectors' pauses (count, total, longest), what survives a young collection (the pause grows with it) and
the server CPU per request. KEEP=1 keeps the GC logs under bench/results/tmp. Runtime settings can be
overridden to see what a feature costs, e.g. `--set reads.max-events=1` (read index off in effect).

Usage: bench/latency_probe.py [--rate N] [--duration S] [--flags "..."] [--set key=value ...]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import time
from pathlib import Path

import harness as h


def pauses(gc_log):
    """(count, total ms, max ms) of stop-the-world pauses in a -Xlog:gc log (Serial, Parallel, G1: "Pause ... N.NNNms")."""
    values = [float(v) for v in re.findall(r"Pause[^\n]*?(\d+\.\d+)ms", Path(gc_log).read_text(errors="replace"))]
    return len(values), sum(values), max(values, default=0.0)


def survivors(gc_log):
    """Median bytes that survived a young collection (the -Xlog:gc+age table's total), or None."""
    totals = {}
    for m in re.finditer(r"GC\((\d+)\) - age +\d+: +\d+ bytes, +(\d+) total", Path(gc_log).read_text(errors="replace")):
        totals[int(m.group(1))] = int(m.group(2))
    return statistics.median(totals.values()) if totals else None


def value(text):
    if text in ("true", "false"):
        return text == "true"
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rate", type=float, default=2500, help="requests per second, both servers")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--flags", default=os.environ.get("BENCH_JVM_FLAGS", h.DEFAULT_JVM_FLAGS))
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="runtime setting (repeatable)")
    args = p.parse_args()
    flags = args.flags.split()
    settings = {k: value(v) for k, v in (s.split("=", 1) for s in args.set)}
    work = h.RESULTS / "tmp" / f"latency-{int(time.time())}"
    sink = work / "sink"
    sink.mkdir(parents=True, exist_ok=True)
    headers = ("Content-Type: application/json",)
    try:
        rt_log, bl_log = work / "gc-runtime.log", work / "gc-baseline.log"
        rt = h.runtime_server("runtime", work, flags, {**h.file_sink(sink), **settings},
                              [f"-Xlog:gc,gc+age=trace:file={rt_log}"]).start()
        try:
            token = h.get_token(rt)
            h.wrk(rt, "/v1/events", "single", 5, "warm", token)
            lat = h.fixed_rate(rt, "/v1/events", args.rate, args.duration, "lat", work,
                               headers=headers + (f"Authorization: Bearer {token}",), body_template=h.ENVELOPE)
        finally:
            rt.stop()
        bl = h.baseline_server(work, flags, [f"-Xlog:gc,gc+age=trace:file={bl_log}"]).start()
        try:
            h.wrk(bl, "/v1/events", "single", 5, "warm")
            blat = h.fixed_rate(bl, "/v1/events", args.rate, args.duration, "bll", work, headers=headers,
                                body_template=h.ENVELOPE)
        finally:
            bl.stop()
        print(f"{args.rate:,.0f} req/s for {args.duration} s, flags {' '.join(flags)}"
              + (f", settings {json.dumps(settings)}" if settings else "") + " (GC figures include the 5 s warm-up)")
        for name, r, log_path in (("runtime", lat, rt_log), ("baseline", blat, bl_log)):
            n, total, longest = pauses(log_path)
            kept = survivors(log_path)
            print(f"  {name:<8} p50 {r['p50_ms']:.2f}  p99 {r['p99_ms']:.2f}  p99.9 {r['p999_ms']:.2f} ms  errors "
                  f"{r['errors']}  CPU {r['cpu_us_per_request']:.1f} µs/req  GC pauses {n}, {total:.0f} ms, max "
                  f"{longest:.1f} ms" + (f", {kept / 1024:,.0f} KiB survive a young GC (median)" if kept else ""))
        print(f"  p99 ratio {lat['p99_ms'] / blat['p99_ms']:.2f}")
    finally:
        if not os.environ.get("KEEP"):
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
