package io.eventqueue.runtime.reads;

import io.eventqueue.runtime.log.Document;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounded in-memory index of recent events for {@code GET /v1/events}: the last {@code maxEvents} events,
 * at most {@code maxBytes} of them, received within {@code window}. Older events fall out; responses say so.
 *
 * <p>A ring of slots indexed by position: an event costs its {@link TrackedEvent} and nothing else (no map nodes or
 * boxed keys), because every accepted event lives here for seconds and all it keeps is promoted out of the young
 * generation under load. Lookups by id scan the ring newest first (a read API, not the hot path).
 *
 * <p>Without a monitor: HTTP threads add events and workers update them concurrently (a shared lock here was a
 * convoy under load). Positions come from an atomic counter, a slot is claimed with an atomic swap, updates are
 * compare-and-replace on the slot (a no-op once the event fell out), and one thread at a time evicts for the byte
 * and time bounds; a thread that finds the evictor busy leaves the work to it, and the evictor re-checks the bounds
 * after releasing, so they can be passed only by events added meanwhile.
 */
public final class RecentEvents {
    /** The least {@link TrackedEvent#footprint()} of any event: sizes the ring when the byte bound is the tighter one. */
    private static final long MIN_FOOTPRINT = 160;

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
    private final int capacity;
    private final AtomicReferenceArray<TrackedEvent> ring;
    private final AtomicLong nextPosition = new AtomicLong(1);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final ReentrantLock evicting = new ReentrantLock();
    /** Guarded by {@link #evicting}: no event below this position is left for the evictor. */
    private volatile long evictedBelow = 1;

    public RecentEvents(int maxEvents, long maxBytes, Duration window, Clock clock) {
        if (maxEvents < 1 || maxBytes < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("read index bounds must be positive");
        }
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.window = window;
        this.clock = clock;
        this.capacity = (int) Math.max(1, Math.min(maxEvents, maxBytes / MIN_FOOTPRINT + 1));
        this.ring = new AtomicReferenceArray<>(capacity);
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
        int slot = slot(position);
        TrackedEvent replaced = ring.getAndSet(slot, e);
        if (replaced != null && replaced.position() > position) {
            // This thread stalled while the ring went round: the newer event keeps the slot, this one is already out.
            ring.compareAndSet(slot, e, replaced);
            return position;
        }
        count.incrementAndGet();
        bytes.addAndGet(e.footprint());
        if (replaced != null) {
            count.decrementAndGet();
            bytes.addAndGet(-replaced.footprint());
        }
        evict(receivedAt);
        return position;
    }

    /** Updates status and attempts; a no-op when the event already fell out of the index. */
    public void update(long position, EventStatus status, int attempts, String error) {
        Instant now = clock.instant();
        int slot = slot(position);
        TrackedEvent current;
        do {
            current = ring.get(slot);
        } while (current != null && current.position() == position
                && !ring.compareAndSet(slot, current, current.with(status, attempts, now, error)));
    }

    /** Removes an event that was not admitted after all. */
    public void forget(long position) {
        int slot = slot(position);
        TrackedEvent current;
        do {
            current = ring.get(slot);
            if (current == null || current.position() != position) {
                return;
            }
        } while (!ring.compareAndSet(slot, current, null));
        count.decrementAndGet();
        bytes.addAndGet(-current.footprint());
    }

    /**
     * The events with this id still in the index, newest first, one per type and source: ids are unique only per
     * source and type (a log and a metric of the Go Event Queue API may share one), and a replayed event is shown
     * as its newest entry.
     */
    public List<TrackedEvent> matching(String id) {
        Instant now = clock.instant();
        long newest = nextPosition.get() - 1;
        List<TrackedEvent> found = new ArrayList<>(1);
        for (long p = newest; p > Math.max(0, newest - capacity); p--) {
            TrackedEvent e = at(p);
            if (e == null || !e.id().equals(id)) {
                continue;
            }
            if (expired(e, now)) {
                break;
            }
            if (found.stream().noneMatch(f -> f.type().equals(e.type()) && f.source().equals(e.source()))) {
                found.add(e);
            }
        }
        return found;
    }

    /** Events matching {@code query} older than {@code cursor}, newest first. */
    public Page query(Query query, String cursor, int limit) {
        long before = Cursors.decode(cursor);
        long newest = nextPosition.get() - 1;
        long start = before < 0 ? newest : Math.min(newest, before - 1);
        Instant now = clock.instant();
        List<TrackedEvent> items = new ArrayList<>(Math.min(limit, 100));
        boolean more = false;
        for (long p = start; p > Math.max(0, newest - capacity); p--) {
            TrackedEvent e = at(p);
            if (e == null) {
                continue;
            }
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

    /**
     * The event at {@code position}, or null when it is not (or no longer, or not yet) in its slot, or its document
     * was written over in its arena (it is then as good as evicted, and the evictor removes it).
     */
    private TrackedEvent at(long position) {
        TrackedEvent e = ring.get(slot(position));
        return e != null && e.position() == position && !e.document().gone() ? e : null;
    }

    private int slot(long position) {
        return (int) (position % capacity);
    }

    private boolean expired(TrackedEvent e, Instant now) {
        return e.receivedAt().isBefore(now.minus(window));
    }

    private void evict(Instant now) {
        Instant cutoff = now.minus(window);
        do {
            if (!evictionDue(cutoff) || !evicting.tryLock()) {
                return;
            }
            try {
                evictLocked(cutoff);
            } finally {
                evicting.unlock();
            }
        } while (bytes.get() > maxBytes);
    }

    /**
     * Cheap check without the lock: over the byte bound, or the oldest event the evictor knows of has expired or
     * lost its document.
     */
    private boolean evictionDue(Instant cutoff) {
        if (bytes.get() > maxBytes) {
            return true;
        }
        long oldest = Math.max(evictedBelow, nextPosition.get() - capacity);
        TrackedEvent e = ring.get(slot(oldest));
        return e == null || e.position() != oldest || e.receivedAt().isBefore(cutoff) || e.document().gone();
    }

    private void evictLocked(Instant cutoff) {
        long next = nextPosition.get();
        long p = Math.max(evictedBelow, next - capacity);
        for (; p < next; p++) {
            int slot = slot(p);
            TrackedEvent e = ring.get(slot);
            if (e != null && e.position() < p) {
                break; // this position's track is still in flight: it is not the evictor's yet
            }
            if (e == null || e.position() != p) {
                continue; // forgotten, or the ring already went past it
            }
            if (bytes.get() <= maxBytes && !e.receivedAt().isBefore(cutoff) && !e.document().gone()) {
                break;
            }
            forget(p);
        }
        evictedBelow = p;
    }
}
