package io.eventqueue.runtime.limit;

import io.eventqueue.runtime.testing.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void newBucketAllowsExactlyTheBurstThenRefuses() {
        TokenBucket bucket = new TokenBucket(2, 3, clock.nanoTime());
        assertThat(bucket.tryAcquire(1).remaining()).isEqualTo(2);
        assertThat(bucket.tryAcquire(1).remaining()).isEqualTo(1);
        assertThat(bucket.tryAcquire(1).remaining()).isZero();
        RateLimitDecision refused = bucket.tryAcquire(1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(refused.retryAfterSeconds()).isEqualTo(1);
        assertThat(refused.resetNanos()).isEqualTo(Duration.ofMillis(1500).toNanos());
        assertThat(refused.resetSeconds()).isEqualTo(2);
    }

    @Test
    void refillsAtTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(10, 1, clock.nanoTime());
        assertThat(bucket.tryAcquire(1).allowed()).isTrue();
        assertThat(bucket.tryAcquire(1).allowed()).isFalse();
        clock.advance(Duration.ofMillis(99));
        assertThat(bucket.tryAcquire(1).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryAcquire(1).allowed()).isTrue();
    }

    @Test
    void idleTimeNeverAccumulatesBeyondTheBurst() {
        TokenBucket bucket = new TokenBucket(1, 2, clock.nanoTime());
        clock.advance(Duration.ofHours(1));
        assertThat(bucket.tryAcquire(2).allowed()).isTrue();
        assertThat(bucket.tryAcquire(1).allowed()).isFalse();
    }

    @Test
    void aBatchTakesOneTokenPerEvent() {
        TokenBucket bucket = new TokenBucket(5, 10, clock.nanoTime());
        assertThat(bucket.tryAcquire(7).remaining()).isEqualTo(3);
        RateLimitDecision refused = bucket.tryAcquire(4);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterNanos()).isEqualTo(Duration.ofMillis(200).toNanos());
        assertThat(bucket.tryAcquire(3).allowed()).isTrue();
    }

    @Test
    void aBatchLargerThanTheBurstPassesOnlyOnAFullBucketAndLeavesDebt() {
        TokenBucket bucket = new TokenBucket(2, 2, clock.nanoTime());
        assertThat(bucket.tryAcquire(1).allowed()).isTrue();
        RateLimitDecision notFull = bucket.tryAcquire(6);
        assertThat(notFull.allowed()).isFalse();
        assertThat(notFull.retryAfterNanos()).isEqualTo(Duration.ofMillis(500).toNanos());

        clock.advance(Duration.ofMillis(500));
        assertThat(bucket.tryAcquire(6).allowed()).isTrue();
        // 6 events at 2/s: the client waits 3 s in total before the next event fits.
        clock.advance(Duration.ofMillis(2499));
        assertThat(bucket.tryAcquire(1).allowed()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(bucket.tryAcquire(1).allowed()).isTrue();
    }

    @Test
    void refundGivesTokensBack() {
        TokenBucket bucket = new TokenBucket(1, 2, clock.nanoTime());
        bucket.tryAcquire(2);
        bucket.refund(1);
        assertThat(bucket.tryAcquire(1).allowed()).isTrue();
        assertThat(bucket.tryAcquire(1).allowed()).isFalse();
    }

    @Test
    void reportsFullOnlyWhenEveryTokenIsBack() {
        TokenBucket bucket = new TokenBucket(1, 2, clock.nanoTime());
        assertThat(bucket.isFull()).isTrue();
        bucket.tryAcquire(1);
        assertThat(bucket.isFull()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(bucket.isFull()).isTrue();
    }

    @Test
    void fractionalRatesWork() {
        TokenBucket bucket = new TokenBucket(0.5, 1, clock.nanoTime());
        bucket.tryAcquire(1);
        assertThat(bucket.tryAcquire(1).retryAfterSeconds()).isEqualTo(2);
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, clock.nanoTime())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(Double.NaN, 1, clock.nanoTime())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, clock.nanoTime())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 1, clock.nanoTime()).tryAcquire(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCallersNeverTakeMoreThanTheBurst() throws InterruptedException {
        TokenBucket bucket = new TokenBucket(1, 1000, clock.nanoTime());
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < 1000; i++) {
                        if (bucket.tryAcquire(1).allowed()) {
                            granted.incrementAndGet();
                        }
                    }
                });
            }
            start.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(granted.get()).isEqualTo(1000);
    }
}
