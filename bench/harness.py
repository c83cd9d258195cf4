#!/usr/bin/env python3
"""`make bench`: the runtime side by side with a bare Helidon SE baseline, on loopback, bounded in time.

Runs every scenario of issue 9 at least three times, interleaving baseline and runtime, and reports medians with
min-max. For each load run it records the server's CPU time (utime+stime from /proc/PID/stat) per request and per
event, which is the figure least disturbed by other processes on a shared machine. Writes
bench/results/latest.json, bench/results/runs.json (every single run) and appends a table to docs/benchmarks.md.

Usage: bench/harness.py [--rounds N] [--duration S] [--keep]   (see bench/README.md)
Environment: BENCH_JVM_FLAGS (JVM flags for every server), BENCH_RUNTIME_JAR (another runtime build), JAVA_HOME.
"""
import argparse
import base64
import glob
import zipfile
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
RUNTIME_JAR = Path(os.environ.get("BENCH_RUNTIME_JAR", ROOT / "runtime" / "target" / "eventqueue-runtime.jar"))
BENCH_JAR = BENCH / "target" / "eventqueue-bench.jar"
LUA = BENCH / "lua" / "post.lua"
OPERATOR_JAR = Path(os.environ.get("BENCH_OPERATOR_JAR", ROOT / "operator" / "target" / "eventqueue-operator.jar"))
OPERATOR_CRD = Path(os.environ.get("BENCH_OPERATOR_CRD", OPERATOR_JAR.parent / "classes" / "META-INF" / "fabric8"
                                   / "eventqueues.eventqueue.io-v1.yml"))
OPERATOR_SCALE_JAR = BENCH / "operator-scale" / "target" / "eventqueue-bench-operator-scale.jar"
OPERATOR_COUNT, OPERATOR_STEADY_S, OPERATOR_RESYNC, OPERATOR_TIMEOUT_S = 1000, 30, "10s", 240
DOC = ROOT / "docs" / "benchmarks.md"

DEFAULT_JVM_FLAGS = "-XX:+UseSerialGC -Xms64m -Xmx256m"
# The collector of the second latency run (`latency-50pct-<gc>`): the JVM flags above with their GC choice replaced.
DEFAULT_LATENCY_GC = "-XX:+UseZGC"
ADMIN_PASSWORD = "bench-" + base64.urlsafe_b64encode(os.urandom(12)).decode()
CLK_TCK = os.sysconf("SC_CLK_TCK")
WRK_THREADS, WRK_CONNECTIONS = 2, 64
BATCH = 100

# Goals of issue 9, as (scenario, key, bound) read by the markdown table.
GOALS = {
    "baseline-batch-100": "(ceiling: the stack reading batch bodies)",
    "single-post": "ratio ≥ 0.7",
    "batch-100": "ratio ≥ 25",
    "journal-interval": "ratio ≥ 12",
    "latency-50pct": "p99 ratio ≤ 1.5",
    "latency-50pct-gc": "p99 ratio ≤ 1.5 (other collector)",
    "footprint": "idle RSS ratio ≤ 1.0, start ratio ≤ 1.2",
    "operator-1000": "heap ≤ 256 MiB, 0 writes",
}


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def java():
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "java") if home else "java"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime (fields 14 and 15)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return None


def http_request(method, host, port, path, body=None, headers=None, timeout=2.0):
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class Server:
    """A server process started directly (its PID is the JVM's) with its log in the run directory."""

    def __init__(self, name, cmd, port, ready, workdir):
        self.name, self.cmd, self.port, self.ready, self.workdir = name, cmd, port, ready, workdir
        self.proc, self.start_ms, self.log_path = None, None, workdir / f"{name}.log"

    def start(self, timeout=90):
        self.workdir.mkdir(parents=True, exist_ok=True)
        logf = open(self.log_path, "ab")
        t0 = time.monotonic()
        self.proc = subprocess.Popen(self.cmd, stdout=logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=self.workdir)
        logf.close()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with status {self.proc.returncode} before ready: "
                                   + self.last_log_line())
            try:
                if self.ready():
                    self.start_ms = (time.monotonic() - t0) * 1000
                    return self
            except OSError:
                pass
            time.sleep(0.01)
        self.stop()
        raise RuntimeError(f"{self.name} not ready within {timeout}s: " + self.last_log_line())

    def last_log_line(self):
        try:
            lines = [l for l in self.log_path.read_text(errors="replace").splitlines() if l.strip()]
            return lines[-1][:300] if lines else "(no output)"
        except OSError:
            return "(no log)"

    @property
    def pid(self):
        return self.proc.pid

    def cpu(self):
        return cpu_seconds(self.pid)

    def rss(self):
        return rss_mb(self.pid)

    def stop(self, grace=45):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                log(f"{self.name} did not stop within {grace}s after SIGTERM: killing it")
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None


def baseline_server(workdir, flags, extra_flags=()):
    port = free_port()
    cmd = [java(), *flags, *extra_flags, "-jar", str(BENCH_JAR), "--host=127.0.0.1", f"--port={port}"]

    def ready():
        status, _ = http_request("POST", "127.0.0.1", port, "/v1/events", body=b"{}", timeout=0.5)
        return status == 202

    return Server("baseline", cmd, port, ready, workdir)


