package io.eventqueue.runtime.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DocumentArenaTest {
    private static final int BLOCK = DocumentArena.BLOCK_BYTES;

    private static Document put(DocumentArena arena, String tail) {
        byte[] bytes = ("xx" + tail).getBytes(UTF_8);
        long at = arena.append((byte) '{', bytes, 2, bytes.length - 2);
        return at < 0 ? null : Document.inArena(arena, at, bytes.length - 1);
    }

    @Test
    void aDocumentReadsBackWithItsFirstByteAndBlocksAreAllocatedAsNeeded() {
        DocumentArena arena = new DocumentArena(4L * BLOCK);
        assertThat(arena.allocatedBlocks()).isZero();
        Document d = put(arena, "\"id\":\"1\"}");
        assertThat(new String(d.bytes(), UTF_8)).isEqualTo("{\"id\":\"1\"}");
        assertThat(d.gone()).isFalse();
        assertThat(arena.allocatedBlocks()).isEqualTo(1);
    }

    @Test
    void aDocumentNeverSpansTwoBlocks() {
        DocumentArena arena = new DocumentArena(4L * BLOCK);
        String big = "a".repeat(BLOCK / 2);
        Document first = put(arena, big);
        Document second = put(arena, big);
        assertThat(new String(first.bytes(), UTF_8)).isEqualTo("{" + big);
        assertThat(new String(second.bytes(), UTF_8)).isEqualTo("{" + big);
        assertThat(arena.allocatedBlocks()).isEqualTo(2);
    }

    @Test
    void aDocumentLargerThanABlockIsRefused() {
        DocumentArena arena = new DocumentArena(4L * BLOCK);
        assertThat(put(arena, "b".repeat(BLOCK))).isNull();
    }

    @Test
    void onceTheRingGoesOverADocumentItIsGoneAndNewerOnesStay() {
        DocumentArena arena = new DocumentArena(BLOCK); // two blocks
        Document oldest = put(arena, "old}");
        List<Document> later = new ArrayList<>();
        String filler = "f".repeat(BLOCK - 16);
        for (int i = 0; i < 3; i++) { // the first fills block 0, the second block 1, the third block 0 again
            later.add(put(arena, filler));
        }
        assertThat(oldest.gone()).as("its block is being written again").isTrue();
        assertThat(oldest.bytes()).isNull();
        assertThat(later.getFirst().bytes()).as("in the block written over").isNull();
        assertThat(later.get(1).bytes()).hasSize(BLOCK - 15);
        assertThat(later.getLast().bytes()).hasSize(BLOCK - 15);
        assertThat(arena.allocatedBlocks()).isEqualTo(2);
    }

    @Test
    void concurrentWritersAndReadersNeverSeeAnotherDocumentsBytes() throws Exception {
        DocumentArena arena = new DocumentArena(BLOCK); // small, so the ring laps many times
        AtomicLong torn = new AtomicLong();
        AtomicLong checked = new AtomicLong();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 3; w++) {
                int writer = w;
                writers.add(threads.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        // Each document is one repeated digit, so a read either matches it whole or is torn.
                        char c = (char) ('0' + (writer * 3 + i) % 10);
                        Document d = put(arena, String.valueOf(c).repeat(200 + i % 3_000));
                        byte[] read = d.bytes();
                        if (read != null) {
                            checked.incrementAndGet();
                            for (int k = 1; k < read.length; k++) {
                                if (read[k] != c) {
                                    torn.incrementAndGet();
                                    break;
                                }
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : writers) {
                f.get();
            }
        }
        assertThat(torn.get()).isZero();
        assertThat(checked.get()).isPositive();
    }
}
