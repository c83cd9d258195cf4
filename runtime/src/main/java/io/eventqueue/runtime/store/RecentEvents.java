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

/**
 * Bounded in-memory index of recent events for {@code GET /v1/events}: the last {@code maxEvents} events,
 * at most {@code maxBytes} of them, received within {@code window}. Older events fall out; responses say so.
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
    private long nextPosition = 1;
    private int count;
    private long bytes;

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

    /** Adds an accepted event as queued; returns its position for later status updates. */
    public synchronized long track(String id, String type, String source, Instant receivedAt, Document document) {
        Instant now = clock.instant();
        long position = nextPosition++;
        TrackedEvent e = new TrackedEvent(position, id, type, source, receivedAt, EventStatus.QUEUED, 0, now, null, document);
        byPosition.put(position, e);
        newestById.put(id, position);
        count++;
        bytes += e.footprint();
        evict(now);
        return position;
    }

    /** Updates status and attempts; a no-op when the event already fell out of the index. */
    public synchronized void update(long position, EventStatus status, int attempts, String error) {
        TrackedEvent current = byPosition.get(position);
        if (current != null) {
            byPosition.put(position, current.with(status, attempts, clock.instant(), error));
        }
    }

    /** Removes an event that was not admitted after all. */
    public synchronized void forget(long position) {
        TrackedEvent e = byPosition.remove(position);
        if (e != null) {
            newestById.remove(e.id(), position);
            count--;
            bytes -= e.footprint();
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

    public synchronized int size() {
        evict(clock.instant());
        return count;
    }

    private boolean expired(TrackedEvent e, Instant now) {
        return e.receivedAt().isBefore(now.minus(window));
    }

    private void evict(Instant now) {
        while (count > 0) {
            Map.Entry<Long, TrackedEvent> oldest = byPosition.firstEntry();
            TrackedEvent e = oldest.getValue();
            if (count <= maxEvents && bytes <= maxBytes && !expired(e, now)) {
                return;
            }
            byPosition.remove(oldest.getKey());
            newestById.remove(e.id(), e.position());
            count--;
            bytes -= e.footprint();
        }
    }
}
