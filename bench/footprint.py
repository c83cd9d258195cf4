#!/usr/bin/env python3
"""Start-up and idle footprint of runtime builds side by side with the baseline, interleaved (~1-3 minutes).

For each round, starts every variant once with the bench config of `make bench` (harness.runtime_server: auth on,
rate limiting off, file sink) and reports, per variant, medians and min-max of: wall time to ready, CPU time of the
JVM until ready (utime+stime: the figure least disturbed by other processes), RSS 1 s after ready, and classes loaded
(jstat, JDK classes from the CDS archive included). With --archives, every variant is also started with a dynamic
AppCDS archive (-XX:SharedArchiveFile) and with a JDK 25 AOT cache (-XX:AOTCache), each trained once beforehand by a
start, a token request and a stop.

Usage: bench/footprint.py [--rounds N] [--archives] [NAME=RUNTIME_JAR ...]
  default variants: current=runtime/target/eventqueue-runtime.jar and baseline (bench/target/eventqueue-bench.jar)
  e.g.  bench/footprint.py --rounds 5 --archives old=/tmp/old/eventqueue-runtime.jar current=runtime/target/eventqueue-runtime.jar
Environment: BENCH_JVM_FLAGS (default as make bench: -XX:+UseSerialGC -Xms64m -Xmx256m), JAVA_HOME.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402  (the bench's server starters and bench config)


def classes_loaded(pid):
    jstat = str(Path(harness.java()).with_name("jstat"))
    out = subprocess.run([jstat, "-class", str(pid)], capture_output=True, text=True).stdout.splitlines()
    return int(out[1].split()[0]) if len(out) > 1 else None


def server(jar, workdir, flags, extra):
    if jar is None:
        return harness.baseline_server(workdir, flags, extra)
    harness.RUNTIME_JAR = Path(jar)
    sink = workdir / "sink"
    sink.mkdir(parents=True, exist_ok=True)
    return harness.runtime_server("runtime", workdir, flags, {
        "sinks.file.enabled": True, "sinks.file.path": str(sink / "events.jsonl")}, extra)


def train(jar, workdir, flags, flag):
    """Starts once with the archive-writing flag, asks for a token (runtime), stops: the JVM writes it at exit."""
    s = server(jar, workdir, flags, [flag]).start()
    if jar is not None:
        harness.get_token(s)
    s.stop()


def measure(jar, workdir, flags, extra):
    s = server(jar, workdir, flags, extra).start()
    cpu_ms = s.cpu() * 1000
    time.sleep(1)
    result = {"start_ms": s.start_ms, "cpu_ms": cpu_ms, "rss_mb": s.rss(), "classes": classes_loaded(s.pid)}
    s.stop()
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--archives", action="store_true", help="also start each variant with AppCDS and an AOT cache")
    p.add_argument("variants", nargs="*", metavar="NAME=RUNTIME_JAR")
    args = p.parse_args()
    flags = os.environ.get("BENCH_JVM_FLAGS", harness.DEFAULT_JVM_FLAGS).split()
    # servers run in their own work directories: jar paths must be absolute
    jars = {name: str(Path(jar).resolve()) for name, jar in (v.split("=", 1) for v in args.variants)} \
        or {"current": str(harness.RUNTIME_JAR.resolve())}
    jars["baseline"] = None
    tmp = Path(tempfile.mkdtemp(prefix="footprint-"))
    try:
        variants = {name: (jar, []) for name, jar in jars.items()}
        if args.archives:
            for name, jar in jars.items():
                jsa, aot = tmp / f"{name}.jsa", tmp / f"{name}.aot"
                train(jar, tmp / f"train-{name}-cds", flags, f"-XX:ArchiveClassesAtExit={jsa}")
                train(jar, tmp / f"train-{name}-aot", flags, f"-XX:AOTCacheOutput={aot}")
                variants[f"{name}+appcds"] = (jar, [f"-XX:SharedArchiveFile={jsa}"])
                variants[f"{name}+aot"] = (jar, [f"-XX:AOTCache={aot}"])
        results = {name: [] for name in variants}
        for rnd in range(args.rounds):
            for name, (jar, extra) in variants.items():
                r = measure(jar, tmp / f"{name}-{rnd}", flags, extra)
                results[name].append(r)
                harness.log(f"round {rnd + 1}/{args.rounds} {name}: " + ", ".join(
                    f"{k} {v:.0f}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()))
        print(f"\nflags: {' '.join(flags)}; {args.rounds} rounds, median (min-max)\n")
        print("| variant | start to ready ms | CPU to ready ms | idle RSS MiB | classes loaded |")
        print("|---|---|---|---|---|")
        for name, rs in results.items():
            cells = []
            for key, fmt in (("start_ms", "{:.0f}"), ("cpu_ms", "{:.0f}"), ("rss_mb", "{:.1f}"), ("classes", "{:.0f}")):
                vals = [r[key] for r in rs if r[key] is not None]
                cells.append(f"{fmt.format(statistics.median(vals))} ({fmt.format(min(vals))}-{fmt.format(max(vals))})"
                             if vals else "-")
            print(f"| {name} | " + " | ".join(cells) + " |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
