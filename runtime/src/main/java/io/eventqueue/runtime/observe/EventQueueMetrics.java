package io.eventqueue.runtime.observe;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The catalogue of EventQueue's own meters: every name, label and bucket layout lives here, and nowhere else.
 * Meters are created once and kept as handles, so recording on the hot path is a map or array lookup plus
 * an atomic add, never a registry lookup by name. Label values are bounded: reasons and scopes are enums,
 * event types and sinks are capped ({@link BoundedLabel}), never ids of events or clients.
 *
 * <p>Names are given in Micrometer's dotted form; the Prometheus output adds {@code _total} to counters and
 * {@code _seconds} to timers ({@code eventqueue.events.accepted} → {@code eventqueue_events_accepted_total}).
 */
public final class EventQueueMetrics {
    public static final String ACCEPTED = "eventqueue.events.accepted";
    public static final String REJECTED = "eventqueue.events.rejected";
    public static final String PROCESSED = "eventqueue.events.processed";
    public static final String FAILED = "eventqueue.events.failed";
    public static final String DEAD_LETTERED = "eventqueue.events.dead.lettered";
    public static final String QUEUE_DEPTH = "eventqueue.queue.depth";
    public static final String QUEUE_CAPACITY = "eventqueue.queue.capacity";
    public static final String QUEUE_BYTES = "eventqueue.queue.bytes";
    public static final String QUEUE_MAX_BYTES = "eventqueue.queue.max.bytes";
    public static final String WORKERS_BUSY = "eventqueue.workers.busy";
    public static final String WORKERS = "eventqueue.workers";
    public static final String DEAD_LETTERS = "eventqueue.dead.letters";
    public static final String JOURNAL_BYTES = "eventqueue.journal.bytes";
    public static final String JOURNAL_UNACKED = "eventqueue.journal.unacked";
    public static final String READY = "eventqueue.ready";
    public static final String E2E = "eventqueue.event.e2e";
    public static final String RATE_LIMITED = "eventqueue.rate.limited";
    public static final String AUTH_FAILURES = "eventqueue.auth.failures";

    /** Event types come from the type registry; the cap is a guard, not the expected size. */
    static final int MAX_TYPES = 64;
    static final int MAX_SINKS = 16;

