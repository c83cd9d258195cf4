package io.eventqueue.runtime.observe;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.process.ProcessedEvent;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@code GET /v1/stats}; contention-free ({@link LongAdder}). */
public final class RuntimeStats implements PipelineListener {
    public static final int MAX_TYPES = 100;
    public static final String OTHER_TYPES = "other";
    private final LongAdder accepted = new LongAdder();
    private final LongAdder processed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final Map<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
    private final ConcurrentHashMap<String, TypeCounters> perType = new ConcurrentHashMap<>();

    /** Counters of one event type. */
    public static final class TypeCounters {
        final LongAdder accepted = new LongAdder();
        final LongAdder processed = new LongAdder();
        final LongAdder failed = new LongAdder();

        public long accepted() {
            return accepted.sum();
        }

        public long processed() {
            return processed.sum();
        }

        public long failed() {
            return failed.sum();
        }
    }

    public RuntimeStats() {
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, new LongAdder());
        }
    }

    /**
     * In open mode clients choose type names freely, so past {@value #MAX_TYPES} distinct names every new one is
     * counted under {@value #OTHER_TYPES}: no client can grow the stats without bound.
     */
    private TypeCounters type(String name) {
        TypeCounters c = perType.get(name);
        if (c != null) {
            return c;
        }
        return perType.computeIfAbsent(perType.size() >= MAX_TYPES ? OTHER_TYPES : name, n -> new TypeCounters());
    }

    @Override
    public void accepted(Event event) {
        accepted.increment();
        type(event.type()).accepted.increment();
    }

    @Override
    public void rejected(RejectReason reason, String type, int count) {
        rejected.get(reason).add(count);
    }

    @Override
    public void processed(ProcessedEvent event, long nanos) {
        processed.increment();
        type(event.event().type()).processed.increment();
    }

    @Override
    public void failed(Event event, Throwable error, boolean willRetry) {
        if (!willRetry) {
            failed.increment();
            type(event.type()).failed.increment();
        }
    }

    public long accepted() {
        return accepted.sum();
    }

    public long processed() {
        return processed.sum();
    }

    public long failed() {
        return failed.sum();
    }

    public Map<RejectReason, Long> rejected() {
        Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
        rejected.forEach((r, n) -> out.put(r, n.sum()));
        return out;
    }

    public long rejectedTotal() {
        long sum = 0;
        for (LongAdder n : rejected.values()) {
            sum += n.sum();
        }
        return sum;
    }

    /** Sorted by type name. */
    public Map<String, TypeCounters> perType() {
        return new TreeMap<>(perType);
    }
}
