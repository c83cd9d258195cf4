package io.eventqueue.runtime.log.journal;

import io.eventqueue.runtime.testing.Await;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    @TempDir
    Path dir;

    private JournalOptions options(Fsync fsync, long maxBytes, long segmentBytes) {
        return new JournalOptions(dir, fsync, Duration.ofMillis(5), maxBytes, segmentBytes);
    }

    private JournalOptions small() {
        return options(Fsync.ALWAYS, 1 << 20, 4096);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> payloads(List<JournalEntry> entries) {
        return entries.stream().map(e -> new String(e.payload(), UTF_8)).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
    }

    private List<Path> corruptFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().contains(".corrupt-")).toList();
        }
    }

    @Test
    void unackedEntriesAreReplayedInAppendOrderAfterReopen() throws IOException {
        long[] seqs;
        try (Journal journal = Journal.open(small())) {
            seqs = journal.append(List.of(bytes("a"), bytes("b"), bytes("c"), bytes("d")));
            journal.ack(seqs[1], seqs[3]);
        }
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("a", "c");
            assertThat(journal.recovered()).extracting(JournalEntry::sequence).containsExactly(seqs[0], seqs[2]);
            assertThat(journal.recoveryProblems()).isEmpty();
            assertThat(journal.liveEntries()).isEqualTo(2);
        }
    }

    @Test
    void groupsAndRecordsLargerThanTheWriteBufferAreWrittenWhole() throws IOException {
        List<byte[]> group = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            group.add(bytes(String.format("g%03d-", i) + "x".repeat(4000))); // 1.6 MB in one group commit
        }
        String large = "L" + "y".repeat(3 << 20);
        JournalOptions roomy = options(Fsync.NEVER, 64L << 20, 8L << 20);
        try (Journal journal = Journal.open(roomy)) {
            journal.append(group);
            journal.append(bytes(large));
            journal.append(bytes("after"));
        }
        try (Journal journal = Journal.open(roomy)) {
            List<String> recovered = payloads(journal.recovered());
            assertThat(recovered).hasSize(402);
            assertThat(recovered.get(399)).startsWith("g399-").hasSize(4005);
            assertThat(recovered.get(400)).isEqualTo(large);
            assertThat(recovered.get(401)).isEqualTo("after");
            assertThat(journal.recoveryProblems()).isEmpty();
        }
    }

    @Test
    void recoveredEntriesAreStreamedInOrderWhileTheirAcksDeleteSegments() throws Exception {
        try (Journal journal = Journal.open(small())) {
            for (int i = 0; i < 300; i++) {
                journal.append(bytes(String.format("e%03d-", i) + "p".repeat(80)));
            }
        }
        List<String> seen = new ArrayList<>();
        try (Journal journal = Journal.open(small())) {
            assertThat(journal.recoveredCount()).isEqualTo(300);
            int segmentsBefore = segmentFiles().size();
            journal.forEachRecovered(entry -> {
                seen.add(new String(entry.payload(), UTF_8).substring(0, 4));
                journal.ack(entry.sequence());
                if (seen.size() % 50 == 0) {
                    journal.sync();
                }
            });
            journal.sync();
            assertThat(segmentsBefore).isGreaterThan(5);
            assertThat(segmentFiles()).hasSize(1);
            assertThat(journal.liveEntries()).isZero();
        }
        assertThat(seen).hasSize(300).isSortedAccordingTo(String::compareTo);
        try (Journal journal = Journal.open(small())) {
            assertThat(journal.recoveredCount()).isZero();
        }
    }

    @Test
    void newAppendsAfterRecoveryGetHigherSequencesAndRecoveredEntriesCanBeAcked() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(List.of(bytes("old-1"), bytes("old-2")));
        }
        try (Journal journal = Journal.open(small())) {
            List<JournalEntry> recovered = journal.recovered();
            long fresh = journal.append(bytes("new"));
            assertThat(fresh).isGreaterThan(recovered.get(1).sequence());
            journal.ack(recovered.get(0).sequence(), recovered.get(1).sequence());
        }
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("new");
        }
    }

    @Test
    void aBatchIsOneGroupCommitWithOneFsync() throws IOException {
        try (Journal journal = Journal.open(small())) {
            long commitsBefore = journal.commits();
            long fsyncsBefore = journal.fsyncs();
            List<byte[]> batch = IntStream.range(0, 100).mapToObj(i -> bytes("event-" + i)).toList();
            long[] seqs = journal.append(batch);
            assertThat(seqs).hasSize(100);
            assertThat(seqs[99] - seqs[0]).isEqualTo(99);
            assertThat(journal.commits() - commitsBefore).isEqualTo(1);
            assertThat(journal.fsyncs() - fsyncsBefore).isEqualTo(1);
        }
    }

    @Test
    void neverPolicyDoesNotFsyncOnAppend() throws IOException {
        try (Journal journal = Journal.open(options(Fsync.NEVER, 1 << 20, 4096))) {
            long before = journal.fsyncs();
            journal.append(List.of(bytes("x"), bytes("y")));
            assertThat(journal.fsyncs()).isEqualTo(before);
        }
    }

    @Test
    void intervalPolicyEventuallyFsyncsAnIdleWrite() throws Exception {
        try (Journal journal = Journal.open(options(Fsync.INTERVAL, 1 << 20, 4096))) {
            long before = journal.fsyncs();
            journal.append(bytes("x"));
            Await.until(Duration.ofSeconds(5), "an fsync of the idle write", () -> journal.fsyncs() > before);
        }
    }

    @Test
    void concurrentAppendersAllGetDistinctCommittedSequences() throws Exception {
        try (Journal journal = Journal.open(options(Fsync.ALWAYS, 64 << 20, 1 << 20));
             ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                byte[] payload = bytes("e" + i);
                futures.add(pool.submit(() -> journal.append(payload)));
            }
            List<Long> seqs = new ArrayList<>();
            for (Future<Long> f : futures) {
                seqs.add(f.get());
            }
            assertThat(seqs).doesNotHaveDuplicates().hasSize(800);
            assertThat(journal.commits()).isLessThanOrEqualTo(800);
        }
        try (Journal journal = Journal.open(small())) {
            assertThat(journal.recovered()).hasSize(800);
        }
    }

    @Test
    void fullyAckedSealedSegmentsAreDeleted() throws IOException {
        try (Journal journal = Journal.open(small())) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                seqs.add(journal.append(bytes("payload-" + "x".repeat(80) + i)));
            }
            assertThat(segmentFiles().size()).isGreaterThan(3);
            long usedBefore = journal.usedBytes();
            journal.ack(seqs.stream().mapToLong(Long::longValue).toArray());
            journal.sync();
            assertThat(segmentFiles()).hasSize(1);
            assertThat(journal.usedBytes()).isLessThan(usedBefore / 3);
            assertThat(journal.liveEntries()).isZero();
        }
    }

    @Test
    void aSegmentIsKeptWhileAnOlderSegmentStillHoldsALiveEntry() throws IOException {
        try (Journal journal = Journal.open(small())) {
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                seqs.add(journal.append(bytes("payload-" + "x".repeat(80) + i)));
            }
            int before = segmentFiles().size();
            journal.ack(seqs.subList(1, seqs.size()).stream().mapToLong(Long::longValue).toArray());
            journal.sync();
            assertThat(segmentFiles()).hasSize(before);
            journal.ack(seqs.get(0));
            journal.sync();
            assertThat(segmentFiles()).hasSize(1);
        }
    }

    @Test
    void ackInALaterSegmentSurvivesRestart() throws IOException {
        long first;
        try (Journal journal = Journal.open(small())) {
            first = journal.append(bytes("first"));
            for (int i = 0; i < 100; i++) {
                journal.append(bytes("filler-" + "y".repeat(80) + i));
            }
            journal.ack(first);
        }
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).doesNotContain("first").hasSize(100);
        }
    }

    @Test
    void appendsBeyondTheDiskBoundFailWithJournalFullAndSucceedAgainAfterAcks() throws IOException {
        try (Journal journal = Journal.open(options(Fsync.NEVER, 16384, 4096))) {
            List<Long> seqs = new ArrayList<>();
            byte[] payload = new byte[500];
            assertThatThrownBy(() -> {
                while (true) {
                    seqs.add(journal.append(payload));
                }
            }).isInstanceOf(JournalFullException.class).hasMessageContaining("journal full");
            assertThat(journal.usedBytes()).isLessThanOrEqualTo(16384);
            journal.ack(seqs.stream().mapToLong(Long::longValue).toArray());
            journal.sync();
            assertThat(journal.append(payload)).isPositive();
        }
    }

    @Test
    void aBatchThatDoesNotFitIsRejectedWhole() throws IOException {
        try (Journal journal = Journal.open(options(Fsync.NEVER, 8192, 4096))) {
            List<byte[]> batch = IntStream.range(0, 20).mapToObj(i -> new byte[500]).toList();
            assertThatThrownBy(() -> journal.append(batch)).isInstanceOf(JournalFullException.class);
            assertThat(journal.liveEntries()).isZero();
        }
        try (Journal journal = Journal.open(options(Fsync.NEVER, 8192, 4096))) {
            assertThat(journal.recovered()).isEmpty();
        }
    }

    @Test
    void tornTailIsCutAndMovedAsideAndTheValidPrefixReplayed() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(List.of(bytes("one"), bytes("two"), bytes("three")));
        }
        Path last = segmentFiles().getLast();
        long size = Files.size(last);
        truncate(last, size - 3);

        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("one", "two");
            assertThat(journal.recoveryProblems()).singleElement().asString().contains("truncated record");
        }
        assertThat(corruptFiles()).singleElement().satisfies(p -> assertThat(Files.size(p)).isEqualTo(
                RecordFormat.entryRecordBytes(5) - 3));
    }

    @Test
    void truncatedRecordHeaderIsATornTail() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(List.of(bytes("one"), bytes("two")));
        }
        Path last = segmentFiles().getLast();
        truncate(last, Files.size(last) - RecordFormat.entryRecordBytes(3) + 5);
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("one");
            assertThat(journal.recoveryProblems()).singleElement().asString().contains("truncated record header");
        }
    }

    @Test
    void flippedByteInTheLastRecordFailsItsChecksum() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(List.of(bytes("one"), bytes("two"), bytes("three")));
        }
        Path last = segmentFiles().getLast();
        flipByte(last, Files.size(last) - 2);
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("one", "two");
            assertThat(journal.recoveryProblems()).singleElement().asString().contains("checksum mismatch");
        }
        assertThat(corruptFiles()).hasSize(1);
    }

    @Test
    void corruptRecordInAnOlderSegmentKeepsItsPrefixAndLaterSegments() throws IOException {
        try (Journal journal = Journal.open(small())) {
            for (int i = 0; i < 120; i++) {
                journal.append(bytes(String.format("e%03d-", i) + "z".repeat(80)));
            }
        }
        List<Path> files = segmentFiles();
        assertThat(files.size()).isGreaterThan(2);
        Path first = files.getFirst();
        int perRecord = RecordFormat.entryRecordBytes(85);
        // Flip a payload byte of the 6th record of the first segment.
        flipByte(first, RecordFormat.FILE_HEADER_BYTES + 5L * perRecord + 20);

        try (Journal journal = Journal.open(small())) {
            List<String> recovered = payloads(journal.recovered());
            assertThat(recovered.subList(0, 5)).allMatch(s -> s.startsWith("e00"));
            assertThat(recovered).noneMatch(s -> s.startsWith("e005-"));
            assertThat(recovered.getLast()).startsWith("e119-");
            assertThat(journal.recoveryProblems()).singleElement().asString().contains(first.getFileName().toString());
        }
    }

    @Test
    void garbageLengthIsDetected() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(List.of(bytes("one"), bytes("two")));
        }
        Path last = segmentFiles().getLast();
        long secondRecord = RecordFormat.FILE_HEADER_BYTES + RecordFormat.entryRecordBytes(3);
        writeAt(last, secondRecord, new byte[] {0x7f, 0x7f, 0x7f, 0x7f});
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("one");
            assertThat(journal.recoveryProblems()).singleElement().asString().contains("invalid record length");
        }
    }

    @Test
    void zeroFilledTailIsDetected() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(bytes("one"));
        }
        Path last = segmentFiles().getLast();
        Files.write(last, new byte[64], java.nio.file.StandardOpenOption.APPEND);
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("one");
            assertThat(journal.recoveryProblems()).hasSize(1);
        }
    }

    @Test
    void segmentWithBadHeaderIsMovedAsideWhole() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(bytes("one"));
        }
        Path bogus = dir.resolve(Segment.fileName(99));
        Files.write(bogus, bytes("not a journal at all"));
        try (Journal journal = Journal.open(small())) {
            assertThat(payloads(journal.recovered())).containsExactly("one");
            assertThat(journal.recoveryProblems()).singleElement().asString().contains("bad magic");
            long fresh = journal.append(bytes("two"));
            assertThat(fresh).isPositive();
        }
        assertThat(Files.exists(bogus)).isFalse();
        assertThat(corruptFiles()).hasSize(1);
    }

    @Test
    void recoveryAfterRepairIsClean() throws IOException {
        try (Journal journal = Journal.open(small())) {
            journal.append(List.of(bytes("one"), bytes("two")));
        }
        Path last = segmentFiles().getLast();
        truncate(last, Files.size(last) - 1);
        try (Journal journal = Journal.open(small())) {
            assertThat(journal.recoveryProblems()).hasSize(1);
        }
        try (Journal journal = Journal.open(small())) {
            assertThat(journal.recoveryProblems()).isEmpty();
            assertThat(payloads(journal.recovered())).containsExactly("one");
        }
    }

    @Test
    void oversizedEntryIsRejectedWithoutBreakingTheJournal() throws IOException {
        try (Journal journal = Journal.open(options(Fsync.NEVER, 64L << 20, 32L << 20))) {
            assertThatThrownBy(() -> journal.append(new byte[RecordFormat.MAX_BODY_BYTES]))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(journal.append(bytes("ok"))).isNotNegative();
        }
    }

    @Test
    void closedJournalRefusesAppendsAndIsNoLongerWritable() throws IOException {
        Journal journal = Journal.open(small());
        assertThat(journal.writable()).isTrue();
        journal.close();
        assertThat(journal.writable()).isFalse();
        assertThatThrownBy(() -> journal.append(bytes("late"))).isInstanceOf(IllegalStateException.class);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void flipByte(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        all[(int) offset] ^= 0x5a;
        Files.write(file, all);
    }

    private static void writeAt(Path file, long offset, byte[] data) throws IOException {
        byte[] all = Files.readAllBytes(file);
        System.arraycopy(data, 0, all, (int) offset, data.length);
        Files.write(file, all);
    }
}
