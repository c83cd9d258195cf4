package io.eventqueue.runtime.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One token bucket per key (client id or remote address) with bounded memory.
 *
 * <p>A full bucket is indistinguishable from a new one, so a periodic sweep drops full buckets without changing any
 * decision: only clients that spent tokens within the last {@code burst / rate} seconds are remembered. As a hard
 * bound against a flood of distinct keys, at most {@code maxKeys} buckets are kept; beyond that, new keys share one
 * overflow bucket, which fails closed for them instead of growing the heap.
 */
public final class ClientBuckets {
    private static final int MAX_KEY_CHARS = 256;
    private static final long MIN_SWEEP_INTERVAL_NANOS = 100_000_000L;
    private static final long MAX_SWEEP_INTERVAL_NANOS = 10_000_000_000L;

    private final double rate;
    private final long burst;
    private final int maxKeys;
    private final long sweepIntervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final TokenBucket overflow;
    private final AtomicLong lastSweep;

    /** Sweeps as often as a bucket takes to refill (between 100 ms and 10 s), so idle buckets live at most twice that. */
    public ClientBuckets(double rate, long burst, int maxKeys, LongSupplier nanoClock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1: " + maxKeys);
        }
        this.rate = rate;
        this.burst = burst;
        this.maxKeys = maxKeys;
        long refillNanos = (long) Math.min(MAX_SWEEP_INTERVAL_NANOS, burst / rate * 1e9);
        this.sweepIntervalNanos = Math.max(MIN_SWEEP_INTERVAL_NANOS, refillNanos);
        this.nanoClock = nanoClock;
        this.overflow = new TokenBucket(rate, burst, nanoClock);
        this.lastSweep = new AtomicLong(nanoClock.getAsLong());
    }

    /** The bucket for {@code key}, created on first use. */
    public TokenBucket bucketFor(String key) {
        sweepIfDue();
        String bounded = key.length() > MAX_KEY_CHARS ? key.substring(0, MAX_KEY_CHARS) : key;
        TokenBucket bucket = buckets.get(bounded);
        if (bucket != null) {
            return bucket;
        }
        if (buckets.size() >= maxKeys) {
            sweep();
            if (buckets.size() >= maxKeys) {
                return overflow;
            }
        }
        return buckets.computeIfAbsent(bounded, k -> new TokenBucket(rate, burst, nanoClock));
    }

    /** Number of buckets currently remembered. */
    public int size() {
        return buckets.size();
    }

    private void sweepIfDue() {
        long now = nanoClock.getAsLong();
        long last = lastSweep.get();
        if (now - last >= sweepIntervalNanos && lastSweep.compareAndSet(last, now)) {
            sweep();
        }
    }

    private void sweep() {
        // A bucket taken by a request just before it is removed loses that request's tokens: at worst one extra
        // burst for that client, which is the price of a lock-free map.
        buckets.entrySet().removeIf(entry -> entry.getValue().isFull());
    }
}
