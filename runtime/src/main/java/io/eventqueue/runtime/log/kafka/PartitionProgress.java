package io.eventqueue.runtime.log.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which offsets of the assigned partitions every subscription has, and so what may be committed: per partition the
 * contiguous completed prefix (an offset is committed only once it and everything before it is done). Used by the
 * consumer thread only.
 */
final class PartitionProgress {
    private static final class Partition {
        final ArrayDeque<Long> handedOut = new ArrayDeque<>();
        final Set<Long> done = new HashSet<>();
        long next = -1;
        long committed = -1;
    }

    private final Map<TopicPartition, Partition> partitions = new HashMap<>();

    void handedOut(TopicPartition tp, long offset) {
        Partition p = partitions.computeIfAbsent(tp, t -> new Partition());
        p.handedOut.add(offset);
        p.next = offset + 1;
    }

    /** @return false when the partition is no longer assigned here: the result is dropped */
    boolean done(TopicPartition tp, long offset) {
        Partition p = partitions.get(tp);
        if (p == null || offset < firstOpen(p)) {
            return false;
        }
        p.done.add(offset);
        return true;
    }

    /** The offsets to commit now (only partitions whose completed prefix moved since the last commit). */
    Map<TopicPartition, OffsetAndMetadata> committable(Collection<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : of) {
            Partition p = partitions.get(tp);
            if (p == null) {
                continue;
            }
            while (!p.handedOut.isEmpty() && p.done.remove(p.handedOut.peekFirst())) {
                p.handedOut.pollFirst();
            }
            long commit = firstOpen(p);
            if (commit > p.committed) {
                out.put(tp, new OffsetAndMetadata(commit));
            }
        }
        return out;
    }

    Map<TopicPartition, OffsetAndMetadata> committable() {
        return committable(Set.copyOf(partitions.keySet()));
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, o) -> {
            Partition p = partitions.get(tp);
            if (p != null) {
                p.committed = Math.max(p.committed, o.offset());
            }
        });
    }

    void forget(Collection<TopicPartition> revoked) {
        revoked.forEach(partitions::remove);
    }

    /** Records handed out and not yet done. */
    long open() {
        long n = 0;
        for (Partition p : partitions.values()) {
            n += p.handedOut.size() - p.done.size();
        }
        return n;
    }

    private static long firstOpen(Partition p) {
        return p.handedOut.isEmpty() ? p.next : p.handedOut.peekFirst();
    }
}
