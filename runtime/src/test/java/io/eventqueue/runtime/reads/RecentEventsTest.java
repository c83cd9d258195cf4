package io.eventqueue.runtime.reads;

import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.log.DocumentArena;

import io.eventqueue.runtime.testing.MutableClock;

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
        TrackedEvent e = index.matching("x").getFirst();
        assertThat(e.status()).isEqualTo(EventStatus.DEAD_LETTERED);
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.receivedAt()).isEqualTo(received);
        assertThat(e.updatedAt()).isEqualTo(received.plusSeconds(4));
        assertThat(e.lastError()).isEqualTo("webhook answered 500");
        assertThat(index.matching("nope")).isEmpty();
    }

    @Test
    void boundedByCount() {
        RecentEvents index = new RecentEvents(3, 1 << 20, Duration.ofHours(1), clock);
        for (int i = 0; i < 10; i++) {
            track(index, "e" + i, "log", "s");
        }
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.matching("e0")).isEmpty();
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
        assertThat(index.matching("old")).isEmpty();
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

    @Test
    void aForgottenEventLeavesTheRingAndItsNeighboursStay() {
        RecentEvents index = new RecentEvents(4, 1 << 20, Duration.ofHours(1), clock);
        for (int i = 0; i < 6; i++) {
            long p = track(index, "e" + i, "log", "s");
            if (i == 4) {
                index.forget(p);
            }
        }
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.matching("e4")).isEmpty();
        assertThat(index.query(RecentEvents.Query.ALL, null, 10).items()).extracting(TrackedEvent::id)
                .containsExactly("e5", "e3", "e2");
        track(index, "e6", "log", "s");
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.query(RecentEvents.Query.ALL, null, 10).items()).extracting(TrackedEvent::id)
                .containsExactly("e6", "e5", "e3");
    }

    @Test
    void matchingReturnsEveryEventWithAnIdOncePerTypeAndSourceNewestFirst() {
        RecentEvents index = new RecentEvents(10, 1 << 20, Duration.ofHours(1), clock);
        track(index, "same", "log", "first");
        track(index, "other", "log", "s");
        track(index, "same", "log", "second");
        track(index, "same", "metric", "second");
        track(index, "same", "log", "second");
        assertThat(index.matching("same")).extracting(e -> e.type() + " " + e.source())
                .containsExactly("log second", "metric second", "log first");
    }

    @Test
    void concurrentTrackingAndUpdatesKeepTheBoundsAndTheNewestEvents() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        RecentEvents index = new RecentEvents(1_000, 1L << 30, Duration.ofHours(1), clock);
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        long p = track(index, thread + "-" + i, "log", "s");
                        index.update(p, EventStatus.PROCESSED, 1, null);
                    }
                }));
            }
            for (var f : done) {
                f.get();
            }
        }
        assertThat(index.size()).isEqualTo(1_000);
        java.util.List<TrackedEvent> items = index.query(RecentEvents.Query.ALL, null, 2_000).items();
        assertThat(items).hasSize(1_000).allMatch(e -> e.status() == EventStatus.PROCESSED);
        assertThat(items.getFirst().position()).isEqualTo((long) threads * perThread);
        assertThat(items.getLast().position()).isEqualTo((long) threads * perThread - 999);
    }

    @Test
    void theByteBoundKeepsTheNewestEventsThatFit() {
        RecentEvents index = new RecentEvents(1_000, 2_000, Duration.ofHours(1), clock);
        for (int i = 0; i < 100; i++) {
            track(index, "e" + i, "log", "s");
        }
        java.util.List<TrackedEvent> items = index.query(RecentEvents.Query.ALL, null, 1_000).items();
        long bytes = items.stream().mapToLong(TrackedEvent::footprint).sum();
        assertThat(bytes).isLessThanOrEqualTo(2_000);
        assertThat(items.getFirst().id()).isEqualTo("e99");
        assertThat(items).hasSize(index.size()).extracting(TrackedEvent::id).doesNotHaveDuplicates();
        assertThat(bytes + items.getFirst().footprint()).as("one more would not fit").isGreaterThan(2_000);
    }

    @Test
    void anEventWhoseDocumentTheArenaWroteOverFallsOut() {
        DocumentArena arena = new DocumentArena(DocumentArena.BLOCK_BYTES); // two blocks
        RecentEvents index = new RecentEvents(100, 1L << 30, Duration.ofHours(1), clock);
        byte[] big = ("\"data\":\"" + "x".repeat(DocumentArena.BLOCK_BYTES - 100) + "\"}").getBytes(UTF_8);
        for (int i = 0; i < 3; i++) {
            long at = arena.append((byte) '{', big, 0, big.length);
            index.track("e" + i, "log", "s", clock.instant(), Document.inArena(arena, at, big.length + 1));
        }
        assertThat(index.matching("e0")).isEmpty();
        assertThat(index.matching("e2")).isNotEmpty();
        assertThat(index.query(RecentEvents.Query.ALL, null, 10).items()).extracting(TrackedEvent::id)
                .containsExactly("e2", "e1");
        assertThat(index.size()).isEqualTo(2);
    }
}
