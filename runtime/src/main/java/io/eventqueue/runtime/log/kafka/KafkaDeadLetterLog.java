package io.eventqueue.runtime.log.kafka;

import io.eventqueue.runtime.config.KafkaSettings;
import io.eventqueue.runtime.log.RecordLog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.UUID;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The dead-letter topic ({@code <kafka.topic>.dlq}, compacted) as the dead-letter store's {@link RecordLog}. A dead
 * letter is a record keyed by event id and sink, with the store's encoding as value and the error in headers
 * (the store's attributes: {@code eq_dlq_reason}, {@code eq_dlq_sink}, …); {@link #append} returns only once the brokers
 * acknowledged it, so delivery acks the event (and its offset is committed) only after its dead letter is safe. A
 * replayed dead letter becomes a tombstone. At start the topic is read to its end: what it holds is the store.
 */
public final class KafkaDeadLetterLog implements RecordLog {
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;
    private final Map<Long, String> keys = new ConcurrentHashMap<>();
    private final SortedMap<Long, byte[]> recovered;

    private KafkaDeadLetterLog(Producer<String, byte[]> producer, String topic, Duration timeout,
                               SortedMap<Long, byte[]> recovered) {
        this.producer = producer;
        this.topic = topic;
        this.timeout = timeout;
        this.recovered = recovered;
    }

    static KafkaDeadLetterLog open(Producer<String, byte[]> producer, KafkaSettings settings) {
        SortedMap<Long, byte[]> live = new TreeMap<>();
        Map<Long, String> keys = new HashMap<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(KafkaClients.reader(settings))) {
            Duration bound = settings.startTimeout();
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : reader.partitionsFor(settings.deadLetterTopic(), bound)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions, bound);
            Map<String, Long> latest = new HashMap<>();
            long deadline = System.nanoTime() + bound.toNanos();
            while (partitions.stream().anyMatch(tp -> reader.position(tp, bound) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + settings.deadLetterTopic() + " within "
                            + "kafka.start-timeout");
                }
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    Long before = latest.remove(r.key());
                    if (before != null) {
                        live.remove(before);
                        keys.remove(before);
                    }
                    if (r.value() != null) {
                        long position = Positions.of(r.partition(), r.offset());
                        live.put(position, r.value());
                        keys.put(position, r.key());
                        latest.put(r.key(), position);
                    }
                }
            }
        }
        KafkaDeadLetterLog log = new KafkaDeadLetterLog(producer, settings.deadLetterTopic(), settings.produceTimeout(),
                Collections.unmodifiableSortedMap(live));
        log.keys.putAll(keys);
        return log;
    }

    /** The dead letters the topic held at start, by their position, oldest first per partition. */
    public SortedMap<Long, byte[]> recovered() {
        return recovered;
    }

    /** A record without a key of its own: keyed uniquely, so compaction keeps it until it is acked. */
    @Override
    public long append(byte[] record) {
        return append(UUID.randomUUID().toString(), Map.of(), record);
    }

    /** Stores a dead letter under its key with its attributes (the error) as headers; returns once acknowledged. */
    @Override
    public long append(String key, Map<String, String> attributes, byte[] record) {
        RecordHeaders headers = new RecordHeaders();
        attributes.forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return send(new ProducerRecord<>(topic, null, key, record, headers));
    }

    private long send(ProducerRecord<String, byte[]> record) {
        try {
            RecordMetadata m = producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            long position = Positions.of(m.partition(), m.offset());
            keys.put(position, record.key());
            return position;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the dead-letter topic refused the record: " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the dead-letter topic did not acknowledge within kafka.produce-timeout");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing a dead letter");
        }
    }

    /** Replayed or evicted: a tombstone, so compaction removes the dead letter. */
    @Override
    public void ack(long... positions) {
        for (long p : positions) {
            String key = keys.remove(p);
            if (key != null) {
                producer.send(new ProducerRecord<>(topic, key, null));
            }
        }
    }

    /** Every append already waited for the brokers' acknowledgement. */
    @Override
    public void sync() {
    }

    /** The producer is the event log's, closed with it. */
    @Override
    public void close() {
    }
}