def runtime_server(name, workdir, flags, settings, extra_flags=()):
    """The runtime with a bench config: auth on, rate limiting off, log sink off, plus `settings` (dotted keys)."""
    port, mport = free_port(), free_port()
    conf = {
        "server.listen-addr": f"http://127.0.0.1:{port}",
        "server.management-addr": f"http://127.0.0.1:{mport}",
        "auth.admin-user": "admin",
        "auth.admin-password": ADMIN_PASSWORD,
        "rate-limit.enabled": False,
        "sinks.log.enabled": False,
        # The default (100) refuses a whole batch of 100 under any concurrency; 10,000 queued events stay well
        # inside the heap of the bench flags (a fuller queue would measure the GC, not the runtime).
        "queue.capacity": 10000,
        "queue.max-bytes": "64MiB",
        "log.level": "warn",
        "data-dir": str(workdir / f"{name}-data"),
        **settings,
    }
    cfg_path = workdir / f"{name}.yaml"
    workdir.mkdir(parents=True, exist_ok=True)
    cfg_path.write_text(to_yaml(conf))
    cmd = [java(), *flags, *extra_flags, "-jar", str(RUNTIME_JAR), f"--config={cfg_path}"]

    def ready():
        status, _ = http_request("GET", "127.0.0.1", mport, "/health/ready", timeout=0.5)
        return status == 200

    server = Server(name, cmd, port, ready, workdir)
    server.data_dir = Path(conf["data-dir"])
    server.has_stats = True
    return server


def file_sink(sink_dir, name="events.jsonl"):
    """Runtime settings of a file sink in `sink_dir` that never rotates away a run's lines (the correctness check
    reads them all)."""
    return {"sinks.file.enabled": True, "sinks.file.path": str(sink_dir / name), "sinks.file.max-bytes": "8GiB",
            "sinks.file.max-files": 50}


def to_yaml(dotted):
    """Nested YAML from dotted keys (values are scalars)."""
    tree = {}
    for key, value in dotted.items():
        node = tree
        parts = key.split(".")
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value

    def emit(node, indent):
        out = []
        for k, v in node.items():
            if isinstance(v, dict):
                out.append(" " * indent + f"{k}:")
                out.extend(emit(v, indent + 2))
            else:
                out.append(" " * indent + f"{k}: {json.dumps(v) if isinstance(v, str) else str(v).lower()}")
        return out

    return "\n".join(emit(tree, 0)) + "\n"


def get_token(server):
    auth = base64.b64encode(f"admin:{ADMIN_PASSWORD}".encode()).decode()
    status, body = http_request("POST", "127.0.0.1", server.port, "/v1/tokens",
                                body=b'{"roles":["writer","reader"]}',
                                headers={"Authorization": f"Basic {auth}", "Content-Type": "application/json"})
    if status != 200 and status != 201:
        status, body = http_request("POST", "127.0.0.1", server.port, "/v1/tokens",
                                    headers={"Authorization": f"Basic {auth}"})
    if status not in (200, 201):
        raise RuntimeError(f"POST /v1/tokens answered {status}: {body[:200]!r}")
    return json.loads(body)["result"]["token"]


