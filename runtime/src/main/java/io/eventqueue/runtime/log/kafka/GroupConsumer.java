package io.eventqueue.runtime.log.kafka;

import io.cloudevents.CloudEvent;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventRejectedException;
import io.eventqueue.runtime.log.EventLog;
import io.eventqueue.runtime.observe.KafkaMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This pod's member of the instance's consumer group: one thread that polls continuously, hands records to delivery
 * in partition order, and commits per partition the contiguous prefix every subscription acked. When delivery has no
 * room it pauses its partitions and keeps polling, so a slow sink never exceeds {@code max.poll.interval.ms}. On
 * revocation it commits what is done synchronously and drops the rest (the next owner delivers it again).
 */
final class GroupConsumer implements Runnable {
    private static final System.Logger LOG = System.getLogger(GroupConsumer.class.getName());
    private static final Duration POLL = Duration.ofMillis(50);

    private final Consumer<String, CloudEvent> consumer;
    private final String topic;
    private final KafkaRecords records;
    private final EventLog.Feed feed;
    private final Duration commitInterval;
    private final KafkaMetrics metrics;
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
    private final PartitionProgress progress = new PartitionProgress();
    private final ArrayDeque<ConsumerRecord<String, CloudEvent>> pending = new ArrayDeque<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running = true;
    private volatile long open;
    private boolean paused;
    private long lastCommit = System.nanoTime();

    GroupConsumer(Consumer<String, CloudEvent> consumer, String topic, KafkaRecords records, EventLog.Feed feed,
                  Duration commitInterval, KafkaMetrics metrics) {
        this.metrics = metrics;
        this.consumer = consumer;
        this.topic = topic;
        this.records = records;
        this.feed = feed;
        this.commitInterval = commitInterval;
    }

    /** Every subscription has the event at this position; applied by the consumer thread. */
    void ack(long position) {
        acks.add(position);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                applyAcks();
                offerPending();
                commitIfDue(false);
                for (ConsumerRecord<String, CloudEvent> r : consumer.poll(POLL)) {
                    progress.handedOut(new TopicPartition(r.topic(), r.partition()), r.offset());
                    pending.add(r);
                }
                open = progress.open();
                updateLag();
            }
            applyAcks();
            commitIfDue(true);
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
            applyAcks();
            commitIfDue(true);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Kafka consumer stopped: " + e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void updateLag() {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong behind = consumer.currentLag(tp);
            if (behind.isPresent() && lag.put(tp.partition(), behind.getAsLong()) == null) {
                int partition = tp.partition();
                metrics.bindLag(partition, () -> lag.getOrDefault(partition, 0L));
            }
        }
    }

    private void applyAcks() {
        for (Long position = acks.poll(); position != null; position = acks.poll()) {
            progress.done(new TopicPartition(topic, Positions.partition(position)), Positions.offset(position));
        }
    }

    private void offerPending() {
        while (!pending.isEmpty()) {
            ConsumerRecord<String, CloudEvent> r = pending.peekFirst();
            long position = Positions.of(r.partition(), r.offset());
            Event event;
            try {
                event = records.event(r);
            } catch (EventRejectedException | RuntimeException e) {
                // A record no accepted event can come from (written by another producer, or a type since removed):
                // skipped so its partition moves on, and counted.
                undecodable.incrementAndGet();
                LOG.log(System.Logger.Level.WARNING, "skipping record " + r.topic() + "-" + r.partition() + "@"
                        + r.offset() + ": " + e.getMessage());
                pending.pollFirst();
                progress.done(new TopicPartition(r.topic(), r.partition()), r.offset());
                continue;
            }
            if (!feed.offer(position, event)) {
                if (!paused) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                }
                return;
            }
            pending.pollFirst();
        }
        if (paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void commitIfDue(boolean now) {
        if (!now && System.nanoTime() - lastCommit < commitInterval.toNanos()) {
            return;
        }
        lastCommit = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> offsets = progress.committable();
        if (offsets.isEmpty()) {
            return;
        }
        if (now) {
            commitSync(offsets);
            return;
        }
        consumer.commitAsync(offsets, (done, error) -> {
            if (error == null) {
                commits.incrementAndGet();
                metrics.committed();
                progress.committed(done);
            } else {
                commitFailures.incrementAndGet();
                metrics.commitFailed();
            }
        });
    }

    private void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets, Duration.ofSeconds(5));
            commits.incrementAndGet();
            metrics.committed();
            progress.committed(offsets);
        } catch (RuntimeException e) {
            commitFailures.incrementAndGet();
            metrics.commitFailed();
            LOG.log(System.Logger.Level.WARNING, "offset commit failed (the events are delivered again): " + e);
        }
    }

    long commits() {
        return commits.get();
    }

    long commitFailures() {
        return commitFailures.get();
    }

    long rebalances() {
        return rebalances.get();
    }

    long undecodable() {
        return undecodable.get();
    }

    /** Records handed to delivery and not yet acked, plus those waiting for room. */
    long unacked() {
        return open;
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            rebalances.incrementAndGet();
            metrics.rebalanced();
            applyAcks();
            Map<TopicPartition, OffsetAndMetadata> offsets = progress.committable(revoked);
            if (!offsets.isEmpty()) {
                commitSync(offsets);
            }
            dropped(revoked);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            rebalances.incrementAndGet();
            metrics.rebalanced();
            if (paused && !assigned.isEmpty()) {
                consumer.pause(assigned);
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            rebalances.incrementAndGet();
            metrics.rebalanced();
            dropped(lost);
        }

        private void dropped(Collection<TopicPartition> partitions) {
            progress.forget(partitions);
            for (TopicPartition tp : partitions) {
                if (lag.remove(tp.partition()) != null) {
                    metrics.unbindLag(tp.partition());
                }
            }
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
        }
    }
}
