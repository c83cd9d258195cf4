package io.eventqueue.runtime.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers event identities seen within a time window, with a hard cap on how many it holds.
 *
 * <p>An identity is remembered from its first sighting for {@code window}; when more than {@code maxEntries}
 * identities are within the window the oldest are forgotten first (a repeat of those is then accepted again:
 * at-least-once, never unbounded memory).
 */
public final class DedupWindow {
    private final Duration window;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();
    private long evictedEarly;

    public DedupWindow(Duration window, int maxEntries, Clock clock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative");
        }
        this.window = window;
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock);
    }

    /** The identity of an event: source and id, plus the type for native events whose ids are per type. */
    public static String identity(String source, String type, String id) {
        return source + '\u0000' + (type == null ? "" : type) + '\u0000' + id;
    }

    /**
     * Records the identity and tells whether it is new.
     *
     * @return true the first time within the window, false for a duplicate
     */
    public synchronized boolean firstSighting(String identity) {
        if (maxEntries == 0 || window.isZero()) {
            return true;
        }
        long now = clock.millis();
        expire(now);
        return record(identity, now);
    }

    private boolean record(String identity, long now) {
        if (seen.putIfAbsent(identity, now) != null) {
            return false;
        }
        if (seen.size() > maxEntries) {
            Iterator<Map.Entry<String, Long>> oldest = seen.entrySet().iterator();
            oldest.next();
            oldest.remove();
            evictedEarly++;
        }
        return true;
    }

    /**
     * {@link #firstSighting} for several identities in order, under one lock and one clock reading (a batch).
     *
     * @return for each identity, true the first time within the window (a repeat within the list is a duplicate)
     */
    public synchronized boolean[] firstSightings(String[] identities) {
        boolean[] first = new boolean[identities.length];
        if (maxEntries == 0 || window.isZero()) {
            Arrays.fill(first, true);
            return first;
        }
        long now = clock.millis();
        expire(now);
        for (int i = 0; i < identities.length; i++) {
            first[i] = record(identities[i], now);
        }
        return first;
    }

    /** Forgets identities, e.g. the events of a batch that could not be accepted after all. */
    public synchronized void forgetAll(Collection<String> identities) {
        for (String identity : identities) {
            seen.remove(identity);
        }
    }

    /** Forgets an identity, e.g. when the event it belonged to could not be accepted after all. */
    public synchronized void forget(String identity) {
        seen.remove(identity);
    }

    public synchronized int size() {
        expire(clock.millis());
        return seen.size();
    }

    /** Identities dropped before their window ended because the cap was reached. */
    public synchronized long evictedEarly() {
        return evictedEarly;
    }

    private void expire(long now) {
        long cutoff = now - window.toMillis();
        Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() > cutoff) {
                return;
            }
            it.remove();
        }
    }
}
