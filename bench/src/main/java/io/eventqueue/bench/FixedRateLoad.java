package io.eventqueue.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop, fixed-rate HTTP/1.1 load without coordinated omission (the wrk2 method): request {@code i} is due at
 * {@code start + i / rate}, and its latency is measured from that due time, not from when a connection became free
 * to send it. A slow server therefore cannot slow the generator down and hide its own queueing delay.
 *
 * <p>Usage: {@code java -cp eventqueue-bench.jar io.eventqueue.bench.FixedRateLoad --url=http://127.0.0.1:8080/v1/events
 * --rate=5000 --duration=10 --warmup=2 --connections=32 --body-file=body.json --header='Authorization: Bearer …'
 * [--id-prefix=lat1] [--ids-out=accepted.txt]}. {@code {ID}} in the body and in headers is replaced by a unique
 * id per request ({@code <id-prefix>-<n>}). Prints one JSON object with the latency percentiles (ms) of the
 * requests due after the warm-up.
 */
public final class FixedRateLoad {
    private final URI url;
    private final double rate;
    private final double warmupSeconds;
    private final double durationSeconds;
    private final int connections;
    private final List<String> headers;
    private final String bodyTemplate;
    private final String idPrefix;
    private final Path idsOut;

    private final AtomicLong nextRequest = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();

    private FixedRateLoad(URI url, double rate, double warmupSeconds, double durationSeconds, int connections,
                          List<String> headers, String bodyTemplate, String idPrefix, Path idsOut) {
        this.url = url;
        this.rate = rate;
        this.warmupSeconds = warmupSeconds;
        this.durationSeconds = durationSeconds;
        this.connections = connections;
        this.headers = headers;
        this.bodyTemplate = bodyTemplate;
        this.idPrefix = idPrefix;
        this.idsOut = idsOut;
    }

    public static void main(String[] args) throws Exception {
        URI url = null;
        double rate = 0;
        double duration = 10;
        double warmup = 2;
        int connections = 32;
        List<String> headers = new ArrayList<>();
        String body = "";
        String idPrefix = "r" + ProcessHandle.current().pid();
        Path idsOut = null;
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value = eq < 0 ? "" : arg.substring(eq + 1);
            switch (key) {
                case "--url" -> url = URI.create(value);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--duration" -> duration = Double.parseDouble(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--connections" -> connections = Integer.parseInt(value);
                case "--header" -> headers.add(value);
                case "--body-file" -> body = Files.readString(Path.of(value));
                case "--id-prefix" -> idPrefix = value;
                case "--ids-out" -> idsOut = Path.of(value);
                default -> {
                    System.err.println("fixed-rate: unknown argument " + arg);
                    System.exit(2);
                }
            }
        }
        if (url == null || rate <= 0 || duration <= 0 || connections <= 0) {
            System.err.println("fixed-rate: --url, --rate > 0, --duration > 0 and --connections > 0 are required");
            System.exit(2);
        }
        System.out.println(new FixedRateLoad(url, rate, warmup, duration, connections, headers, body, idPrefix, idsOut)
                .run());
    }

    private String run() throws Exception {
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
        double periodNanos = 1e9 / rate;
        long warmupCount = (long) (warmupSeconds * rate);
        long totalCount = warmupCount + (long) (durationSeconds * rate);
        long start = System.nanoTime() + 50_000_000L;

        List<Worker> workers = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Worker worker = new Worker(new Http1Connection(address, 10_000), start, periodNanos, warmupCount,
                    totalCount);
            workers.add(worker);
            worker.thread.start();
        }
        for (Worker worker : workers) {
            worker.thread.join();
        }
        double elapsedSeconds = (System.nanoTime() - start) / 1e9;

        long measuredCount = workers.stream().mapToLong(w -> w.count).sum();
        long[] all = new long[(int) measuredCount];
        int pos = 0;
        for (Worker worker : workers) {
            System.arraycopy(worker.latencies, 0, all, pos, worker.count);
            pos += worker.count;
        }
        Arrays.sort(all);
        if (idsOut != null) {
            try (BufferedWriter writer = Files.newBufferedWriter(idsOut, StandardCharsets.UTF_8)) {
                for (Worker worker : workers) {
                    for (String id : worker.acceptedIds) {
                        writer.write(id);
                        writer.newLine();
                    }
                }
            }
        }
        return String.format(Locale.ROOT,
                "{\"rate\":%.1f,\"duration_s\":%.1f,\"connections\":%d,\"requests\":%d,\"completed\":%d,"
                        + "\"errors\":%d,\"measured\":%d,\"achieved_per_s\":%.1f,"
                        + "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f}",
                rate, durationSeconds, connections, totalCount, completed.get(), errors.get(), measuredCount,
                completed.get() / elapsedSeconds,
                percentile(all, 0.50), percentile(all, 0.90), percentile(all, 0.99), percentile(all, 0.999),
                all.length == 0 ? Double.NaN : all[all.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    private byte[] request(String id) {
        String body = bodyTemplate.replace("{ID}", id);
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(url.getRawPath().isEmpty() ? "/" : url.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.getHost()).append(':').append(url.getPort()).append("\r\n")
                .append("Content-Length: ").append(bodyBytes.length).append("\r\n");
        for (String header : headers) {
            head.append(header.replace("{ID}", id)).append("\r\n");
        }
        head.append("\r\n");
        byte[] headBytes = Http1Connection.ascii(head.toString());
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + bodyBytes.length);
        System.arraycopy(bodyBytes, 0, request, headBytes.length, bodyBytes.length);
        return request;
    }

    /** One connection's loop: take the next due request, wait for its due time, send it, record its latency. */
    private final class Worker implements Runnable {
        final Thread thread = Thread.ofPlatform().daemon().unstarted(this);
        final Http1Connection connection;
        final long start;
        final double periodNanos;
        final long warmupCount;
        final long totalCount;
        final List<String> acceptedIds = new ArrayList<>();
        long[] latencies = new long[1024];
        int count;

        Worker(Http1Connection connection, long start, double periodNanos, long warmupCount, long totalCount) {
            this.connection = connection;
            this.start = start;
            this.periodNanos = periodNanos;
            this.warmupCount = warmupCount;
            this.totalCount = totalCount;
        }

        @Override
        public void run() {
            try (connection) {
                for (long i = nextRequest.getAndIncrement(); i < totalCount; i = nextRequest.getAndIncrement()) {
                    long due = start + (long) (i * periodNanos);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                    String id = idPrefix + "-" + i;
                    byte[] request = request(id);
                    int status;
                    try {
                        status = connection.exchange(request);
                    } catch (IOException e) {
                        status = -1;
                    }
                    long latency = System.nanoTime() - due;
                    completed.incrementAndGet();
                    if (status >= 200 && status < 300) {
                        if (idsOut != null) {
                            acceptedIds.add(id);
                        }
                    } else {
                        errors.incrementAndGet();
                    }
                    if (i >= warmupCount) {
                        record(latency);
                    }
                }
            }
        }

        private void record(long latency) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = latency;
        }
    }
}
