package io.eventqueue.runtime.limit;

/**
 * The outcome of asking a bucket for tokens, with what the client is told in the {@code RateLimit-*} headers.
 *
 * @param allowed          whether the request may proceed
 * @param limit            bucket size (the most a client can send at once)
 * @param remaining        tokens left after this request
 * @param resetNanos       time until the bucket is full again
 * @param retryAfterNanos  when denied, time until the request would fit; 0 when allowed
 * @param global           whether the process-wide bucket decided (false: the client's own bucket)
 */
public record RateLimitDecision(boolean allowed, long limit, long remaining, long resetNanos, long retryAfterNanos,
                                boolean global) {
    /** The decision when rate limiting is off: allowed, and no headers are sent. */
    public static final RateLimitDecision UNLIMITED = new RateLimitDecision(true, -1, -1, 0, 0, false);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    static RateLimitDecision allowed(long limit, long remaining, long resetNanos) {
        return new RateLimitDecision(true, limit, remaining, Math.max(0, resetNanos), 0, false);
    }

    static RateLimitDecision denied(long limit, long remaining, long resetNanos, long retryAfterNanos) {
        return new RateLimitDecision(false, limit, remaining, Math.max(0, resetNanos), Math.max(0, retryAfterNanos),
                false);
    }

    /** This decision, marked as taken by the process-wide bucket. */
    RateLimitDecision byGlobalBucket() {
        return new RateLimitDecision(allowed, limit, remaining, resetNanos, retryAfterNanos, true);
    }

    public boolean limited() {
        return limit >= 0;
    }

    /** Whole seconds until the bucket is full, rounded up. */
    public long resetSeconds() {
        return ceilSeconds(resetNanos);
    }

    /** Whole seconds to wait before retrying, rounded up and at least 1 (a 0 would invite an instant retry). */
    public long retryAfterSeconds() {
        return Math.max(1, ceilSeconds(retryAfterNanos));
    }

    private static long ceilSeconds(long nanos) {
        return nanos <= 0 ? 0 : (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND;
    }
}
