package io.eventqueue.runtime.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentEventsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private long track(RecentEvents index, String id, String type, String source) {
        return index.track(id, type, source, clock.instant(),
                Document.of(("{\"id\":\"" + id + "\"}").getBytes(UTF_8)));
    }

    @Test
    void listsNewestFirstAndPagesWithACursor() {
        RecentEvents index = new RecentEvents(100, 1 << 20, Duration.ofHours(1), clock);
        for (int i = 0; i < 5; i++) {
            track(index, "e" + i, "log", "s");
        }
        RecentEvents.Page first = index.query(RecentEvents.Query.ALL, null, 2);
        assertThat(first.items()).extracting(TrackedEvent::id).containsExactly("e4", "e3");
        RecentEvents.Page second = index.query(RecentEvents.Query.ALL, first.nextCursor(), 2);
        assertThat(second.items()).extracting(TrackedEvent::id).containsExactly("e2", "e1");
        RecentEvents.Page last = index.query(RecentEvents.Query.ALL, second.nextCursor(), 2);
        assertThat(last.items()).extracting(TrackedEvent::id).containsExactly("e0");
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void filtersByTypeSourceSinceAndStatus() {
        RecentEvents index = new RecentEvents(100, 1 << 20, Duration.ofHours(1), clock);
        track(index, "a", "log", "s1");
        clock.advance(Duration.ofSeconds(10));
        Instant mid = clock.instant();
        long b = track(index, "b", "metric", "s1");
        track(index, "c", "log", "s2");
        index.update(b, EventStatus.PROCESSED, 1, null);

        assertThat(index.query(new RecentEvents.Query("log", null, null, null), null, 10).items())
                .extracting(TrackedEvent::id).containsExactly("c", "a");
        assertThat(index.query(new RecentEvents.Query(null, "s1", null, null), null, 10).items())
                .extracting(TrackedEvent::id).containsExactly("b", "a");
        assertThat(index.query(new RecentEvents.Query(null, null, mid, null), null, 10).items())
                .extracting(TrackedEvent::id).containsExactly("c", "b");
        assertThat(index.query(new RecentEvents.Query(null, null, null, EventStatus.PROCESSED), null, 10).items())
                .extracting(TrackedEvent::id).containsExactly("b");
    }

    @Test
    void findShowsStatusAttemptsAndTimestamps() {
        RecentEvents index = new RecentEvents(100, 1 << 20, Duration.ofHours(1), clock);
        Instant received = clock.instant();
        long p = track(index, "x", "log", "s");
        clock.advance(Duration.ofSeconds(2));
        index.update(p, EventStatus.FAILED, 1, "webhook answered 503");
        clock.advance(Duration.ofSeconds(2));
        index.update(p, EventStatus.DEAD_LETTERED, 3, "webhook answered 500");
        TrackedEvent e = index.find("x").orElseThrow();
        assertThat(e.status()).isEqualTo(EventStatus.DEAD_LETTERED);
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.receivedAt()).isEqualTo(received);
        assertThat(e.updatedAt()).isEqualTo(received.plusSeconds(4));
        assertThat(e.lastError()).isEqualTo("webhook answered 500");
        assertThat(index.find("nope")).isEmpty();
    }

    @Test
    void boundedByCount() {
        RecentEvents index = new RecentEvents(3, 1 << 20, Duration.ofHours(1), clock);
        for (int i = 0; i < 10; i++) {
            track(index, "e" + i, "log", "s");
        }
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.find("e0")).isEmpty();
        assertThat(index.query(RecentEvents.Query.ALL, null, 10).items()).extracting(TrackedEvent::id)
                .containsExactly("e9", "e8", "e7");
    }

    @Test
    void boundedByBytes() {
        RecentEvents index = new RecentEvents(1000, 1000, Duration.ofHours(1), clock);
        for (int i = 0; i < 50; i++) {
            track(index, "e" + i, "log", "s");
        }
        assertThat(index.size()).isLessThan(10);
    }

    @Test
    void boundedByTimeWindow() {
        RecentEvents index = new RecentEvents(100, 1 << 20, Duration.ofMinutes(1), clock);
        track(index, "old", "log", "s");
        clock.advance(Duration.ofMinutes(2));
        track(index, "new", "log", "s");
        assertThat(index.find("old")).isEmpty();
        assertThat(index.query(RecentEvents.Query.ALL, null, 10).items()).extracting(TrackedEvent::id)
                .containsExactly("new");
    }

    @Test
    void updatesOfEvictedEventsAreIgnored() {
        RecentEvents index = new RecentEvents(1, 1 << 20, Duration.ofHours(1), clock);
        long p = track(index, "a", "log", "s");
        track(index, "b", "log", "s");
        index.update(p, EventStatus.PROCESSED, 1, null);
        assertThat(index.size()).isEqualTo(1);
    }

    @Test
    void aForgedCursorIsRejected() {
        RecentEvents index = new RecentEvents(10, 1 << 20, Duration.ofHours(1), clock);
        assertThatThrownBy(() -> index.query(RecentEvents.Query.ALL, "not-a-cursor", 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
