package io.eventqueue.bench.journal;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import io.eventqueue.runtime.log.journal.Journal;
import io.eventqueue.runtime.log.journal.JournalOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Journal throughput by fsync policy and concurrency ({@code make bench-journal}): appends of 300-byte events,
 * each acked right after (as delivery would), from virtual threads, plus 100-event batches from one thread.
 * Prints a markdown table; a run takes about a minute. Not a test: numbers depend on the disk and the machine.
 */
public final class JournalBenchmark {
    private static final int PAYLOAD_BYTES = 300;
    private static final Duration RUN = Duration.ofSeconds(3);

    private JournalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Files.createTempDirectory("journal-bench");
        System.out.println("| fsync | appenders | events/s | write groups/s (appends + acks) | events per group |");
        System.out.println("|---|---:|---:|---:|---:|");
        try {
            for (Fsync policy : Fsync.values()) {
                for (int appenders : new int[] {1, 16, 64}) {
                    run(root, policy, appenders, 1);
                }
                run(root, policy, 1, 100);
            }
        } finally {
            deleteTree(root);
        }
    }

    private static void run(Path root, Fsync policy, int appenders, int batch) throws Exception {
        Path dir = Files.createTempDirectory(root, policy.name());
        byte[] payload = new byte[PAYLOAD_BYTES];
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            payloads.add(payload);
        }
        try (Journal journal = Journal.open(JournalOptions.of(dir, policy, Duration.ofMillis(10), 1L << 30));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            long commitsBefore = journal.commits();
            long deadline = System.nanoTime() + RUN.toNanos();
            List<Future<Long>> counts = new ArrayList<>();
            long start = System.nanoTime();
            for (int a = 0; a < appenders; a++) {
                counts.add(pool.submit(() -> {
                    long n = 0;
                    while (System.nanoTime() < deadline) {
                        journal.ack(journal.append(payloads));
                        n += payloads.size();
                    }
                    return n;
                }));
            }
            long events = 0;
            for (var c : counts) {
                events += c.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long commits = journal.commits() - commitsBefore;
            System.out.printf("| %s | %s | %,.0f | %,.0f | %.1f |%n", policy.name().toLowerCase(),
                    batch > 1 ? "1 (batches of " + batch + ")" : Integer.toString(appenders), events / seconds,
                    commits / seconds, commits == 0 ? 0.0 : (double) events / commits);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
