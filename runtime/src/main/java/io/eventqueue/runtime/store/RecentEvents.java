package io.eventqueue.runtime.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounded in-memory index of recent events for {@code GET /v1/events}: the last {@code maxEvents} events,
 * at most {@code maxBytes} of them, received within {@code window}. Older events fall out; responses say so.
 *
 * <p>Without a monitor: HTTP threads add events and workers update them concurrently (a shared lock here was a
 * convoy under load). Positions come from an atomic counter, updates are compare-and-replace on the entry (a no-op
 * once it fell out), and one thread at a time evicts; a thread that finds the evictor busy leaves the work to it,
 * and the evictor re-checks the bounds after releasing, so they can be passed only by events added meanwhile.
 */
public final class RecentEvents {

    /** Filters of a listing; null fields match everything. */
    public record Query(String type, String source, Instant since, EventStatus status) {
        public static final Query ALL = new Query(null, null, null, null);

        boolean matches(TrackedEvent e) {
            return (type == null || type.equals(e.type()))
                    && (source == null || source.equals(e.source()))
                    && (since == null || !e.receivedAt().isBefore(since))
                    && (status == null || status == e.status());
        }
    }

    /** One page, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<TrackedEvent> items, String nextCursor) {
    }

    private final int maxEvents;
    private final long maxBytes;
    private final Duration window;
    private final Clock clock;
    private final ConcurrentSkipListMap<Long, TrackedEvent> byPosition = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, Long> newestById = new ConcurrentHashMap<>();
    private final AtomicLong nextPosition = new AtomicLong(1);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final ReentrantLock evicting = new ReentrantLock();

    public RecentEvents(int maxEvents, long maxBytes, Duration window, Clock clock) {
        if (maxEvents < 1 || maxBytes < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("read index bounds must be positive");
        }
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.window = window;
        this.clock = clock;
    }

    public int maxEvents() {
        return maxEvents;
    }

    public Duration window() {
        return window;
    }

    /**
     * Adds an accepted event as queued; returns its position for later status updates. Its reception time is
     * also its last update and the "now" for evicting expired entries (admission happens at reception).
     */
    public long track(String id, String type, String source, Instant receivedAt, Document document) {
        long position = nextPosition.getAndIncrement();
        TrackedEvent e = new TrackedEvent(position, id, type, source, receivedAt, EventStatus.QUEUED, 0, receivedAt, null, document);
        byPosition.put(position, e);
        newestById.merge(id, position, Math::max);
        count.incrementAndGet();
        bytes.addAndGet(e.footprint());
        evict(receivedAt);
        return position;
    }

    /** Updates status and attempts; a no-op when the event already fell out of the index. */
    public void update(long position, EventStatus status, int attempts, String error) {
        Instant now = clock.instant();
        TrackedEvent current;
        do {
            current = byPosition.get(position);
        } while (current != null && !byPosition.replace(position, current, current.with(status, attempts, now, error)));
    }

    /** Removes an event that was not admitted after all. */
    public void forget(long position) {
        TrackedEvent e = byPosition.remove(position);
        if (e != null) {
            newestById.remove(e.id(), position);
            count.decrementAndGet();
            bytes.addAndGet(-e.footprint());
        }
    }

    public Optional<TrackedEvent> find(String id) {
        Long position = newestById.get(id);
        TrackedEvent e = position == null ? null : byPosition.get(position);
        return Optional.ofNullable(e != null && !expired(e, clock.instant()) ? e : null);
    }

    /** Events matching {@code query} older than {@code cursor}, newest first. */
    public Page query(Query query, String cursor, int limit) {
        long before = Cursors.decode(cursor);
        Map<Long, TrackedEvent> view = before < 0 ? byPosition.descendingMap() : byPosition.headMap(before, false).descendingMap();
        Instant now = clock.instant();
        List<TrackedEvent> items = new ArrayList<>(Math.min(limit, 100));
        boolean more = false;
        for (TrackedEvent e : view.values()) {
            if (expired(e, now)) {
                break;
            }
            if (!query.matches(e)) {
                continue;
            }
            if (items.size() == limit) {
                more = true;
                break;
            }
            items.add(e);
        }
        return new Page(items, more ? Cursors.encode(items.getLast().position()) : null);
    }

    public int size() {
        evict(clock.instant());
        return (int) Math.max(0, count.get());
    }

    private boolean expired(TrackedEvent e, Instant now) {
        return e.receivedAt().isBefore(now.minus(window));
    }

    private boolean overBounds() {
        return count.get() > maxEvents || bytes.get() > maxBytes;
    }

    private void evict(Instant now) {
        Instant cutoff = now.minus(window);
        do {
            Map.Entry<Long, TrackedEvent> oldest = byPosition.firstEntry();
            boolean due = overBounds() || (oldest != null && oldest.getValue().receivedAt().isBefore(cutoff));
            if (!due || !evicting.tryLock()) {
                return;
            }
            try {
                evictLocked(cutoff);
            } finally {
                evicting.unlock();
            }
        } while (overBounds());
    }

    private void evictLocked(Instant cutoff) {
        Map.Entry<Long, TrackedEvent> oldest;
        while ((oldest = byPosition.firstEntry()) != null) {
            TrackedEvent e = oldest.getValue();
            if (!overBounds() && !e.receivedAt().isBefore(cutoff)) {
                return;
            }
            forget(oldest.getKey());
        }
    }
}
