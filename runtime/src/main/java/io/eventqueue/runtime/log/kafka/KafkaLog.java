package io.eventqueue.runtime.log.kafka;

import io.eventqueue.runtime.config.KafkaSettings;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.EventLog;
import io.eventqueue.runtime.log.LogUnavailableException;
import io.eventqueue.runtime.observe.KafkaMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code durability: kafka}: an accepted event is a record of the instance's topic, acknowledged by every in-sync
 * replica before admission answers. One producer per process. Delivery takes its events from this pod's member of
 * the consumer group ({@link GroupConsumer}), not from what this pod produced: the group decides which pod delivers.
 * A position packs partition and offset; acking marks the offset done, and the completed prefix is committed.
 */
public final class KafkaLog implements EventLog {
    private static final System.Logger LOG = System.getLogger(KafkaLog.class.getName());
    /**
     * Kafka's clients log every client's whole configuration and each reconnect at INFO: warnings and errors are
     * what an operator of the runtime needs. Held here so the level is not lost with a collected logger.
     */
    private static final java.util.logging.Logger CLIENT_LOGS = java.util.logging.Logger.getLogger("org.apache.kafka");

    static {
        CLIENT_LOGS.setLevel(java.util.logging.Level.WARNING);
    }

    private final KafkaSettings settings;
    private final Producer<String, byte[]> producer;
    private final Admin admin;
    private final KafkaRecords records;
    private final ClusterProbe probe;
    private final KafkaMetrics metrics;
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final AtomicLong produced = new AtomicLong();
    private final AtomicLong produceErrors = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile GroupConsumer consumer;
    private volatile Thread consumerThread;

    private KafkaLog(KafkaSettings settings, Producer<String, byte[]> producer, Admin admin, KafkaRecords records,
                     KafkaMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.producer = producer;
        this.admin = admin;
        this.records = records;
        this.probe = new ClusterProbe(admin, settings.topic());
    }