def wrk(server, path, mode, seconds, prefix, token=None, ids_dir=None):
    """One closed-loop wrk run; returns wrk's counters plus the server's CPU seconds and RSS after the run."""
    env = dict(os.environ, BENCH_MODE=mode, BENCH_PREFIX=prefix, BENCH_BATCH=str(BATCH))
    if token:
        env["BENCH_TOKEN"] = token
    if ids_dir:
        ids_dir.mkdir(parents=True, exist_ok=True)
        env["BENCH_IDS_DIR"] = str(ids_dir)
    cmd = ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--timeout", "5s", "-s", str(LUA),
           f"http://127.0.0.1:{server.port}{path}"]
    accepted0 = accepted_count(server)
    cpu0 = server.cpu()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    cpu1 = server.cpu()
    accepted1 = accepted_count(server)
    line = next((l for l in out.stdout.splitlines() if l.startswith("BENCH_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result (status {out.returncode}): {out.stderr.strip()[:300]}")
    r = json.loads(line[len("BENCH_RESULT "):])
    r["cpu_s"] = cpu1 - cpu0
    if accepted0 is not None and accepted1 is not None:
        r["accepted"] = accepted1 - accepted0
    r["rss_mb"] = server.rss()
    r["errors"] = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"]
    return r


def accepted_count(server):
    """The runtime's count of accepted events (GET /v1/stats), None for the baseline or when unavailable: exact even
    when a batch is partly refused (503 queue full answers with per-item results)."""
    if not getattr(server, "has_stats", False):
        return None
    try:
        status, body = http_request("GET", "127.0.0.1", server.port, "/v1/stats")
        return json.loads(body)["result"]["accepted"] if status == 200 else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def load_result(r, events_per_request):
    secs = r["duration_us"] / 1e6
    ok = r["requests"] - r["status"]
    if events_per_request and r.get("accepted") is not None:
        ok = r["accepted"] / events_per_request
    res = {
        "requests_per_s": r["requests"] / secs,
        "cpu_us_per_request": r["cpu_s"] * 1e6 / max(1, r["requests"]),
        "rss_mb": r["rss_mb"],
        "errors": r["errors"],
    }
    if events_per_request:
        res["events_per_s"] = ok * events_per_request / secs
        res["cpu_us_per_event"] = r["cpu_s"] * 1e6 / (ok * events_per_request) if ok > 0 else None
    return res


def fixed_rate(server, path, rate, seconds, prefix, workdir, headers=(), body_template="", ids_out=None):
    """Open-loop fixed-rate run (no coordinated omission) with bench's FixedRateLoad."""
    body_file = workdir / f"{prefix}.body"
    body_file.write_text(body_template)
    cmd = [java(), "-XX:+UseSerialGC", "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", str(BENCH_JAR),
           "io.eventqueue.bench.FixedRateLoad", f"--url=http://127.0.0.1:{server.port}{path}", f"--rate={rate:.0f}",
           f"--duration={seconds}", "--warmup=2", "--connections=32", f"--body-file={body_file}",
           f"--id-prefix={prefix}"]
    cmd += [f"--header={h}" for h in headers]
    if ids_out:
        cmd.append(f"--ids-out={ids_out}")
    cpu0 = server.cpu()
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 90)
    cpu1 = server.cpu()
    if out.returncode != 0:
        raise RuntimeError(f"fixed-rate load failed: {out.stderr.strip()[:300]}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["cpu_us_per_request"] = (cpu1 - cpu0) * 1e6 / max(1, r["completed"])
    return r


ENVELOPE = ('{"event":{"event_type":"log","event_id":"{ID}","level":"error","message":"Database connection failed: '
            'timeout after 3000 ms while connecting to db-primary.internal:5432 (pool=orders, attempt=3/5, tls=on); '
            'the request was retried on the replica and the client was told to retry"}}')


# ---------------------------------------------------------------------------------------------------------------
# correctness: ids accepted by the server (from 2xx response bodies) vs ids that reached the file sink


SINK_ID = re.compile(r'\{"(?:id|event_id)":"([^"\\]*)"')


def sink_ids(sink_dir):
    ids = {}
    for path in sorted(glob.glob(str(sink_dir / "*"))):
        with open(path, errors="replace") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                fast = SINK_ID.match(line)
                if fast:
                    ids[fast.group(1)] = ids.get(fast.group(1), 0) + 1
                    continue
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                eid = record_id(rec)
                if eid is not None:
                    ids[eid] = ids.get(eid, 0) + 1
    return ids


def record_id(rec):
    if not isinstance(rec, dict):
        return None
    for key in ("event_id", "id"):
        if isinstance(rec.get(key), str):
            return rec[key]
    for key in ("event", "data", "payload"):
        inner = rec.get(key)
        if isinstance(inner, dict):
            found = record_id(inner)
            if found:
                return found
    return None


def accepted_ids(paths):
    ids = set()
    for path in paths:
        with open(path) as f:
            ids.update(l.strip() for l in f if l.strip())
    return ids


def correctness(accepted_by_prefix, in_sink):
    """{prefix: (missing, duplicates)}: accepted ids absent from the sink, and extra copies of ids in the sink."""
    result = {}
    for prefix, accepted in accepted_by_prefix.items():
        missing = sum(1 for i in accepted if i not in in_sink)
        dups = sum(n - 1 for i, n in in_sink.items() if n > 1 and i.startswith(prefix + "-"))
        result[prefix] = (missing, dups)
    return result


# ---------------------------------------------------------------------------------------------------------------


class Bench:
    def __init__(self, args):
        self.args = args
        self.flags = os.environ.get("BENCH_JVM_FLAGS", DEFAULT_JVM_FLAGS).split()
        # The operator's heap is a goal of its own (≤ 256 MiB after GC): no -Xmx that would cap it below the figure.
        self.operator_flags = os.environ.get("BENCH_OPERATOR_JVM_FLAGS", "-XX:+UseSerialGC -Xmx1g").split()
        self.tmp = RESULTS / "tmp" / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        self.runs = {}  # scenario -> list of per-run dicts
        self.skipped = {}  # scenario -> reason
        self.baseline_latency = []
        gc = os.environ.get("BENCH_LATENCY_GC", DEFAULT_LATENCY_GC)
        self.latency_gc_flags = [f for f in self.flags if not re.fullmatch(r"-XX:[+-]Use\w+GC", f)] + [gc]
        self.latency_gc_name = "latency-50pct-" + re.sub(r"^-XX:\+Use", "", gc).lower()

    def add(self, name, run):
        self.runs.setdefault(name, []).append(run)

    def skip(self, name, reason):
        if name not in self.skipped and name not in self.runs:
            log(f"{name}: skipped: {reason}")
        self.skipped.setdefault(name, reason)

    def warm(self, server, path, mode, token=None):
        wrk(server, path, mode, self.args.warmup, "warm", token)

    # -- one instance of each server per round --------------------------------------------------------------

    def round_runtime_file(self, rnd):
        name = f"runtime-file-{rnd}"
        work = self.tmp / name
        sink = work / "sink"
        sink.mkdir(parents=True, exist_ok=True)
        server = runtime_server(name, work, self.flags, file_sink(sink))
        server.start()
        time.sleep(1)
        self.add("footprint-runtime", {"rss_mb": server.rss(), "start_ms": server.start_ms})
        ids_dir = work / "accepted"
        try:
            token = get_token(server)
            self.warm(server, "/v1/events", "single", token)
            d = self.args.duration
            r = wrk(server, "/v1/events", "single", d, f"sp{rnd}", token, ids_dir)
            self.add("single-post", {**load_result(r, 1), "prefix": f"sp{rnd}"})
            log(f"single-post #{rnd}: {r['requests'] / (r['duration_us'] / 1e6):,.0f} req/s, "
                f"{r['cpu_s'] * 1e6 / max(1, r['requests']):.1f} µs CPU/req, errors {r['errors']}")
            wrk(server, "/v1/events", "ce", 2, "warmce", token)
            r = wrk(server, "/v1/events", "ce", d, f"ce{rnd}", token, ids_dir)
            self.add("ce-binary-post", {**load_result(r, 1), "prefix": f"ce{rnd}"})
            log(f"ce-binary-post #{rnd}: {r['requests'] / (r['duration_us'] / 1e6):,.0f} req/s, errors {r['errors']}")
            rate = 0.5 * statistics.median(x["requests_per_s"] for x in self.runs["single-post"])
            lat = fixed_rate(server, "/v1/events", rate, d, f"lat{rnd}", work,
                             headers=("Content-Type: application/json", f"Authorization: Bearer {token}"),
                             body_template=ENVELOPE, ids_out=ids_dir / f"lat{rnd}.ids")
            self.add("latency-50pct", {**lat, "prefix": f"lat{rnd}", "rss_mb": server.rss()})
            log(f"latency-50pct #{rnd}: {rate:,.0f}/s p50 {lat['p50_ms']:.2f} p99 {lat['p99_ms']:.2f} "
                f"p99.9 {lat['p999_ms']:.2f} ms, errors {lat['errors']}")
            self.latency_rate = rate
        finally:
            server.stop()
        # Every accepted id must be in the sink once the server has drained and stopped.
        in_sink = sink_ids(sink)
        by_prefix = {}
        for path in glob.glob(str(ids_dir / "*.ids")):
            prefix = Path(path).name.split("-")[0].removesuffix(".ids")
            by_prefix.setdefault(prefix, []).append(path)
        checks = correctness({p: accepted_ids(paths) for p, paths in by_prefix.items()}, in_sink)
        for scenario in ("single-post", "ce-binary-post", "latency-50pct"):
            run = self.runs[scenario][-1]
            missing, dups = checks.get(run["prefix"], (None, None))
            run["missing"], run["duplicates"] = missing, dups
            if missing:
                log(f"{scenario} #{rnd}: {missing} accepted ids are missing from the sink")
        shutil.rmtree(sink, ignore_errors=True)

    def round_baseline(self, rnd):
        work = self.tmp / f"baseline-{rnd}"
        server = baseline_server(work, self.flags).start()
        time.sleep(1)
        self.add("footprint-baseline", {"rss_mb": server.rss(), "start_ms": server.start_ms})
        try:
            self.warm(server, "/v1/events", "single")
            # ids are recorded as for the runtime (and thrown away) so that wrk does the same work for both
            r = wrk(server, "/v1/events", "single", self.args.duration, f"bl{rnd}", ids_dir=work / "accepted")
            run = load_result(r, 0)
            log(f"baseline-post #{rnd}: {run['requests_per_s']:,.0f} req/s, {run['cpu_us_per_request']:.1f} µs CPU/req")
            rate = getattr(self, "latency_rate", None)
            if rate:
                lat = fixed_rate(server, "/v1/events", rate, self.args.duration, f"bll{rnd}", work,
                                 headers=("Content-Type: application/json",), body_template=ENVELOPE)
                run.update({k: lat[k] for k in ("p50_ms", "p99_ms", "p999_ms")})
                log(f"baseline latency #{rnd}: {rate:,.0f}/s p50 {lat['p50_ms']:.2f} p99 {lat['p99_ms']:.2f} "
                    f"p99.9 {lat['p999_ms']:.2f} ms")
            self.add("baseline-post", run)
            # The stack's ceiling for the batch bodies (~30 KB): the same requests as batch-100, no parsing at all.
            wrk(server, "/v1/events/batch", "batch", 2, "warmb")
            r = wrk(server, "/v1/events/batch", "batch", self.args.duration, f"bb{rnd}", ids_dir=work / "accepted")
            batch_run = load_result(r, 0)
            batch_run["events_per_s"] = batch_run["requests_per_s"] * BATCH
            batch_run["cpu_us_per_event"] = batch_run["cpu_us_per_request"] / BATCH
            self.add("baseline-batch-100", batch_run)
            log(f"baseline-batch-100 #{rnd}: {batch_run['requests_per_s']:,.0f} req/s "
                f"(= {batch_run['requests_per_s'] * BATCH:,.0f} events/s if parsing were free), "
                f"{batch_run['cpu_us_per_request']:.1f} µs CPU/req")
        finally:
            server.stop()

    def round_latency_other_gc(self, rnd):
        """Latency at the same fixed rate with another collector (same flags otherwise), runtime then baseline: GC
        pauses set the runtime's p99 with the default flags; this shows what the collector alone changes."""
        rate = getattr(self, "latency_rate", None)
        if not rate:
            return
        name, flags = self.latency_gc_name, self.latency_gc_flags
        work = self.tmp / f"{name}-{rnd}"
        sink = work / "sink"
        sink.mkdir(parents=True, exist_ok=True)
        server = runtime_server(f"{name}-rt-{rnd}", work, flags, file_sink(sink)).start()
        try:
            token = get_token(server)
            self.warm(server, "/v1/events", "single", token)
            lat = fixed_rate(server, "/v1/events", rate, self.args.duration, f"lg{rnd}", work,
                             headers=("Content-Type: application/json", f"Authorization: Bearer {token}"),
                             body_template=ENVELOPE)
        finally:
            server.stop()
        shutil.rmtree(sink, ignore_errors=True)
        base = baseline_server(work, flags).start()
        try:
            self.warm(base, "/v1/events", "single")
            blat = fixed_rate(base, "/v1/events", rate, self.args.duration, f"lgb{rnd}", work,
                              headers=("Content-Type: application/json",), body_template=ENVELOPE)
        finally:
            base.stop()
        self.add(name, {**{k: lat[k] for k in ("p50_ms", "p99_ms", "p999_ms", "errors", "cpu_us_per_request")},
                        "baseline_p99_ms": blat["p99_ms"], "baseline_p999_ms": blat["p999_ms"]})
        log(f"{name} #{rnd}: {rate:,.0f}/s runtime p99 {lat['p99_ms']:.2f} ms, baseline p99 {blat['p99_ms']:.2f} ms "
            f"({' '.join(flags)})")

    def round_runtime_batch(self, rnd, name, settings, policy=None):
        work = self.tmp / f"{name}-{rnd}"
        server = runtime_server(f"{name}-{rnd}", work, self.flags, settings)
        try:
            server.start()
        except RuntimeError as e:
            self.skip(name, f"runtime does not start with {settings}: {e}")
            return
        try:
            token = get_token(server)
            self.warm(server, "/v1/events/batch", "batch", token)
            r = wrk(server, "/v1/events/batch", "batch", self.args.duration, f"{name[:2]}{rnd}", token)
            run = load_result(r, BATCH)
            log(f"{name} #{rnd}: {run['events_per_s']:,.0f} events/s, {run['cpu_us_per_event']:.2f} µs CPU/event, "
                f"errors {run['errors']}")
        finally:
            server.stop()
        if policy is not None and not journal_written(server.data_dir):
            self.skip(name, "durability=journal is accepted but nothing was written to the journal in data-dir "
                            "(journal not implemented on this branch)")
            return
        self.add(name, run)

    # -- footprint with AppCDS --------------------------------------------------------------------------------

    def appcds(self):
        for kind in ("baseline", "runtime"):
            archive = self.tmp / f"{kind}-appcds.jsa"
            make = (lambda extra, n: baseline_server(self.tmp / f"cds-{kind}-{n}", self.flags, extra)) \
                if kind == "baseline" else \
                (lambda extra, n: runtime_server(f"cds-{kind}-{n}", self.tmp / f"cds-{kind}-{n}", self.flags, {},
                                                 extra))
            s = make([f"-XX:ArchiveClassesAtExit={archive}"], "train").start()
            if kind == "runtime":
                get_token(s)
            s.stop()
            if not archive.exists():
                self.skip("footprint-appcds", f"no AppCDS archive was written for the {kind}")
                return
            for n in range(self.args.rounds):
                s = make([f"-XX:SharedArchiveFile={archive}"], n).start()
                self.add(f"footprint-{kind}-appcds", {"start_ms": s.start_ms})
                s.stop()

    # ----------------------------------------------------------------------------------------------------------

    def run(self):
        self.tmp.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        runtime_ok, reason = self.check_runtime()
        if not runtime_ok:
            for name in ("single-post", "ce-binary-post", "batch-100", "latency-50pct", "journal-always",
                         "journal-interval", "journal-never"):
                self.skip(name, reason)
        for rnd in range(1, self.args.rounds + 1):
            log(f"round {rnd}/{self.args.rounds}")
            if runtime_ok:
                self.round_runtime_file(rnd)
            self.round_baseline(rnd)
            if runtime_ok:
                self.round_latency_other_gc(rnd)
                self.round_runtime_batch(rnd, "batch-100", {"durability": "memory"})
                for policy in ("always", "interval", "never"):
                    name = f"journal-{policy}"
                    if name not in self.skipped:
                        self.round_runtime_batch(rnd, name, {"durability": "journal", "journal.fsync": policy},
                                                 policy)
        if runtime_ok:
            self.appcds()
        self.operator_scale()
        self.elapsed = time.monotonic() - started
        return self.report()

    def operator_scale(self):
        """1,000 EventQueues in the fabric8 mock API server, the operator jar as its own JVM (bench/operator-scale)."""
        for path, what in ((OPERATOR_SCALE_JAR, "the operator-scale driver"), (OPERATOR_JAR, "the operator jar"),
                           (OPERATOR_CRD, "the generated CRD")):
            if not path.exists():
                self.skip("operator-1000", f"{what} ({path}) was not built")
                return
        with zipfile.ZipFile(OPERATOR_JAR) as jar:
            if "io/eventqueue/operator/EventQueueOperator.class" not in jar.namelist():
                self.skip("operator-1000", f"{OPERATOR_JAR} has no io.eventqueue.operator.EventQueueOperator "
                                           "(the operator is not merged into this build)")
                return
        work = self.tmp / "operator-1000"
        cmd = [java(), "-XX:+UseSerialGC", "-Xmx1g", "-jar", str(OPERATOR_SCALE_JAR), f"--operator-jar={OPERATOR_JAR}",
               f"--crd={OPERATOR_CRD}", f"--count={OPERATOR_COUNT}", f"--steady={OPERATOR_STEADY_S}",
               f"--resync={OPERATOR_RESYNC}", f"--timeout={OPERATOR_TIMEOUT_S}", f"--java={java()}",
               f"--jvm-flags={' '.join(self.operator_flags)}", f"--workdir={work}"]
        log(f"operator-1000: {OPERATOR_COUNT} EventQueues, operator flags {' '.join(self.operator_flags)}")
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=OPERATOR_TIMEOUT_S + 180)
        line = next((l for l in reversed(out.stdout.splitlines()) if l.startswith("{")), None)
        if out.returncode != 0 or line is None:
            self.skip("operator-1000", f"the operator-scale driver failed (status {out.returncode}): "
                                       + (out.stderr.strip().splitlines() or ["no output"])[-1][:200])
            return
        r = json.loads(line)
        if "error" in r and "dependents" not in r:
            self.skip("operator-1000", r["error"])
            return
        self.operator_result = r
        if "error" in r:
            log(f"operator-1000: {r['error']}: reached {r['dependents']}; heap after GC {r['heap_after_gc_mib']:.0f} "
                f"MiB; CPU operator {r['operator_cpu_s']} s, mock API server {r['mock_server_cpu_s']} s")
            return
        log(f"operator-1000: all dependents after {r['all_dependents_s']:.1f} s, heap after GC "
            f"{r['heap_after_gc_mib']:.0f} MiB, {r['steady_writes']} writes in {r['steady_s']} s of steady state")

    def check_runtime(self):
        if not RUNTIME_JAR.exists():
            return False, f"{RUNTIME_JAR} was not built"
        probe = runtime_server("probe", self.tmp / "probe", self.flags, {})
        try:
            probe.start(timeout=60)
            get_token(probe)
            status, body = http_request("POST", "127.0.0.1", probe.port, "/v1/events",
                                        body=ENVELOPE.replace("{ID}", "probe-1").encode(),
                                        headers={"Content-Type": "application/json",
                                                 "Authorization": f"Bearer {get_token(probe)}"})
            if status != 202:
                return False, f"runtime answers POST /v1/events with {status}: {body[:160]!r}"
            return True, None
        except (RuntimeError, OSError, ValueError, KeyError) as e:
            return False, f"runtime cannot serve tokens and events yet ({e})"
        finally:
            probe.stop()

    # -- report -------------------------------------------------------------------------------------------------

    def report(self):
        med = lambda runs, k: median([r.get(k) for r in runs])
        base_runs = self.runs.get("baseline-post", [])
        base_rps = med(base_runs, "requests_per_s")
        scenarios = []

        def load_scenario(name, ratio_key="requests_per_s"):
            runs = self.runs.get(name)
            if not runs:
                return {"name": name, "skipped": self.skipped.get(name, "not run")}
            s = {"name": name}
            for k in ("requests_per_s", "events_per_s", "p50_ms", "p99_ms", "p999_ms", "cpu_us_per_request",
                      "cpu_us_per_event", "rss_mb"):
                v = med(runs, k)
                if v is not None:
                    s[k] = round(v, 3)
            s["errors"] = sum(r.get("errors") or 0 for r in runs)
            if any("missing" in r for r in runs):
                s["missing"] = total([r.get("missing") for r in runs])
                s["duplicates"] = total([r.get("duplicates") for r in runs])
            if name != "baseline-post" and base_rps and s.get(ratio_key):
                s["ratio_to_baseline"] = round(s[ratio_key] / base_rps, 3)
            return s

        scenarios.append(load_scenario("baseline-post"))
        scenarios.append(load_scenario("baseline-batch-100", "events_per_s"))
        scenarios.append(load_scenario("single-post"))
        scenarios.append(load_scenario("ce-binary-post"))
        scenarios.append(load_scenario("batch-100", "events_per_s"))
        lat = load_scenario("latency-50pct")
        if "skipped" not in lat:
            lat.pop("requests_per_s", None)
            lat["requests_per_s"] = round(self.latency_rate, 1)
            base_p99 = med(base_runs, "p99_ms")
            lat["ratio_to_baseline"] = round(lat["p99_ms"] / base_p99, 3) if base_p99 else None
        scenarios.append(lat)
        other = load_scenario(self.latency_gc_name)
        if "skipped" not in other:
            other.pop("requests_per_s", None)
            other["requests_per_s"] = round(self.latency_rate, 1)
            other["baseline_p99_ms"] = round(med(self.runs[self.latency_gc_name], "baseline_p99_ms"), 3)
            other["ratio_to_baseline"] = round(other["p99_ms"] / other["baseline_p99_ms"], 3)
            other["jvm_flags"] = " ".join(self.latency_gc_flags)
        scenarios.append(other)
        for policy in ("always", "interval", "never"):
            scenarios.append(load_scenario(f"journal-{policy}", "events_per_s"))
        scenarios.append(self.footprint())
        op = getattr(self, "operator_result", None)
        if op and "error" in op:
            scenarios.append({
                "name": "operator-1000", "heap_after_gc_mib": op["heap_after_gc_mib"], "rss_mb": op["rss_mib"],
                "errors": 1,
                "details": {"error": op["error"], "event_queues": op["event_queues"],
                            "dependents_reached": op["dependents"], "operator_cpu_s": op["operator_cpu_s"],
                            "mock_server_cpu_s": op["mock_server_cpu_s"], "jvm_flags": " ".join(self.operator_flags)}})
        elif op:
            scenarios.append({
                "name": "operator-1000", "start_ms": round(op["all_dependents_s"] * 1000),
                "heap_after_gc_mib": op["heap_after_gc_mib"], "steady_writes": op["steady_writes"],
                "rss_mb": op["rss_mib"], "errors": 0,
                "details": {"event_queues": op["event_queues"], "dependents": op["dependents"],
                            "steady_s": op["steady_s"], "steady_cpu_s": op["steady_cpu_s"],
                            "operator_cpu_s": op["operator_cpu_s"], "mock_server_cpu_s": op["mock_server_cpu_s"],
                            "resync_interval": OPERATOR_RESYNC, "writes_by_path": op["writes"],
                            "jvm_flags": " ".join(self.operator_flags)}})
        else:
            scenarios.append({"name": "operator-1000", "skipped": self.skipped.get("operator-1000", "not run")})

        result = {
            "commit": commit(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "machine": machine(self.flags),
            "scenarios": scenarios,
        }
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
        (RESULTS / "runs.json").write_text(json.dumps(
            {"commit": result["commit"], "date": result["date"], "runs": self.runs, "skipped": self.skipped},
            indent=2) + "\n")
        append_markdown(result, self.runs, self.elapsed)
        log(f"wrote {(RESULTS / 'latest.json').relative_to(ROOT)} and appended to {DOC.relative_to(ROOT)} "
            f"({self.elapsed / 60:.1f} min)")
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return result

    def footprint(self):
        rt, bl = self.runs.get("footprint-runtime"), self.runs.get("footprint-baseline")
        s = {"name": "footprint"}
        if not bl:
            return {**s, "skipped": "baseline did not run"}
        med = lambda runs, k: median([r.get(k) for r in runs]) if runs else None
        after = lambda name: med(self.runs.get(name), "rss_mb")
        s["rss_mb"] = {"runtime_idle": rnd(med(rt, "rss_mb")), "baseline_idle": rnd(med(bl, "rss_mb")),
                       "runtime_after_load": rnd(after("single-post")),
                       "baseline_after_load": rnd(after("baseline-post"))}
        s["start_ms"] = {"runtime": rnd(med(rt, "start_ms")), "baseline": rnd(med(bl, "start_ms")),
                         "runtime_appcds": rnd(med(self.runs.get("footprint-runtime-appcds"), "start_ms")),
                         "baseline_appcds": rnd(med(self.runs.get("footprint-baseline-appcds"), "start_ms"))}
        if not rt:
            s["skipped"] = self.skipped.get("single-post", "runtime did not run")
            return s
        s["ratio_to_baseline"] = {
            "idle_rss": ratio(s["rss_mb"]["runtime_idle"], s["rss_mb"]["baseline_idle"]),
            "start": ratio(s["start_ms"]["runtime"], s["start_ms"]["baseline"]),
            "start_appcds": ratio(s["start_ms"]["runtime_appcds"], s["start_ms"]["baseline_appcds"]),
        }
        return s


def journal_written(data_dir):
    return data_dir.exists() and any(p.is_file() and p.stat().st_size > 0 for p in data_dir.rglob("*"))


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def total(values):
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def rnd(v, digits=1):
    return None if v is None else round(v, digits)


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def commit():
    try:
        sha = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        return sha + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def machine(flags):
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    jdk = subprocess.run([java(), "-version"], capture_output=True, text=True).stderr.splitlines()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "kernel": platform.release(),
        "jdk": jdk[1].strip() if len(jdk) > 1 else (jdk[0] if jdk else "unknown"),
        "jvm_flags": " ".join(flags),
        "load_average": os.getloadavg()[0],
        "load_generator": f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} (throughput); bench FixedRateLoad, 32 "
                          "connections, open loop (latency)",
    }


