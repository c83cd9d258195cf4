#!/usr/bin/env python3
"""`make bench-profile`: JFR profiles of the runtime's hot paths under the bench load, summarised as text.

For each profiled scenario (single-post with the file sink, batch-100 with `durability: memory`; or the baseline
with --baseline) the server runs with `-XX:StartFlightRecording` (profile settings) while wrk loads it; the
recording is then summarised into bench/results/profile/<scenario>.txt:
  - server CPU µs per request over the profiled run,
  - top frames by self time (JFR execution samples), and by inclusive time for frames of io.eventqueue and of the
    libraries on the hot path (Jackson, Helidon, JWT/crypto, CloudEvents),
  - allocation hotspots: bytes sampled by class, and by the first io.eventqueue frame of the allocating stack,
  - GC summary.
Usage: bench/profile.py [--duration S] [--baseline] [--keep]
"""
import argparse
import collections
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import harness
from harness import ROOT, RESULTS, log

OUT = RESULTS / "profile"
INTERESTING = ("io.eventqueue.", "com.fasterxml.jackson.", "io.helidon.", "io.cloudevents.", "javax.crypto.",
               "com.sun.crypto.", "sun.security.", "java.util.concurrent.", "java.io.", "sun.nio.", "java.nio.")


def jfr_tool():
    home = harness.os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "jfr") if home else "jfr"


