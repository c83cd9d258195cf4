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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This pod's member of the instance's consumer group, on the events topic and the retry topic: one thread that polls
 * continuously, hands records to delivery in partition order, and commits per partition the contiguous prefix every
 * subscription acked. A partition whose next record cannot be handed out yet (delivery has no room, or a retry's
 * not-before time is still ahead) is paused while the thread keeps polling, so a slow sink never exceeds
 * {@code max.poll.interval.ms} and a waiting retry holds back only the retry partition it is on. On revocation it
 * commits what is done synchronously and drops the rest (the next owner delivers it again).
 */
final class GroupConsumer implements Runnable {
    private static final System.Logger LOG = System.getLogger(GroupConsumer.class.getName());
    private static final Duration POLL = Duration.ofMillis(50);

    private final Consumer<String, CloudEvent> consumer;
    private final String topic;
    private final String retryTopic;
    private final KafkaRecords records;
    private final EventLog.Feed feed;
    private final Duration commitInterval;
    private final KafkaMetrics metrics;
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Long> acks = new ConcurrentLinkedQueue<>();
    private final PartitionProgress progress = new PartitionProgress();
    private final Map<TopicPartition, ArrayDeque<ConsumerRecord<String, CloudEvent>>> pending = new LinkedHashMap<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong commitFailures = new AtomicLong();
    private final AtomicLong rebalances = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running = true;
    private volatile long open;
    /** Whether the last {@link #offerPending} left partitions paused (checked before asking the consumer). */
    private boolean anyPaused;
    private long lastCommit = System.nanoTime();

    GroupConsumer(Consumer<String, CloudEvent> consumer, String topic, String retryTopic, KafkaRecords records,
                  EventLog.Feed feed, Duration commitInterval, KafkaMetrics metrics) {
        this.metrics = metrics;
        this.consumer = consumer;
        this.topic = topic;
        this.retryTopic = retryTopic;
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
            consumer.subscribe(List.of(topic, retryTopic), new Rebalance());
            while (running) {
                applyAcks();
                offerPending();
                commitIfDue(false);
                for (ConsumerRecord<String, CloudEvent> r : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    progress.handedOut(tp, r.offset());
                    pending.computeIfAbsent(tp, t -> new ArrayDeque<>()).add(r);
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
            if (!tp.topic().equals(topic)) {
                continue;
            }
            OptionalLong behind = consumer.currentLag(tp);
            if (behind.isPresent() && lag.put(tp.partition(), behind.getAsLong()) == null) {
                int partition = tp.partition();
                metrics.bindLag(partition, () -> lag.getOrDefault(partition, 0L));
            }
        }
    }

    private void applyAcks() {
        for (Long position = acks.poll(); position != null; position = acks.poll()) {
            String of = Positions.isRetry(position) ? retryTopic : topic;
            progress.done(new TopicPartition(of, Positions.partition(position)), Positions.offset(position));
        }
    }

    /** Hands out what is due, per partition in order; pauses the partitions left waiting, resumes the rest. */
    private void offerPending() {
        Instant now = Instant.now();
        boolean room = true;
        List<TopicPartition> waiting = new ArrayList<>();
        for (Map.Entry<TopicPartition, ArrayDeque<ConsumerRecord<String, CloudEvent>>> e : pending.entrySet()) {
            ArrayDeque<ConsumerRecord<String, CloudEvent>> queue = e.getValue();
            while (room && !queue.isEmpty() && !records.notBefore(queue.peekFirst()).isAfter(now)) {
                room = offer(queue.peekFirst());
                if (room) {
                    queue.pollFirst();
                }
            }
            if (!queue.isEmpty()) {
                waiting.add(e.getKey());
            }
        }
        pending.values().removeIf(ArrayDeque::isEmpty);
        if (anyPaused) {
            List<TopicPartition> ready = consumer.paused().stream().filter(tp -> !pending.containsKey(tp)).toList();
            if (!ready.isEmpty()) {
                consumer.resume(ready);
            }
        }
        if (!waiting.isEmpty()) {
            consumer.pause(waiting);
        }
        anyPaused = !waiting.isEmpty();
    }

    /** @return false when delivery has no room: the record stays first of its partition */
    private boolean offer(ConsumerRecord<String, CloudEvent> r) {
        boolean retry = r.topic().equals(retryTopic);
        long position = retry ? Positions.ofRetry(r.partition(), r.offset()) : Positions.of(r.partition(), r.offset());
        Event event;
        Optional<EventLog.Retry> due;
        try {
            event = records.event(r);
            due = records.retryOf(r);
        } catch (EventRejectedException | RuntimeException e) {
            // A record no accepted event can come from (written by another producer, or a type since removed):
            // skipped so its partition moves on, and counted.
            undecodable.incrementAndGet();
            LOG.log(System.Logger.Level.WARNING, "skipping record " + r.topic() + "-" + r.partition() + "@"
                    + r.offset() + ": " + e.getMessage());
            progress.done(new TopicPartition(r.topic(), r.partition()), r.offset());
            return true;
        }
        return feed.offer(position, event, due);
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
            pending.keySet().removeAll(partitions);
        }
    }
}