    /** Connects, checks (or creates) the topic; a missing topic or an unreachable cluster stops the start. */
    public static KafkaLog open(KafkaSettings settings, EventValidator validator, KafkaMetrics metrics) {
        Admin admin = Admin.create(KafkaClients.common(settings));
        try {
            Topics.ensure(admin, settings);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
        KafkaLog log = new KafkaLog(settings, new KafkaProducer<>(KafkaClients.producer(settings)), admin,
                new KafkaRecords(settings.topic(), settings.retryTopic(), settings.partitionKey(), validator), metrics);
        metrics.bindInFlightBytes(log.inFlightBytes::get);
        log.probe.start();
        return log;
    }

    /**
     * The dead-letter topic as the dead-letter store's record log, through this log's producer (one per process);
     * reads back the dead letters the topic holds.
     */
    public KafkaDeadLetterLog deadLetterLog() {
        return KafkaDeadLetterLog.open(producer, settings);
    }

    @Override
    public String mode() {
        return "kafka";
    }

    /**
     * Produces every event and returns once the brokers acknowledged all of them (acks=all), within
     * {@code kafka.produce-timeout}. When they are not all acknowledged in time the whole call fails, although some
     * may have been stored: a client retry may then deliver those twice (delivery is at-least-once anyway).
     */
    @Override
    public List<Appended> append(List<Event> events) throws LogUnavailableException {
        List<ProducerRecord<String, byte[]>> batch = new ArrayList<>(events.size());
        long bytes = 0;
        for (Event event : events) {
            batch.add(records.record(event));
            bytes += event.encodedBytes() + 256L;
        }
        if (inFlightBytes.addAndGet(bytes) > settings.maxInFlightBytes()) {
            inFlightBytes.addAndGet(-bytes);
            throw new LogUnavailableException("kafka.max-in-flight-bytes reached: the brokers acknowledge slower than "
                    + "events arrive");
        }
        long started = System.nanoTime();
        long deadline = started + settings.produceTimeout().toNanos();
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(batch.size());
        try {
            for (ProducerRecord<String, byte[]> record : batch) {
                CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
                producer.send(record, (metadata, error) -> {
                    if (error == null) {
                        ack.complete(metadata);
                    } else {
                        ack.completeExceptionally(error);
                    }
                });
                acks.add(ack);
            }
            List<Appended> out = new ArrayList<>(events.size());
            for (int i = 0; i < acks.size(); i++) {
                long left = Math.max(0, deadline - System.nanoTime());
                RecordMetadata m = acks.get(i).get(left, TimeUnit.NANOSECONDS);
                Event event = events.get(i);
                out.add(new Appended(Positions.of(m.partition(), m.offset()),
                        new Document(() -> EventCodec.publicJson(event), event.encodedBytes())));
            }
            produced.addAndGet(out.size());
            metrics.acked(System.nanoTime() - started);
            return out;
        } catch (TimeoutException e) {
            produceErrors.incrementAndGet();
            metrics.produceError();
            throw new LogUnavailableException("Kafka did not acknowledge within kafka.produce-timeout="
                    + settings.produceTimeout().toMillis() + "ms");
        } catch (ExecutionException | RuntimeException e) {
            produceErrors.incrementAndGet();
            metrics.produceError();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new LogUnavailableException("Kafka refused the events: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogUnavailableException("interrupted while waiting for Kafka");
        } finally {
            long release = bytes;
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .whenComplete((ignored, error) -> inFlightBytes.addAndGet(-release));
        }
    }

    @Override
    public void ack(long... positions) {
        GroupConsumer c = consumer;
        if (c == null) {
            return;
        }
        for (long p : positions) {
            c.ack(p);
        }
    }

    /** The consumer group hands back what was not committed, continuously: nothing to recover at start. */
    @Override
    public int recover(Recovered recovery) {
        return 0;
    }

    @Override
    public boolean feedsDelivery() {
        return true;
    }

    @Override
    public synchronized void startFeed(Feed feed) {
        if (consumer != null) {
            throw new IllegalStateException("feed already started");
        }
        consumer = new GroupConsumer(new KafkaConsumer<>(KafkaClients.consumer(settings)), settings.topic(),
                settings.retryTopic(), records, feed, settings.commitInterval(), metrics);
        consumerThread = Thread.ofPlatform().name("kafka-consumer").daemon().start(consumer);
    }

    /**
     * After {@code kafka.retry.in-memory-attempts} attempts of the round, the next one waits on the retry topic: the
     * event's offset can then be committed, so a failing sink does not hold back its partition's commit, and a pod
     * lost while the retry waits leaves it to the retry partition's next owner. Returns once the brokers acknowledged
     * the retry record; if they do not in time, delivery keeps retrying in memory (the offset stays uncommitted).
     */
    @Override
    public boolean keepRetry(Event event, Retry retry, Instant notBefore, String reason) {
        if (retry.roundSoFar() < settings.inMemoryAttempts()) {
            return false;
        }
        try {
            producer.send(records.retry(event, retry, notBefore, reason))
                    .get(settings.produceTimeout().toMillis(), TimeUnit.MILLISECONDS);
            retries.incrementAndGet();
            metrics.retryKept();
            return true;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            produceErrors.incrementAndGet();
            metrics.produceError();
            LOG.log(System.Logger.Level.WARNING, "event " + event.id() + ": the retry topic did not take the retry ("
                    + (e instanceof ExecutionException ? e.getCause() : e) + "); retrying in memory");
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What was not committed is delivered again by the group: shutdown leaves retries to the next owner. */
    @Override
    public boolean redeliversAfterRestart() {
        return true;
    }

    @Override
    public boolean reachable() {
        return probe.reachable();
    }

    /** The data lives on the brokers. */
    @Override
    public long usedBytes() {
        return 0;
    }

    @Override
    public long unacked() {
        GroupConsumer c = consumer;
        return c == null ? 0 : c.unacked();
    }

    /** This pod's figures: what it produced, and what its member of the group delivered and committed. */
    @Override
    public Map<String, Object> stats() {
        Map<String, Object> out = new LinkedHashMap<>();
        GroupConsumer c = consumer;
        out.put("topic", settings.topic());
        out.put("consumer_group", settings.groupId());
        out.put("produced", produced.get());
        out.put("produce_errors", produceErrors.get());
        out.put("retries_kept", retries.get());
        out.put("in_flight_bytes", inFlightBytes.get());
        out.put("commits", c == null ? 0L : c.commits());
        out.put("commit_failures", c == null ? 0L : c.commitFailures());
        out.put("rebalances", c == null ? 0L : c.rebalances());
        out.put("skipped_records", c == null ? 0L : c.undecodable());
        return out;
    }

    /** Commits what delivery finished, then closes the consumer, the producer (flushing) and the admin client. */
    @Override
    public void close() {
        GroupConsumer c = consumer;
        Thread t = consumerThread;
        if (c != null) {
            c.stop();
            try {
                t.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        probe.close();
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(2));
        LOG.log(System.Logger.Level.DEBUG, "kafka log closed");
    }
}
