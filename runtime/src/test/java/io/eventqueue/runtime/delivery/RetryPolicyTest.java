package io.eventqueue.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void delaysStayWithinTheExponentialCeilingWithFullJitter() {
        SplittableRandom random = new SplittableRandom(7);
        long max1 = 0;
        long max2 = 0;
        for (int i = 0; i < 2000; i++) {
            long d1 = policy.nextDelay(1, Optional.empty(), random).orElseThrow().toMillis();
            long d2 = policy.nextDelay(2, Optional.empty(), random).orElseThrow().toMillis();
            assertThat(d1).isBetween(0L, 100L);
            assertThat(d2).isBetween(0L, 200L);
            max1 = Math.max(max1, d1);
            max2 = Math.max(max2, d2);
        }
        assertThat(max1).isGreaterThan(80);
        assertThat(max2).isGreaterThan(160);
    }

    @Test
    void attemptsUsedUpMeansDeadLetter() {
        assertThat(policy.nextDelay(3, Optional.empty(), new SplittableRandom())).isEmpty();
    }

    @Test
    void ceilingIsCappedAndNeverOverflows() {
        RetryPolicy many = new RetryPolicy(100, Duration.ofMillis(100), Duration.ofSeconds(10));
        assertThat(many.ceilingMillis(1)).isEqualTo(100);
        assertThat(many.ceilingMillis(4)).isEqualTo(800);
        assertThat(many.ceilingMillis(8)).isEqualTo(10_000);
        assertThat(many.ceilingMillis(99)).isEqualTo(10_000);
    }

    @Test
    void retryAfterIsAFloorUpToTenMinutes() {
        SplittableRandom random = new SplittableRandom(1);
        assertThat(policy.nextDelay(1, Optional.of(Duration.ofSeconds(5)), random)).contains(Duration.ofSeconds(5));
        assertThat(policy.nextDelay(1, Optional.of(Duration.ofDays(3)), random)).contains(Duration.ofMinutes(10));
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO)).hasMessageContaining("max-attempts");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("backoff");
    }
}
