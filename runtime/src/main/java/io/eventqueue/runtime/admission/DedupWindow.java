package io.eventqueue.runtime.admission;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * Remembers event identities seen within a time window, with a hard cap on how many it holds.
 *
 * <p>An identity is remembered from its first sighting for {@code window}; when more than {@code maxEntries}
 * identities are within the window the oldest are forgotten first (a repeat of those is then accepted again:
 * at-least-once, never unbounded memory).
 *
 * <p>Every accepted event is remembered here for minutes, so objects per identity would be promoted to the old
 * generation and paid for in GC pauses. An identity is therefore kept as a 128-bit key in primitive arrays allocated
 * once from {@code maxEntries}: a ring in first-sighting order, which is the order of expiry and of eviction, and an
 * open-addressing table of ring slots to find a key. A forgotten identity leaves a dead slot in the ring that expiry
 * and eviction step over.
 *
 * <p>The key is the first 16 bytes of the SHA-256 of the identity's UTF-8 bytes. Two identities with one key make
 * the second event look like a duplicate, which is acknowledged and dropped; with a 64-bit or non-cryptographic hash
 * a chance collision among millions of events, or an id crafted by one client, could silently drop another client's
 * event. (UTF-8 is lossless for the identities that reach here: the event decoders refuse unpaired surrogates.)
 */
public final class DedupWindow {
    /** Keeps the ring and table sizes within int range. */
    static final int MAX_ENTRIES = 1 << 28;
    private static final int INITIAL_CAPACITY = 1024;

    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private final long windowMillis;
    private final int maxEntries;
    private final Clock clock;
    private final boolean enabled;
    private final MessageDigest sha256;

    // The ring: `used` slots from `head` on, live or dead, in first-sighting order. It starts small and doubles up
    // to `fullCapacity` as identities arrive, so an idle runtime does not hold (and touch) the memory of a full window.
    private final int fullCapacity;
    private long[] keyHigh;
    private long[] keyLow;
    private long[] firstSeen;
    private boolean[] dead;
    private int head;
    private int used;
    private int live;

    // The table: ring slot + 1 per bucket, 0 for empty; linear probing, at most half full.
    private int[] buckets;
    private int bucketMask;
    // Mixed into the probe start so that ids ground offline to share a start cannot build long probe chains.
    private final long seed;

    // The key of the identity at hand: two fields rather than an object per call.
    private long high;
    private long low;

    private long evictedEarly;

    public DedupWindow(Duration window, int maxEntries, Clock clock) {
        if (window.isNegative()) {
            throw new IllegalArgumentException("window must not be negative");
        }
        if (maxEntries < 0 || maxEntries > MAX_ENTRIES) {
            throw new IllegalArgumentException("maxEntries must be between 0 and " + MAX_ENTRIES);
        }
        this.windowMillis = window.toMillis();
        this.maxEntries = maxEntries;
        this.clock = Objects.requireNonNull(clock);
        this.enabled = maxEntries > 0 && !window.isZero();
        this.sha256 = sha256();
        // Dead slots sit in the ring beside up to maxEntries live ones; the slack lets the ring fill up with them
        // only rarely, and compacting a full ring then frees at least the slack (amortized O(1) per sighting).
        this.fullCapacity = enabled ? maxEntries + Math.max(maxEntries / 4, 16) : 0;
        this.seed = new SecureRandom().nextLong();
        allocate(Math.min(fullCapacity, INITIAL_CAPACITY));
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
        if (!enabled) {
            return true;
        }
        long now = clock.millis();
        expire(now);
        return record(identity, now);
    }

    /**
     * {@link #firstSighting} for several identities in order, under one lock and one clock reading (a batch).
     *
     * @return for each identity, true the first time within the window (a repeat within the list is a duplicate)
     */
    public synchronized boolean[] firstSightings(String[] identities) {
        boolean[] first = new boolean[identities.length];
        if (!enabled) {
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
            forgetOne(identity);
        }
    }

    /** Forgets an identity, e.g. when the event it belonged to could not be accepted after all. */
    public synchronized void forget(String identity) {
        forgetOne(identity);
    }

    public synchronized int size() {
        if (enabled) {
            expire(clock.millis());
        }
        return live;
    }

    /** Identities dropped before their window ended because the cap was reached. */
    public synchronized long evictedEarly() {
        return evictedEarly;
    }

    private boolean record(String identity, long now) {
        keyOf(identity);
        if (find() >= 0) {
            return false;
        }
        if (live == maxEntries) {
            evictOldest();
        }
        if (used == keyHigh.length) {
            if (live >= keyHigh.length / 2 && keyHigh.length < fullCapacity) {
                grow();
            } else {
                compact();
            }
        }
        int slot = ringIndex(head + used);
        keyHigh[slot] = high;
        keyLow[slot] = low;
        firstSeen[slot] = now;
        dead[slot] = false;
        used++;
        live++;
        buckets[freeBucket(keyLow[slot])] = slot + 1;
        return true;
    }

