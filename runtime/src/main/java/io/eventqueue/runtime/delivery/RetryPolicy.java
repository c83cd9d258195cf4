package io.eventqueue.runtime.delivery;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often and how long to retry a failed delivery: exponential backoff with full jitter
 * (a delay drawn uniformly from {@code [0, min(cap, base * 2^(n-1))]} before retry n), then dead-letter.
 *
 * @param maxAttempts attempts per sink in total, including the first
 * @param base        the upper bound of the first retry's delay
 * @param cap         no delay bound grows beyond this
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration cap) {
    /** A receiver's {@code Retry-After} is honoured up to this much, so one receiver cannot park events for days. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
        if (base.isNegative() || cap.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff must satisfy 0 <= base <= max");
        }
    }

    /**
     * The delay before the next attempt after {@code attemptsMade} failed attempts, or empty when the attempts
     * are used up and the event should be dead-lettered.
     *
     * @param retryAfter the receiver's {@code Retry-After}, when it sent one: the delay is at least that
     */
    public Optional<Duration> nextDelay(int attemptsMade, Optional<Duration> retryAfter, RandomGenerator random) {
        if (attemptsMade >= maxAttempts) {
            return Optional.empty();
        }
        long bound = ceilingMillis(attemptsMade);
        long jittered = bound == 0 ? 0 : random.nextLong(bound + 1);
        long floor = retryAfter.map(d -> Math.min(d.toMillis(), MAX_RETRY_AFTER.toMillis())).orElse(0L);
        return Optional.of(Duration.ofMillis(Math.max(jittered, Math.max(floor, 0))));
    }

    /** The upper bound of the delay before retry {@code n} (n = attempts made so far, ≥ 1). */
    long ceilingMillis(int attemptsMade) {
        int shift = Math.min(Math.max(attemptsMade - 1, 0), 40);
        long grown = base.toMillis() << shift;
        if (grown < 0 || (shift > 0 && grown >> shift != base.toMillis())) {
            grown = Long.MAX_VALUE;
        }
        return Math.min(grown, cap.toMillis());
    }
}