def jfr_events(recording, event):
    out = subprocess.run([jfr_tool(), "print", "--json", "--stack-depth", "64", "--events", event, str(recording)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["recording"]["events"]


def frame_name(frame):
    m = frame["method"]
    return f"{m['type']['name'].replace('/', '.')}.{m['name']}"


# Where a CPU sample goes: the first rule whose frame test matches the sample's stack wins.
COMPONENTS = [
    ("journal writer thread (group commit, fsync)", lambda st: has(st, ".log.journal.Journal.runWriter")),
    ("worker: sink write (file I/O)", lambda st: has(st, "WorkerPool.run") and has(st, ".sink.")
        and has(st, "write0", "FileDispatcherImpl", "BufferedOutputStream.flush")),
    ("worker: encode processed record", lambda st: has(st, "WorkerPool.run") and has(st, "ProcessedEvent.")),
    ("worker: other (queue take, dispatch, acks, recent index)", lambda st: has(st, "WorkerPool.run")),
    ("tracing observer filter (outside routing)", lambda st: has(st, "TracingObserver$TracingFilter.filter")
        and not has(st, "HttpRoutingImpl$RoutingExecutor.call")),
    ("response commit: socket write", lambda st: has(st, "Http1ServerResponse.commit", "Http1ServerResponse.send")
        and not has(st, "io.eventqueue.runtime.http.Json")),
]
HANDLER_PARTS = [  # by the deepest io.eventqueue frame of a sample inside a request handler
    ("handler: auth (bearer JWT)", (".runtime.auth.", "BearerAuthenticator")),
    ("handler: read body", ("RequestBodies",)),
    ("handler: decode JSON / CloudEvent", ("JsonEventReader", "CloudEventReader", "EventDecoder", "EventDraft")),
    ("handler: validate", ("EventValidator", "EventType", "Violation")),
    ("handler: admission: queue offer", ("BoundedEventQueue",)),
    ("handler: admission: log append, dedup, recent index", (".runtime.admission.", ".runtime.log.", ".runtime.reads.")),
    ("handler: response body / problem JSON", ("http.Json", "EventsService.result", "EventsService.queuedBody",
                                              "ProblemException", "ErrorHandling")),
    ("handler: stats / listener", (".runtime.observe.",)),
]


def has(stack, *needles):
    return any(n in f for f in stack for n in needles)


def component(stack):
    for name, test in COMPONENTS:
        if test(stack):
            return name
    app = next((f for f in stack if f.startswith("io.eventqueue.")), None)
    if app:
        for name, needles in HANDLER_PARTS:
            if any(n in app for n in needles):
                return name
        return "handler: other io.eventqueue"
    if has(stack, "Http1Prologue", "Http1HeadersParser", "IdleInputStream", "SocketDispatcher.read0"):
        return "request read: socket, prologue, headers"
    if has(stack, "io.helidon."):
        return "helidon: routing, connection, other"
    return "other (JVM, JDK)"


def in_window(ev, window):
    if window is None:
        return True
    t = ev["values"].get("startTime")
    if not isinstance(t, str):
        return True
    date, _, rest = t.partition(".")
    frac = "".join(ch for ch in rest if ch.isdigit())[:6].ljust(6, "0")
    from datetime import datetime, timezone
    ts = datetime.fromisoformat(date.replace("Z", "")).replace(tzinfo=timezone.utc).timestamp() + int(frac) / 1e6
    return window[0] <= ts <= window[1]


def summarise(recording, title, cpu_line, cpu_us=None, window=None):
    lines = [f"# {title}", "", cpu_line,
             "Samples and allocations below are from the measured run only (warm-up excluded).", ""]
    # CPU-time samples (JDK 25, Linux) see virtual threads and native code; fall back to execution samples.
    samples = jfr_events(recording, "jdk.CPUTimeSample") or jfr_events(recording, "jdk.ExecutionSample")
    stacks = [[frame_name(f) for f in ev["values"]["stackTrace"]["frames"]]
              for ev in samples if ev["values"].get("stackTrace") and in_window(ev, window)]
    total = len(stacks) or 1
    parts = collections.Counter(component(st) for st in stacks if st)
    lines.append(f"## Where the CPU goes ({len(stacks)} CPU-time samples of Java threads"
                 + (f"; µs = share × {cpu_us:.1f} µs server CPU per request" if cpu_us else "") + ")")
    lines.append("")
    lines.append("| component | share | µs/request |")
    lines.append("|---|---|---|")
    for name, n in parts.most_common():
        lines.append(f"| {name} | {n / total * 100:.1f}% | {n / total * cpu_us:.1f} |" if cpu_us else
                     f"| {name} | {n / total * 100:.1f}% | |")
    self_time, inclusive, app_inclusive = collections.Counter(), collections.Counter(), collections.Counter()
    for st in stacks:
        if not st:
            continue
        self_time[st[0]] += 1
        for name in set(st):
            if name.startswith(INTERESTING):
                inclusive[name] += 1
            if name.startswith("io.eventqueue.") and "$$Lambda" not in name:
                app_inclusive[name] += 1
    lines += ["", "## Top frames by self time"]
    lines += [f"{n / total * 100:6.2f}%  {name}" for name, n in self_time.most_common(30)]
    lines += ["", "## Inclusive time of io.eventqueue frames"]
    lines += [f"{n / total * 100:6.2f}%  {name}" for name, n in app_inclusive.most_common(30)]
    lines += ["", "## Inclusive time of hot-path library frames"]
    lines += [f"{n / total * 100:6.2f}%  {name}" for name, n in inclusive.most_common(40)
              if not name.startswith("io.eventqueue.")]

    allocs = [ev for ev in jfr_events(recording, "jdk.ObjectAllocationSample") if in_window(ev, window)]
    weight = sum(ev["values"]["weight"] for ev in allocs) or 1
    by_class, by_site, by_app_site = collections.Counter(), collections.Counter(), collections.Counter()
    for ev in allocs:
        w = ev["values"]["weight"]
        by_class[ev["values"]["objectClass"]["name"].replace("/", ".")] += w
        frames = [frame_name(f) for f in ev["values"]["stackTrace"]["frames"]] \
            if ev["values"].get("stackTrace") else []
        if frames:
            by_site[" <- ".join(".".join(f.split(".")[-2:]) for f in frames[:4])] += w
            app = next((f for f in frames if f.startswith("io.eventqueue.")), None)
            if app:
                by_app_site[app] += w
    lines += ["", f"## Allocation by class (sampled weight {weight / 2**20:,.0f} MiB)"]
    lines += [f"{w / weight * 100:6.2f}%  {name}" for name, w in by_class.most_common(20)]
    lines += ["", "## Allocation by site (top 4 frames)"]
    lines += [f"{w / weight * 100:6.2f}%  {name}" for name, w in by_site.most_common(25)]
    lines += ["", "## Allocation by nearest io.eventqueue frame (inclusive of everything it calls)"]
    lines += [f"{w / weight * 100:6.2f}%  {name}" for name, w in by_app_site.most_common(20)]

    gcs = [ev for ev in jfr_events(recording, "jdk.GarbageCollection") if in_window(ev, window)]
    pauses = [harness_duration_ms(ev["values"]["sumOfPauses"]) for ev in gcs]
    names = collections.Counter(ev["values"]["name"] for ev in gcs)
    lines += ["", "## GC (measured run)", f"{len(gcs)} collections ({dict(names)}), pauses total "
                                           f"{sum(pauses):.1f} ms, max {max(pauses, default=0):.1f} ms"]
    return "\n".join(lines) + "\n"


def harness_duration_ms(value):
    """JFR JSON durations look like 'PT0.001234S'."""
    if isinstance(value, (int, float)):
        return value / 1e6
    return float(value.removeprefix("PT").removesuffix("S")) * 1000 if value.startswith("PT") else 0.0


def profile(name, server, path, mode, seconds, warmup, events_per_request, auth, recording):
    server.start()
    try:
        token = harness.get_token(server) if auth else None
        harness.wrk(server, path, mode, warmup, "warm", token)
        t0 = time.time()
        r = harness.wrk(server, path, mode, seconds, f"pf-{name}", token)
        window = (t0, time.time())
        # Dump while the server runs: a shutdown hook that halts the JVM would skip JFR's dump-on-exit.
        subprocess.run([str(Path(harness.java()).with_name("jcmd")), str(server.pid), "JFR.dump", "name=bench",
                        f"filename={recording}"], capture_output=True, check=True, timeout=120)
    finally:
        server.stop()
    res = harness.load_result(r, events_per_request)
    cpu_line = (f"{res['requests_per_s']:,.0f} req/s, server CPU {res['cpu_us_per_request']:.1f} µs/request"
                + (f", {res['cpu_us_per_event']:.2f} µs/event" if events_per_request else "")
                + f", errors {res['errors']} (under JFR; profile settings add a few % of overhead)")
    log(f"profile {name}: {cpu_line}")
    return cpu_line, res["cpu_us_per_request"], window


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--duration", type=int, default=20)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--baseline", action="store_true", help="profile the baseline server too")
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    flags = harness.os.environ.get("BENCH_JVM_FLAGS", harness.DEFAULT_JVM_FLAGS).split()
    tmp = RESULTS / "tmp" / ("profile-" + time.strftime("%Y%m%dT%H%M%S"))
    OUT.mkdir(parents=True, exist_ok=True)
    jfr = lambda name: ["-XX:StartFlightRecording=name=bench,settings=profile,"
                        "jdk.CPUTimeSample#enabled=true,jdk.CPUTimeSample#throttle=2ms",
                        "-XX:FlightRecorderOptions=stackdepth=128"]
    plans = []
    if args.baseline:
        plans.append(("baseline-post", lambda: harness.baseline_server(tmp / "baseline", flags, jfr("baseline-post")),
                      "/v1/events", "single", 0, False))
    if harness.RUNTIME_JAR.exists():
        sink = tmp / "sink"
        plans.append(("single-post", lambda: harness.runtime_server(
            "single-post", tmp / "single-post", flags,
            {"sinks.file.enabled": True, "sinks.file.path": str(sink / "events.jsonl"), "sinks.file.max-bytes": "8GiB"},
            jfr("single-post")), "/v1/events", "single", 1, True))
        plans.append(("ce-binary-post", lambda: harness.runtime_server(
            "ce-binary-post", tmp / "ce-binary-post", flags,
            {"sinks.file.enabled": True, "sinks.file.path": str(sink / "ce.jsonl"), "sinks.file.max-bytes": "8GiB"},
            jfr("ce-binary-post")), "/v1/events", "ce", 1, True))
        plans.append(("batch-100", lambda: harness.runtime_server(
            "batch-100", tmp / "batch-100", flags, {"durability": "memory"}, jfr("batch-100")),
            "/v1/events/batch", "batch", harness.BATCH, True))
    else:
        log(f"{harness.RUNTIME_JAR} was not built: only the baseline can be profiled")
    for name, make, path, mode, per_request, auth in plans:
        tmp.mkdir(parents=True, exist_ok=True)
        cpu_line, cpu_us, window = profile(name, make(), path, mode, args.duration, args.warmup, per_request, auth,
                                           tmp / f"{name}.jfr")
        text = summarise(tmp / f"{name}.jfr", f"JFR profile: {name}", cpu_line, cpu_us, window)
        (OUT / f"{name}.txt").write_text(text)
        log(f"wrote {(OUT / (name + '.txt')).relative_to(ROOT)}")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        log(f"recordings kept in {tmp.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