    private void forgetOne(String identity) {
        if (!enabled) {
            return;
        }
        keyOf(identity);
        int bucket = find();
        if (bucket < 0) {
            return;
        }
        int slot = buckets[bucket] - 1;
        removeBucket(bucket);
        dead[slot] = true;
        live--;
        // Most forgotten identities were just recorded: drop dead slots at either end at once.
        while (used > 0 && dead[ringIndex(head + used - 1)]) {
            used--;
        }
        dropDeadHead();
    }

    private void expire(long now) {
        long cutoff = now - windowMillis;
        dropDeadHead();
        while (used > 0 && firstSeen[head] <= cutoff) {
            dropLiveHead();
            dropDeadHead();
        }
    }

    private void evictOldest() {
        dropDeadHead();
        dropLiveHead();
        evictedEarly++;
    }

    private void dropDeadHead() {
        while (used > 0 && dead[head]) {
            head = ringIndex(head + 1);
            used--;
        }
    }

    private void dropLiveHead() {
        removeBucket(bucketOf(head));
        live--;
        head = ringIndex(head + 1);
        used--;
    }

    /** Moves the live slots together behind the head, so the ring has room again. */
    private void compact() {
        int to = head;
        for (int i = 0, from = head; i < used; i++, from = ringIndex(from + 1)) {
            if (dead[from]) {
                continue;
            }
            if (to != from) {
                buckets[bucketOf(from)] = to + 1;
                keyHigh[to] = keyHigh[from];
                keyLow[to] = keyLow[from];
                firstSeen[to] = firstSeen[from];
                dead[to] = false;
            }
            to = ringIndex(to + 1);
        }
        used = live;
    }

    /** Doubles the ring (up to its full capacity), live slots first in order, and rebuilds the table for it. */
    private void grow() {
        long[] oldHigh = keyHigh;
        long[] oldLow = keyLow;
        long[] oldSeen = firstSeen;
        boolean[] oldDead = dead;
        int from = head;
        int count = used;
        allocate((int) Math.min(fullCapacity, 2L * oldHigh.length));
        int n = 0;
        for (int i = 0; i < count; i++, from = from + 1 < oldHigh.length ? from + 1 : 0) {
            if (!oldDead[from]) {
                keyHigh[n] = oldHigh[from];
                keyLow[n] = oldLow[from];
                firstSeen[n] = oldSeen[from];
                buckets[freeBucket(oldLow[from])] = n + 1;
                n++;
            }
        }
        head = 0;
        used = n;
    }

    /** Empty ring and table for {@code capacity} slots; the table at most half full. */
    private void allocate(int capacity) {
        keyHigh = new long[capacity];
        keyLow = new long[capacity];
        firstSeen = new long[capacity];
        dead = new boolean[capacity];
        int bucketCount = capacity == 0 ? 0 : Integer.highestOneBit(2 * Math.min(capacity, maxEntries) - 1) << 1;
        buckets = new int[Math.max(bucketCount, 2)];
        bucketMask = buckets.length - 1;
    }

    /** Slots the ring has allocated (it grows with use). */
    synchronized int allocatedSlots() {
        return keyHigh.length;
    }

    private int ringIndex(int i) {
        return i < keyHigh.length ? i : i - keyHigh.length;
    }

    private void keyOf(String identity) {
        byte[] digest = sha256.digest(identity.getBytes(StandardCharsets.UTF_8));
        high = (long) LONG_AT.get(digest, 0);
        low = (long) LONG_AT.get(digest, 8);
    }

    /** The bucket holding the key at hand, or -1. */
    private int find() {
        for (int b = home(low); ; b = (b + 1) & bucketMask) {
            int slot = buckets[b] - 1;
            if (slot < 0) {
                return -1;
            }
            if (keyLow[slot] == low && keyHigh[slot] == high) {
                return b;
            }
        }
    }

    private int bucketOf(int slot) {
        int b = home(keyLow[slot]);
        while (buckets[b] != slot + 1) {
            b = (b + 1) & bucketMask;
        }
        return b;
    }

    private int freeBucket(long keyLow) {
        int b = home(keyLow);
        while (buckets[b] != 0) {
            b = (b + 1) & bucketMask;
        }
        return b;
    }

    /** Empties a bucket and moves later entries of its probe run back, so that no lookup stops short of them. */
    private void removeBucket(int hole) {
        for (int b = (hole + 1) & bucketMask; buckets[b] != 0; b = (b + 1) & bucketMask) {
            int home = home(keyLow[buckets[b] - 1]);
            // The entry at b may move into the hole unless its home lies after the hole, up to b (cyclically).
            if (((b - home) & bucketMask) >= ((b - hole) & bucketMask)) {
                buckets[hole] = buckets[b];
                hole = b;
            }
        }
        buckets[hole] = 0;
    }

    private int home(long keyLow) {
        long h = keyLow ^ seed;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33)) & bucketMask;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
