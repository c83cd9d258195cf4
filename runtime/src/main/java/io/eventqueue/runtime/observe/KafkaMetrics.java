package io.eventqueue.runtime.observe;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The meters of {@code durability=kafka} (registered in that mode only): producer acknowledgements, in-flight bytes,
 * errors, and this pod's consumer (lag per partition, commits, rebalances). Names as in {@link EventQueueMetrics}.
 */
public final class KafkaMetrics {
    public static final String ACK = "eventqueue.kafka.ack";
    public static final String IN_FLIGHT_BYTES = "eventqueue.kafka.in.flight.bytes";
    public static final String PRODUCE_ERRORS = "eventqueue.kafka.produce.errors";
    public static final String CONSUMER_LAG = "eventqueue.kafka.consumer.lag";
    public static final String COMMITS = "eventqueue.kafka.commits";
    public static final String COMMIT_FAILURES = "eventqueue.kafka.commit.failures";
    public static final String REBALANCES = "eventqueue.kafka.rebalances";
    public static final String RETRIES = "eventqueue.kafka.retries";

    /** Produce → acks=all latency: a local broker answers in about a millisecond; a struggling cluster in seconds. */
    static final Duration[] ACK_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5)};

    private final MeterRegistry registry;
    private final Timer ack;
    private final Counter produceErrors;
    private final Counter commits;
    private final Counter commitFailures;
    private final Counter rebalances;
    private final Counter retries;

    public KafkaMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.ack = registry.getOrCreate(Timer.builder(ACK)
                .description("Time from producing a request's events to the brokers' acknowledgement of all of them")
                .percentiles(new double[0])
                .buckets(ACK_BUCKETS));
        this.produceErrors = counter(PRODUCE_ERRORS, "Appends the brokers did not acknowledge in time, or refused");
        this.commits = counter(COMMITS, "Offset commits of this pod's consumer");
        this.commitFailures = counter(COMMIT_FAILURES, "Failed offset commits (the events are delivered again)");
        this.rebalances = counter(REBALANCES, "Partition assignments, revocations and losses of this pod's consumer");
        this.retries = counter(RETRIES, "Delivery retries written to the retry topic");
    }

    public void acked(long nanos) {
        ack.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void produceError() {
        produceErrors.increment();
    }

    public void committed() {
        commits.increment();
    }

    public void commitFailed() {
        commitFailures.increment();
    }

    public void rebalanced() {
        rebalances.increment();
    }

    public void retryKept() {
        retries.increment();
    }

    /** Bytes produced and not yet acknowledged, read at scrape time; replaces an earlier binding. */
    public void bindInFlightBytes(LongSupplier bytes) {
        registry.remove(IN_FLIGHT_BYTES, List.of());
        registry.getOrCreate(Gauge.builder(IN_FLIGHT_BYTES, bytes, LongSupplier::getAsLong)
                .description("Bytes produced to Kafka and not yet acknowledged"));
    }

    /** Records behind the partition's end, for a partition this pod consumes; replaces an earlier binding. */
    public void bindLag(int partition, LongSupplier lag) {
        List<Tag> tags = List.of(Tag.create("partition", Integer.toString(partition)));
        registry.remove(CONSUMER_LAG, tags);
        registry.getOrCreate(Gauge.builder(CONSUMER_LAG, lag, LongSupplier::getAsLong).tags(tags)
                .description("Records of the partition not yet consumed by this pod (last fetch)"));
    }

    /** The partition left this pod: its lag is the new owner's to report. */
    public void unbindLag(int partition) {
        registry.remove(CONSUMER_LAG, List.of(Tag.create("partition", Integer.toString(partition))));
    }

    private Counter counter(String name, String description) {
        return registry.getOrCreate(Counter.builder(name).description(description));
    }
}
