package io.eventqueue.runtime.limit;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A token bucket stored as a single "theoretical arrival time" (the generic cell rate algorithm): the instant
 * at which the bucket is full again. Taking tokens is one compare-and-set, so the bucket is cheap on the hot path
 * and needs no lock.
 */
public final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long burst;
    private final long intervalNanos;
    private final long capacityNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong fullAt;

    /**
     * @param ratePerSecond tokens added per second, &gt; 0
     * @param burst         bucket size, &ge; 1
     * @param nanoClock     monotonic nanosecond clock ({@code System::nanoTime} in production)
     */
    public TokenBucket(double ratePerSecond, long burst, LongSupplier nanoClock) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number: " + ratePerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1: " + burst);
        }
        this.burst = burst;
        this.intervalNanos = Math.max(1L, Math.round(NANOS_PER_SECOND / ratePerSecond));
        this.capacityNanos = Math.multiplyExact(burst, intervalNanos);
        this.nanoClock = nanoClock;
        this.fullAt = new AtomicLong(nanoClock.getAsLong());
    }

    public long burst() {
        return burst;
    }

    /**
     * Takes {@code tokens} if the bucket holds them. A request for more than the burst can never fit; it is let
     * through when the bucket is full and leaves the bucket in debt, so large batches pass at the average rate
     * instead of never.
     */
    public RateLimitDecision tryAcquire(long tokens) {
        if (tokens < 1) {
            throw new IllegalArgumentException("tokens must be at least 1: " + tokens);
        }
        long cost = Math.multiplyExact(tokens, intervalNanos);
        while (true) {
            long now = nanoClock.getAsLong();
            long current = fullAt.get();
            long start = current - now > 0 ? current : now;
            long next = start + cost;
            boolean fits = next - now <= capacityNanos;
            boolean oversizedOnFullBucket = tokens > burst && current - now <= 0;
            if (fits || oversizedOnFullBucket) {
                if (fullAt.compareAndSet(current, next)) {
                    return RateLimitDecision.allowed(burst, remaining(next - now), next - now);
                }
                continue;
            }
            long retryAfter = tokens > burst ? current - now : next - now - capacityNanos;
            long resetIn = Math.max(0, current - now);
            return RateLimitDecision.denied(burst, remaining(resetIn), resetIn, retryAfter);
        }
    }

    /** Gives back tokens taken by {@link #tryAcquire} when a later check refused the request. */
    public void refund(long tokens) {
        fullAt.addAndGet(-Math.multiplyExact(tokens, intervalNanos));
    }

    /** A full bucket behaves exactly like a new one, so it can be forgotten without changing any decision. */
    public boolean isFull() {
        return fullAt.get() - nanoClock.getAsLong() <= 0;
    }

    private long remaining(long debtNanos) {
        if (debtNanos <= 0) {
            return burst;
        }
        return Math.max(0, (capacityNanos - debtNanos) / intervalNanos);
    }
}