def fmt(v, digits=0):
    if v is None:
        return "–"
    return f"{v:,.{digits}f}"


def spread(runs, key, digits=0):
    vals = [r.get(key) for r in runs if r.get(key) is not None]
    if not vals:
        return "–"
    return f"{fmt(statistics.median(vals), digits)} ({fmt(min(vals), digits)}–{fmt(max(vals), digits)})"


def cpu_based_ratio(s, base):
    """The throughput ratio that the servers' CPU cost implies: baseline CPU per request over the runtime's CPU per
    request (per event for batches). Robust against other processes on the machine."""
    b = base.get("cpu_us_per_request")
    if not b or s["name"] == "baseline-post" or s["name"].startswith("latency-"):
        return None
    own = s.get("cpu_us_per_event") if "batch" in s["name"] or s["name"].startswith("journal") \
        else s.get("cpu_us_per_request")
    return b / own if own else None


def append_markdown(result, runs, elapsed):
    m = result["machine"]
    lines = [
        "",
        f"## {result['date']} · commit `{result['commit']}`",
        "",
        f"CPU: {m['cpu']} × {m['cores']} · JDK: {m['jdk']} · flags: `{m['jvm_flags']}` · "
        f"load average at end: {m['load_average']:.2f} · run took {elapsed / 60:.1f} min · "
        f"{m['load_generator']}.",
        "",
        "Median (min–max) over the runs; ratios are medians against the baseline of the same run; "
        "\"CPU\" is the ratio implied by server CPU time (baseline µs/request ÷ runtime µs/request or µs/event), "
        "the figure least disturbed by other processes.",
        "",
        "| scenario | req/s | events/s | ratio | goal | CPU µs/req | CPU µs/event | p50 / p99 / p99.9 ms "
        "| RSS MiB | errors | missing | dups |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = next((s for s in result["scenarios"] if s["name"] == "baseline-post"), {})
    for s in result["scenarios"]:
        name = s["name"]
        if "skipped" in s and name != "footprint":
            lines.append(f"| {name} | skipped: {s['skipped']} |||||||||||")
            continue
        if name == "footprint":
            rss, st, ra = s.get("rss_mb", {}), s.get("start_ms", {}), s.get("ratio_to_baseline", {})
            lines.append(
                f"| footprint | idle RSS runtime {fmt(rss.get('runtime_idle'))} / baseline "
                f"{fmt(rss.get('baseline_idle'))} MiB; after load {fmt(rss.get('runtime_after_load'))} / "
                f"{fmt(rss.get('baseline_after_load'))} MiB; start→ready runtime {fmt(st.get('runtime'))} / "
                f"baseline {fmt(st.get('baseline'))} ms, with AppCDS {fmt(st.get('runtime_appcds'))} / "
                f"{fmt(st.get('baseline_appcds'))} ms | | RSS {fmt(ra.get('idle_rss'), 2)}, start "
                f"{fmt(ra.get('start'), 2)} (AppCDS {fmt(ra.get('start_appcds'), 2)}) | {GOALS['footprint']} "
                f"| | | | | | | |" if "skipped" not in s else
                f"| footprint | idle RSS baseline {fmt(rss.get('baseline_idle'))} MiB, start→ready baseline "
                f"{fmt(st.get('baseline'))} ms; runtime skipped: {s['skipped']} |||||||||||")
            continue
        if name == "operator-1000" and "error" in s.get("details", {}):
            d = s["details"]
            lines.append(
                f"| operator-1000 | {d['error']}: reached {d['dependents_reached']} for {d['event_queues']} "
                f"EventQueues; heap after GC {s['heap_after_gc_mib']:.0f} MiB, RSS {s['rss_mb']:.0f} MiB; CPU so far: "
                f"operator {d['operator_cpu_s']} s, mock API server {d['mock_server_cpu_s']} s | | not measured | "
                f"{GOALS['operator-1000']} | | | | | | | |")
            continue
        if name == "operator-1000":
            d = s["details"]
            deps = ", ".join(f"{k} {v}" for k, v in d["dependents"].items())
            lines.append(
                f"| operator-1000 | {d['event_queues']} EventQueues: all dependents after {s['start_ms'] / 1000:.1f} s "
                f"from the operator's start ({deps}); heap after GC {s['heap_after_gc_mib']:.0f} MiB, RSS "
                f"{s['rss_mb']:.0f} MiB; {s['steady_writes']} writes in {d['steady_s']} s of steady state with "
                f"resync every {d['resync_interval']} (operator CPU {d['steady_cpu_s']:.1f} s in that window) | | "
                f"{'met' if s['heap_after_gc_mib'] <= 256 and s['steady_writes'] == 0 else 'NOT met'} | "
                f"{GOALS['operator-1000']} | | | | | | | |")
            continue
        r = runs.get(name, [])
        pct = "–"
        if s.get("p99_ms") is not None:
            pct = f"{fmt(s.get('p50_ms'), 2)} / {spread(r, 'p99_ms', 2)} / {fmt(s.get('p999_ms'), 2)}"
        reqs = spread(r, "requests_per_s") if not name.startswith("latency-") else f"{fmt(s.get('requests_per_s'))} (fixed)"
        if "jvm_flags" in s:
            reqs += f", `{s['jvm_flags']}`; baseline p99 {spread(r, 'baseline_p99_ms', 2)} ms"
        ratio_cell = fmt(s.get('ratio_to_baseline'), 2)
        cpu_ratio = cpu_based_ratio(s, base)
        if cpu_ratio is not None:
            ratio_cell += f" (CPU {cpu_ratio:.2f})"
        lines.append(
            f"| {name} | {reqs} | {spread(r, 'events_per_s')} | {ratio_cell} | "
            f"{GOALS.get(name, GOALS['latency-50pct-gc'] if name.startswith('latency-50pct-') else '')} | {spread(r, 'cpu_us_per_request', 1)} | {spread(r, 'cpu_us_per_event', 2)} | "
            f"{pct} | {fmt(s.get('rss_mb'))} | {s.get('errors', '–')} | {fmt(s.get('missing'))} | "
            f"{fmt(s.get('duplicates'))} |")
    DOC.parent.mkdir(parents=True, exist_ok=True)
    if not DOC.exists():
        DOC.write_text("# Benchmarks\n\nAppended by `make bench` (see bench/README.md).\n")
    with open(DOC, "a") as f:
        f.write("\n".join(lines) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    p.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "10")),
                   help="seconds per measured run")
    p.add_argument("--warmup", type=int, default=5, help="seconds of wrk warm-up after each start")
    p.add_argument("--keep", action="store_true", help="keep bench/results/tmp (logs, configs, sink files)")
    args = p.parse_args()
    for tool in ("wrk",):
        if not shutil.which(tool):
            sys.exit(f"bench: {tool} not found (make bench installs it)")
    if not BENCH_JAR.exists():
        sys.exit(f"bench: {BENCH_JAR.relative_to(ROOT)} missing: run make build first")
    Bench(args).run()


if __name__ == "__main__":
    main()
