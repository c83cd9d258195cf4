#!/usr/bin/env python3
"""`make bench-kafka` (also run by `make bench`): durability=kafka against a local broker, beside a bare producer.

Starts one local KRaft broker (scripts/kafka-broker, the jars of kafka-broker/pom.xml), then, interleaved per round:
the runtime in Kafka mode under wrk (single posts, then batches of 100; 2 threads x 64 connections) and
bench.BareKafkaProducer, a kafka-clients loop with the runtime's producer settings writing records of the same
shape from 64 clients that each wait for their batch's acknowledgements (batch 1 and batch 100): the physical limit
of the Kafka path on this machine. Reports medians: requests/s, events/s, p50/p99 of the time to 202 (wrk) and to
the last ack (bare), and the ratio runtime/bare. Writes bench/results/kafka-latest.json.

Usage: bench/kafka_bench.py [--rounds N] [--duration S] [--jvm-flags "…"]
"""
import argparse
import json
import statistics
import subprocess
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402  (the runtime, wrk and process helpers of `make bench`)

ROOT = harness.ROOT
OUT = harness.RESULTS / "kafka-latest.json"


def bare(bootstrap, seconds, batch):
    cmd = [harness.java(), "-Xmx256m", "-cp", str(harness.BENCH_JAR), "io.eventqueue.bench.BareKafkaProducer",
           bootstrap, f"bare-{uuid.uuid4()}", str(seconds), str(harness.WRK_CONNECTIONS), str(batch)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    line = next((l for l in out.stdout.splitlines() if l.startswith("BARE_RESULT ")), None)
    if line is None:
        raise RuntimeError(f"bare producer gave no result: {out.stderr.strip()[-400:]}")
    r = json.loads(line[len("BARE_RESULT "):])
    return {"events_per_s": r["records"] / r["seconds"], "requests_per_s": r["records"] / batch / r["seconds"],
            "p50_ms": r["p50_us"] / 1000, "p99_ms": r["p99_us"] / 1000,
            "cpu_us_per_event": r["cpu_s"] * 1e6 / max(1, r["records"])}


def runtime(server, token, mode, seconds, prefix):
    r = harness.wrk(server, "/v1/events/batch" if mode == "batch" else "/v1/events", mode, seconds, prefix, token)
    per = harness.BATCH if mode == "batch" else 1
    res = harness.load_result(r, per)
    res["events_per_s"] = res.get("events_per_s", res["requests_per_s"])
    res["p50_ms"] = r["lat_p50_us"] / 1000
    res["p99_ms"] = r["lat_p99_us"] / 1000
    return res


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--jvm-flags", default=harness.DEFAULT_JVM_FLAGS, help="the runtime's JVM flags")
    args = p.parse_args()
    work = ROOT / "target" / "bench-kafka"
    broker_dir = work / "broker"
    subprocess.run([str(ROOT / "scripts" / "kafka-broker"), "up", str(broker_dir)], check=True, cwd=ROOT)
    bootstrap = (broker_dir / "bootstrap").read_text().strip()
    runs = {k: [] for k in ("runtime-single", "runtime-batch-100", "bare-single", "bare-batch-100")}
    server = None
    try:
        server = harness.runtime_server("kafka", work, args.jvm_flags.split(), {
            "durability": "kafka", "kafka.bootstrap-servers": bootstrap, "kafka.topic": f"bench-{uuid.uuid4()}",
            "kafka.topics.create": True, "kafka.partitions": 6, "kafka.replication-factor": 1,
            "kafka.min-insync-replicas": 1, "dedup.window": "0s"}).start()
        token = harness.get_token(server)
        harness.wrk(server, "/v1/events", "single", 3, "warm-", token)
        for rnd in range(args.rounds):
            harness.log(f"kafka round {rnd + 1}/{args.rounds}")
            runs["runtime-single"].append(runtime(server, token, "single", args.duration, f"s{rnd}-"))
            runs["bare-single"].append(bare(bootstrap, args.duration, 1))
            runs["runtime-batch-100"].append(runtime(server, token, "batch", args.duration, f"b{rnd}-"))
            runs["bare-batch-100"].append(bare(bootstrap, args.duration, harness.BATCH))
    finally:
        if server:
            server.stop()
        subprocess.run([str(ROOT / "scripts" / "kafka-broker"), "down", str(broker_dir)], cwd=ROOT)
    med = {name: {k: statistics.median(r[k] for r in rs) for k in ("events_per_s", "requests_per_s", "p50_ms",
                                                                     "p99_ms", "cpu_us_per_event")}
           for name, rs in runs.items()}
    result = {"commit": harness.commit(), "rounds": args.rounds, "duration_s": args.duration, "median": med,
              "ratio_single": med["runtime-single"]["events_per_s"] / med["bare-single"]["events_per_s"],
              "ratio_batch_100": med["runtime-batch-100"]["events_per_s"] / med["bare-batch-100"]["events_per_s"],
              "runs": runs}
    harness.RESULTS.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print("| scenario | events/s | requests/s | p50 ms | p99 ms | CPU µs/event |")
    print("|---|---|---|---|---|---|")
    for name, m in med.items():
        print(f"| {name} | {m['events_per_s']:,.0f} | {m['requests_per_s']:,.0f} | {m['p50_ms']:.1f} | {m['p99_ms']:.1f}"
              f" | {m['cpu_us_per_event']:.1f} |")
    print(f"ratio runtime/bare: single {result['ratio_single']:.2f}, batch-100 {result['ratio_batch_100']:.2f}"
          f" (goal batch ≥ 0.5); written to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