    /** Accept → sink latency buckets: sub-millisecond in memory up to the retry horizon. */
    static final Duration[] E2E_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60)};

    /** Which bucket refused a request ({@code scope} label). */
    public enum RateLimitScope {
        GLOBAL, CLIENT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why authentication or authorization failed ({@code reason} label). */
    public enum AuthFailure {
        MISSING_CREDENTIALS, BAD_CREDENTIALS, INVALID_TOKEN, EXPIRED_TOKEN, INSUFFICIENT_ROLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final BoundedLabel<TypeMeters> types;
    private final Counter[] rejected;
    private final Counter[] rateLimited;
    private final Counter[] authFailures;
    private final Timer e2e;

    public EventQueueMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.types = new BoundedLabel<>(MAX_TYPES, TypeMeters::new);
        this.rejected = counters(REJECTED, "Events or requests refused, by reason", "reason",
                                 labels(RejectReason.values()));
        this.rateLimited = counters(RATE_LIMITED, "Requests refused by a rate limit, by bucket", "scope",
                                    labels(RateLimitScope.values()));
        this.authFailures = counters(AUTH_FAILURES, "Failed authentications and authorizations, by reason", "reason",
                                     labels(AuthFailure.values()));
        this.e2e = registry.getOrCreate(Timer.builder(E2E)
                                                .description("Time from acceptance to successful delivery to a sink")
                                                .percentiles(new double[0])
                                                .buckets(E2E_BUCKETS));
    }

    /** One event accepted (202) of this type. */
    public void accepted(String type) {
        types.get(type).accepted.increment();
    }

    public void rejected(RejectReason reason, long events) {
        rejected[reason.ordinal()].increment(events);
    }

    /** One event delivered to one sink. */
    public void processed(String type, String sink) {
        types.get(type).sinks.get(sink).processed.increment();
    }

    /** One failed delivery attempt of an event to one sink. */
    public void failed(String type, String sink) {
        types.get(type).sinks.get(sink).failed.increment();
    }

    /** One event moved to the dead-letter store after its last attempt at this sink. */
    public void deadLettered(String type, String sink) {
        types.get(type).sinks.get(sink).deadLettered.increment();
    }

    /** Accept → sink latency of one delivered event. */
    public void endToEnd(long nanos) {
        e2e.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void rateLimited(RateLimitScope scope) {
        rateLimited[scope.ordinal()].increment();
    }

    public void authFailure(AuthFailure reason) {
        authFailures[reason.ordinal()].increment();
    }

    /**
     * Registers the gauges read from the queue, worker pool and health at scrape time (no cost between scrapes).
     * Call once, when the components exist; a later call (another runtime in the same JVM, as in tests) replaces
     * the gauges, so they never read a stopped queue.
     */
    public void bindGauges(RuntimeGauges queue) {
        gauge(QUEUE_DEPTH, "Events waiting in the queue", queue.depth());
        gauge(QUEUE_CAPACITY, "Maximum events the queue holds", queue.capacity());
        gauge(QUEUE_BYTES, "Encoded bytes of the events waiting in the queue", queue.bytes());
        gauge(QUEUE_MAX_BYTES, "Maximum encoded bytes the queue holds", queue.maxBytes());
        gauge(WORKERS_BUSY, "Workers processing an event now", queue.busyWorkers());
        gauge(WORKERS, "Workers in the pool", queue.workers());
        gauge(READY, "1 when this instance reports ready (/health/ready), else 0", () -> queue.ready().getAsBoolean() ? 1 : 0);
    }

    /** Registers the gauges read from the dead-letter store and the journal; replaces earlier ones like {@link #bindGauges}. */
    public void bindStoreGauges(StoreGauges store) {
        gauge(DEAD_LETTERS, "Events in the dead-letter store", store.deadLetters());
        gauge(JOURNAL_BYTES, "Bytes of journal segments on disk", store.journalBytes());
        gauge(JOURNAL_UNACKED, "Accepted events not yet delivered to every sink", store.journalUnacked());
    }

    /** What the gauges read, at scrape time, from the runtime's queue, worker pool and health. */
    public record RuntimeGauges(LongSupplier depth, LongSupplier capacity, LongSupplier bytes, LongSupplier maxBytes,
                                LongSupplier busyWorkers, LongSupplier workers, BooleanSupplier ready) {
    }

    /** What the gauges read, at scrape time, from the dead-letter store and the event log (zero for the memory log). */
    public record StoreGauges(LongSupplier deadLetters, LongSupplier journalBytes, LongSupplier journalUnacked) {
    }

    private void gauge(String name, String description, LongSupplier value) {
        registry.remove(name, List.of());
        registry.getOrCreate(Gauge.builder(name, value, LongSupplier::getAsLong).description(description));
    }

    private Counter counter(String name, String description, Tag... tags) {
        return registry.getOrCreate(Counter.builder(name).description(description).tags(List.of(tags)));
    }

    private Counter[] counters(String name, String description, String label, String[] values) {
        Counter[] counters = new Counter[values.length];
        for (int i = 0; i < values.length; i++) {
            counters[i] = counter(name, description, Tag.create(label, values[i]));
        }
        return counters;
    }

    private static String[] labels(Enum<?>[] values) {
        String[] labels = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            labels[i] = values[i].name().toLowerCase(Locale.ROOT);
        }
        return labels;
    }

    private final class TypeMeters {
        private final String type;
        private final Counter accepted;
        private final BoundedLabel<SinkMeters> sinks;

        TypeMeters(String type) {
            this.type = type;
            this.accepted = counter(ACCEPTED, "Events accepted for processing, by type", Tag.create("type", type));
            this.sinks = new BoundedLabel<>(MAX_SINKS, sink -> new SinkMeters(this.type, sink));
        }
    }

    private final class SinkMeters {
        private final Counter processed;
        private final Counter failed;
        private final Counter deadLettered;

        SinkMeters(String type, String sink) {
            Tag[] tags = {Tag.create("type", type), Tag.create("sink", sink)};
            this.processed = counter(PROCESSED, "Events delivered to a sink, by type and sink", tags);
            this.failed = counter(FAILED, "Failed delivery attempts, by type and sink", tags);
            this.deadLettered = counter(DEAD_LETTERED, "Events dead-lettered after the last attempt, by type and sink",
                                        tags);
        }
    }
}
