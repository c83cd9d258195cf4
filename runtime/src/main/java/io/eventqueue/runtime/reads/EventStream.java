package io.eventqueue.runtime.reads;


import io.eventqueue.runtime.log.Document;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Fan-out of processed events to live stream subscribers.
 *
 * <p>Every published item gets a monotonic id (the SSE {@code id}). The last {@code replayCapacity} items are
 * kept so a reconnecting client can resume after its {@code Last-Event-ID}, while anyone is subscribed and for
 * {@link #REPLAY_GRACE} after the last subscriber left. With nobody streaming, nothing is kept: each kept item holds
 * its event's document, and under load those are what survives young collections (the GC pause grows with them).
 * A client that comes back later, or after a restart, gets a {@link Gap} first. Each subscriber has a bounded
 * buffer: a subscriber that falls behind by more than that is closed with a reason instead of buffering without
 * bound; it can reconnect and resume.
 */
public final class EventStream {

    /** One published event: its stream id, filter fields, and its JSON. */
    public record StreamItem(long id, String type, String source, Document document) {
        /** The JSON, or null once its document is gone (see {@link Document#bytes()}). */
        public byte[] json() {
            return document.bytes();
        }
    }

    /** What a subscriber reads next. */
    public sealed interface Signal permits Next, Gap, Closed {
    }

    public record Next(StreamItem item) implements Signal {
    }

    /**
     * Items between {@code afterId} and {@code resumedFrom} were no longer kept and are skipped; {@code afterId} is
     * -1 when the client's last id came from an earlier run of the server (what it missed is unknown).
     */
    public record Gap(long afterId, long resumedFrom) implements Signal {
    }

    public record Closed(String reason, long lastDeliveredId) implements Signal {
    }

    private final int replayCapacity;
    private final int subscriberBuffer;
    private final ArrayDeque<StreamItem> recent = new ArrayDeque<>();
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final LongSupplier nanoClock;
    private long nextId = 1;
    private long overflowClosures;
    /** Guarded by this: replay items are kept while subscribed or until then ({@link System#nanoTime()} scale). */
    private long replayKeptUntil;

    /** How long the replay ring is kept after the last subscriber left. */
    public static final Duration REPLAY_GRACE = Duration.ofMinutes(5);

    public EventStream(int replayCapacity, int subscriberBuffer) {
        this(replayCapacity, subscriberBuffer, System::nanoTime);
    }

    EventStream(int replayCapacity, int subscriberBuffer, LongSupplier nanoClock) {
        if (replayCapacity < 0 || subscriberBuffer < 1) {
            throw new IllegalArgumentException("stream bounds must be positive");
        }
        this.replayCapacity = replayCapacity;
        this.subscriberBuffer = subscriberBuffer;
        this.nanoClock = nanoClock;
        this.replayKeptUntil = nanoClock.getAsLong();
    }

    public synchronized long publish(String type, String source, Document json) {
        long id = nextId++;
        boolean keep = replayCapacity > 0 && (!subscribers.isEmpty() || nanoClock.getAsLong() - replayKeptUntil < 0);
        if (!keep) {
            recent.clear();
            if (subscribers.isEmpty()) {
                return id;
            }
        }
        StreamItem item = new StreamItem(id, type, source, json);
        if (keep) {
            if (recent.size() == replayCapacity) {
                recent.removeFirst();
            }
            recent.addLast(item);
        }
        for (Subscriber s : subscribers) {
            s.offer(item);
        }
        return id;
    }

    /**
     * Subscribes to items matching {@code filter}.
     *
     * @param lastEventId the last id the client saw (from {@code Last-Event-ID}), or -1 for live items only
     */
    public synchronized Subscriber subscribe(Predicate<StreamItem> filter, long lastEventId) {
        return subscribe(filter, lastEventId, false);
    }

    /**
     * Subscribes a client whose last id is from an earlier run of the server: it gets everything still kept, after
     * a {@link Gap} that says its history is unknown.
     */
    public synchronized Subscriber subscribeAfterRestart(Predicate<StreamItem> filter) {
        return subscribe(filter, 0, true);
    }

    private Subscriber subscribe(Predicate<StreamItem> filter, long lastEventId, boolean restarted) {
        Subscriber s = new Subscriber(filter);
        if (restarted) {
            s.gap = new Gap(-1, recent.isEmpty() ? nextId : recent.peekFirst().id());
        }
        if (lastEventId >= 0 && lastEventId < nextId - 1) {
            List<StreamItem> backlog = new ArrayList<>();
            for (StreamItem item : recent) {
                if (item.id() > lastEventId && filter.test(item)) {
                    backlog.add(item);
                }
            }
            long oldestKept = recent.isEmpty() ? nextId : recent.peekFirst().id();
            int skip = Math.max(0, backlog.size() - subscriberBuffer);
            if (!restarted && (oldestKept > lastEventId + 1 || skip > 0)) {
                long resumedFrom = skip < backlog.size() ? backlog.get(skip).id() : nextId;
                s.gap = new Gap(lastEventId, resumedFrom);
            }
            for (StreamItem item : backlog.subList(skip, backlog.size())) {
                s.buffer.add(item);
            }
        }
        subscribers.add(s);
        return s;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** Subscribers closed because they fell behind. */
    public synchronized long overflowClosures() {
        return overflowClosures;
    }

    /** Closes every subscription (shutdown). */
    public void closeAll(String reason) {
        for (Subscriber s : subscribers) {
            s.close(reason);
        }
    }

    public final class Subscriber implements AutoCloseable {
        private final Predicate<StreamItem> filter;
        private final ArrayBlockingQueue<StreamItem> buffer = new ArrayBlockingQueue<>(subscriberBuffer);
        private volatile Gap gap;
        private volatile String closedReason;
        private long lastDelivered = -1;

        private Subscriber(Predicate<StreamItem> filter) {
            this.filter = filter;
        }

        private void offer(StreamItem item) {
            if (closedReason != null || !filter.test(item)) {
                return;
            }
            if (!buffer.offer(item)) {
                overflowClosures++;
                close("slow consumer: more than " + subscriberBuffer + " events buffered; reconnect with Last-Event-ID to resume");
            }
        }

        /** The id of the last item {@link #next} returned, or -1. */
        public long lastDelivered() {
            return lastDelivered;
        }

        /**
         * Waits up to {@code timeoutMillis} for the next signal.
         *
         * @return the signal, or null on timeout (send a keep-alive)
         */
        public Signal next(long timeoutMillis) throws InterruptedException {
            Gap pendingGap = gap;
            if (pendingGap != null) {
                gap = null;
                return pendingGap;
            }
            String reason = closedReason;
            if (reason != null) {
                return new Closed(reason, lastDelivered);
            }
            StreamItem item = buffer.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            reason = closedReason;
            if (reason != null) {
                return new Closed(reason, lastDelivered);
            }
            if (item == null) {
                return null;
            }
            lastDelivered = item.id();
            return new Next(item);
        }

        void close(String reason) {
            if (closedReason == null) {
                closedReason = reason;
            }
            synchronized (EventStream.this) {
                if (subscribers.remove(this) && subscribers.isEmpty()) {
                    replayKeptUntil = nanoClock.getAsLong() + REPLAY_GRACE.toNanos();
                }
            }
            buffer.clear();
            // Wakes a reader blocked in poll: the sentinel is never returned as an item.
            buffer.offer(new StreamItem(-1, "", "", Document.of(new byte[0])));
        }

        @Override
        public void close() {
            close("client closed");
        }
    }
}
