package io.eventqueue.runtime.limit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Brute-force protection for HTTP Basic logins: each remote address may fail {@code maxFailures} times, refilled
 * evenly over {@code window}. An attempt takes a token before the credentials are checked (so parallel guesses
 * cannot overtake the count) and a successful login gives it back.
 */
public final class LoginThrottle {
    private static final int MAX_ADDRESSES = 100_000;
    private final ClientBuckets buckets;

    public LoginThrottle(int maxFailures, Duration window, LongSupplier nanoClock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("auth.login-max-failures: must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("auth.login-failure-window: must be positive");
        }
        double ratePerSecond = maxFailures / (window.toNanos() / 1e9);
        this.buckets = new ClientBuckets(ratePerSecond, maxFailures, MAX_ADDRESSES, nanoClock);
    }

    /** Starts a login attempt from {@code address}; refused when the address has used up its failures. */
    public Attempt begin(String address) {
        TokenBucket bucket = buckets.bucketFor(address);
        return new Attempt(bucket, bucket.tryAcquire(1));
    }

    /** One login attempt; call {@link #succeeded()} when the credentials were right. */
    public static final class Attempt {
        private final TokenBucket bucket;
        private final RateLimitDecision decision;

        private Attempt(TokenBucket bucket, RateLimitDecision decision) {
            this.bucket = bucket;
            this.decision = decision;
        }

        public boolean allowed() {
            return decision.allowed();
        }

        /** Seconds the address must wait before its next attempt (when refused). */
        public long retryAfterSeconds() {
            return decision.retryAfterSeconds();
        }

        public void succeeded() {
            if (decision.allowed()) {
                bucket.refund(1);
            }
        }
    }
}
