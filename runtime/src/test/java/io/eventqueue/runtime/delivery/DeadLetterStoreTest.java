package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.log.journal.JournalOptions;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeadLetterStoreTest {
    @TempDir
    Path dir;

    private JournalOptions options() {
        return new JournalOptions(dir, Fsync.ALWAYS, Duration.ofMillis(10), 1 << 20, 4096);
    }

    private static DeadLetter letter(String id) {
        return new DeadLetter(id, "webhook", 3, "webhook answered 500", Instant.parse("2026-01-01T00:00:00Z"),
                ("{\"id\":\"" + id + "\"}").getBytes(UTF_8));
    }

    @Test
    void deadLettersSurviveARestartAndRemovedOnesDoNot() throws IOException {
        try (DeadLetterStore store = DeadLetterStore.open(options(), 100, 1 << 20)) {
            store.add(letter("a"));
            DeadLetterStore.Stored b = store.add(letter("b"));
            store.add(letter("c"));
            store.remove(b.key());
        }
        try (DeadLetterStore store = DeadLetterStore.open(options(), 100, 1 << 20)) {
            assertThat(store.select(List.of())).extracting(s -> s.letter().eventId()).containsExactly("a", "c");
            DeadLetter a = store.select(List.of("a")).getFirst().letter();
            assertThat(a.sink()).isEqualTo("webhook");
            assertThat(a.attempts()).isEqualTo(3);
            assertThat(a.reason()).isEqualTo("webhook answered 500");
            assertThat(new String(a.event(), UTF_8)).isEqualTo("{\"id\":\"a\"}");
        }
    }

    @Test
    void listingPagesOldestFirstWithAnOpaqueCursor() {
        DeadLetterStore store = DeadLetterStore.inMemory(100, 1 << 20);
        for (int i = 0; i < 5; i++) {
            store.add(letter("e" + i));
        }
        DeadLetterStore.LetterPage first = store.list(null, 2);
        assertThat(first.items()).extracting(s -> s.letter().eventId()).containsExactly("e0", "e1");
        assertThat(first.total()).isEqualTo(5);
        DeadLetterStore.LetterPage second = store.list(first.nextCursor(), 2);
        assertThat(second.items()).extracting(s -> s.letter().eventId()).containsExactly("e2", "e3");
        DeadLetterStore.LetterPage last = store.list(second.nextCursor(), 2);
        assertThat(last.items()).extracting(s -> s.letter().eventId()).containsExactly("e4");
        assertThat(last.nextCursor()).isNull();
    }

    @Test
    void aFullStoreEvictsTheOldestAndCountsIt() {
        DeadLetterStore store = DeadLetterStore.inMemory(3, 1 << 20);
        for (int i = 0; i < 5; i++) {
            store.add(letter("e" + i));
        }
        assertThat(store.size()).isEqualTo(3);
        assertThat(store.evicted()).isEqualTo(2);
        assertThat(store.select(List.of())).extracting(s -> s.letter().eventId()).containsExactly("e2", "e3", "e4");
    }

    @Test
    void theByteBoundEvictsToo() {
        DeadLetterStore store = DeadLetterStore.inMemory(1000, 400);
        for (int i = 0; i < 10; i++) {
            store.add(letter("e" + i));
        }
        assertThat(store.bytes()).isLessThanOrEqualTo(400);
        assertThat(store.evicted()).isPositive();
    }

    @Test
    void evictedLettersStayGoneAfterRestart() throws IOException {
        try (DeadLetterStore store = DeadLetterStore.open(options(), 2, 1 << 20)) {
            store.add(letter("a"));
            store.add(letter("b"));
            store.add(letter("c"));
        }
        try (DeadLetterStore store = DeadLetterStore.open(options(), 2, 1 << 20)) {
            assertThat(store.select(List.of())).extracting(s -> s.letter().eventId()).containsExactly("b", "c");
        }
    }

    @Test
    void selectByIdsReturnsOnlyThoseAndRemoveIsIdempotent() {
        DeadLetterStore store = DeadLetterStore.inMemory(10, 1 << 20);
        store.add(letter("a"));
        store.add(letter("b"));
        List<DeadLetterStore.Stored> picked = store.select(List.of("b", "zzz"));
        assertThat(picked).extracting(s -> s.letter().eventId()).containsExactly("b");
        assertThat(store.remove(picked.getFirst().key())).isTrue();
        assertThat(store.remove(picked.getFirst().key())).isFalse();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void longReasonsAreCut() {
        DeadLetter l = new DeadLetter("x", "webhook", 1, "r".repeat(5000), Instant.EPOCH, new byte[0]);
        assertThat(l.reason()).hasSize(1000);
        assertThat(DeadLetter.decode(l.encode())).usingRecursiveComparison().isEqualTo(l);
    }
}
