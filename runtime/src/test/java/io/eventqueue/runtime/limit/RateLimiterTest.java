package io.eventqueue.runtime.limit;

import io.eventqueue.runtime.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.runtime.config.RuntimeConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    private final MutableClock clock = new MutableClock();

    private RateLimiter limiter(double globalRate, long globalBurst, double clientRate, long clientBurst, int maxClients) {
        return new RateLimiter(new RuntimeConfig.RateLimit(true, globalRate, globalBurst, clientRate, clientBurst,
                maxClients), clock.nanoTime());
    }

    @Test
    void disabledLimiterAllowsEverythingAndSendsNoHeaders() {
        RateLimiter limiter = new RateLimiter(new RuntimeConfig.RateLimit(false, 1, 1, 1, 1, 1), clock.nanoTime());
        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.acquire("c", 1000).allowed()).isTrue();
        }
        assertThat(RateLimitHeaders.of(limiter.acquire("c", 1))).isEmpty();
    }

    @Test
    void eachClientHasItsOwnBucket() {
        RateLimiter limiter = limiter(100, 100, 1, 2, 10);
        assertThat(limiter.acquire("alice", 2).allowed()).isTrue();
        assertThat(limiter.acquire("alice", 1).allowed()).isFalse();
        assertThat(limiter.acquire("bob", 2).allowed()).isTrue();
    }

    @Test
    void theGlobalBucketLimitsAllClientsTogether() {
        RateLimiter limiter = limiter(3, 3, 10, 10, 10);
        assertThat(limiter.acquire("a", 1).allowed()).isTrue();
        assertThat(limiter.acquire("b", 1).allowed()).isTrue();
        assertThat(limiter.acquire("c", 1).allowed()).isTrue();
        RateLimitDecision refused = limiter.acquire("d", 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(3);
    }

    @Test
    void aGlobalRefusalGivesTheClientItsTokensBack() {
        RateLimiter limiter = limiter(1, 1, 1, 2, 10);
        assertThat(limiter.acquire("other", 1).allowed()).isTrue();
        assertThat(limiter.acquire("alice", 1).allowed()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        RateLimitDecision decision = limiter.acquire("alice", 1);
        assertThat(decision.allowed()).isTrue();
    }

    @Test
    void successReportsTheMoreRestrictiveBucket() {
        RateLimiter limiter = limiter(100, 100, 1, 5, 10);
        RateLimitDecision decision = limiter.acquire("alice", 2);
        assertThat(RateLimitHeaders.of(decision)).containsExactly(
                entry("RateLimit-Limit", "5"), entry("RateLimit-Remaining", "3"), entry("RateLimit-Reset", "2"));
    }

    @Test
    void refusalCarriesRetryAfter() {
        RateLimiter limiter = limiter(100, 100, 2, 1, 10);
        limiter.acquire("alice", 1);
        assertThat(RateLimitHeaders.of(limiter.acquire("alice", 1))).containsExactly(
                entry("RateLimit-Limit", "1"), entry("RateLimit-Remaining", "0"), entry("RateLimit-Reset", "1"),
                entry("Retry-After", "1"));
    }

    @Test
    void memoryStaysBoundedWithAHundredThousandDistinctClients() {
        int maxClients = 10_000;
        RateLimiter limiter = limiter(1_000_000, 1_000_000, 2, 1, maxClients);
        int peak = 0;
        // 100,000 clients, 100 new ones every 100 ms: a client's bucket is full again 500 ms after its request and
        // is swept within another 500 ms, so about one second of clients (1,000) is remembered, far below the cap.
        for (int client = 0; client < 100_000; client++) {
            assertThat(limiter.acquire("10.0." + client, 1).allowed()).isTrue();
            peak = Math.max(peak, limiter.trackedClients());
            if (client % 100 == 99) {
                clock.advance(Duration.ofMillis(100));
            }
        }
        assertThat(peak).isBetween(500, 1_100);
        clock.advance(Duration.ofSeconds(2));
        limiter.acquire("late", 1);
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void aBurstOfDistinctClientsBeyondTheCapSharesOneOverflowBucket() {
        int maxClients = 1_000;
        RateLimiter limiter = limiter(1_000_000, 1_000_000, 1, 1, maxClients);
        int refused = 0;
        for (int client = 0; client < 100_000; client++) {
            if (!limiter.acquire("client-" + client, 1).allowed()) {
                refused++;
            }
            assertThat(limiter.trackedClients()).isLessThanOrEqualTo(maxClients);
        }
        // The first 1,000 clients get their own bucket, the 1,001st the overflow bucket's only token.
        assertThat(refused).isEqualTo(100_000 - maxClients - 1);
        assertThat(limiter.acquire("client-1", 1).allowed()).isFalse();
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
