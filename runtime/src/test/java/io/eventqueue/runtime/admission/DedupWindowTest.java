package io.eventqueue.runtime.admission;

import io.eventqueue.runtime.testing.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DedupWindowTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void aRepeatedIdentityWithinTheWindowIsADuplicate() {
        DedupWindow window = new DedupWindow(Duration.ofMinutes(5), 100, clock);
        String id = DedupWindow.identity("src", "log", "42");
        assertThat(window.firstSighting(id)).isTrue();
        assertThat(window.firstSighting(id)).isFalse();
    }

    @Test
    void sameIdWithDifferentTypeOrSourceIsNotADuplicate() {
        DedupWindow window = new DedupWindow(Duration.ofMinutes(5), 100, clock);
        assertThat(window.firstSighting(DedupWindow.identity("native", "log", "1"))).isTrue();
        assertThat(window.firstSighting(DedupWindow.identity("native", "metric", "1"))).isTrue();
        assertThat(window.firstSighting(DedupWindow.identity("other", "log", "1"))).isTrue();
    }

    @Test
    void identitiesExpireAfterTheWindow() {
        DedupWindow window = new DedupWindow(Duration.ofMinutes(5), 100, clock);
        String id = DedupWindow.identity("s", "t", "1");
        window.firstSighting(id);
        clock.advance(Duration.ofMinutes(5).plusMillis(1));
        assertThat(window.firstSighting(id)).isTrue();
    }

    @Test
    void memoryIsBoundedByEvictingTheOldest() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 3, clock);
        for (int i = 0; i < 10; i++) {
            window.firstSighting("id-" + i);
        }
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.evictedEarly()).isEqualTo(7);
        assertThat(window.firstSighting("id-9")).isFalse();
        assertThat(window.firstSighting("id-0")).isTrue();
    }

    @Test
    void forgottenIdentityIsAcceptedAgain() {
        DedupWindow window = new DedupWindow(Duration.ofHours(1), 10, clock);
        window.firstSighting("x");
        window.forget("x");
        assertThat(window.firstSighting("x")).isTrue();
    }

    @Test
    void zeroWindowDisablesDedup() {
        DedupWindow window = new DedupWindow(Duration.ZERO, 10, clock);
        assertThat(window.firstSighting("x")).isTrue();
        assertThat(window.firstSighting("x")).isTrue();
    }
}
