package io.eventqueue.runtime.admission;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.TypesMode;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.LogEventType;
import io.eventqueue.runtime.log.DocumentArena;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.journal.Journal;
import io.eventqueue.runtime.log.journal.JournalLog;
import io.eventqueue.runtime.log.journal.JournalOptions;
import io.eventqueue.runtime.reads.RecentEvents;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAdmissionTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private final EventCodec codec = new EventCodec(new EventValidator(EventTypeRegistry.of(TypesMode.OPEN, List.of()), 65536));
    private Journal journal;

    @AfterEach
    void close() {
        if (journal != null) {
            journal.close();
        }
    }

    private JournalOptions options() {
        return new JournalOptions(dir, Fsync.ALWAYS, Duration.ofMillis(10), 1 << 20, 1 << 16);
    }

    private LogAdmission admission(BoundedEventQueue queue) throws IOException {
        journal = Journal.open(options());
        return admission(queue, Clock.systemUTC());
    }

    private LogAdmission admission(BoundedEventQueue queue, Clock dedupClock) {
        return new LogAdmission(queue, new JournalLog(journal, codec, new DocumentArena(1 << 20)),
                new DedupWindow(Duration.ofMinutes(5), 1000, dedupClock),
                new RecentEvents(1000, 1 << 20, Duration.ofHours(1), Clock.systemUTC()));
    }

    private static Event log(String id, String type) {
        return new Event(id, type, "/clients/test", Optional.empty(), NOW, NOW,
                new LogEventType.LogPayload(LogEventType.Level.INFO, "message " + id), 80);
    }

    @Test
    void aNonAtomicBatchIsOneJournalCommitAndEveryEventCarriesItsPosition() throws Exception {
        BoundedEventQueue queue = new BoundedEventQueue(100, 1 << 20);
        LogAdmission admission = admission(queue);
        List<Event> batch = IntStream.range(0, 50).mapToObj(i -> log("e" + i, "log")).toList();
        long commits = journal.commits();

        assertThat(admission.offerEach(batch)).containsOnly(Admission.ACCEPTED);

        assertThat(journal.commits() - commits).isEqualTo(1);
        assertThat(journal.liveEntries()).isEqualTo(50);
        Admitted first = queue.poll(1, TimeUnit.SECONDS);
        Admitted second = queue.poll(1, TimeUnit.SECONDS);
        assertThat(first.event().id()).isEqualTo("e0");
        assertThat(first.position()).isNotNegative();
        assertThat(second.position()).as("positions follow the append order").isGreaterThan(first.position());
        assertThat(first.toEverySink()).isTrue();
        assertThat(first.attemptsSoFar()).isZero();
        journal.ack(first.position());
        journal.sync();
        assertThat(journal.liveEntries()).as("the carried position is what acking takes").isEqualTo(49);
    }

    @Test
    void duplicatesAreAcknowledgedWithoutJournalOrQueue() throws Exception {
        BoundedEventQueue queue = new BoundedEventQueue(100, 1 << 20);
        LogAdmission admission = admission(queue);
        assertThat(admission.offer(log("1", "log"))).isEqualTo(Admission.ACCEPTED);
        assertThat(admission.offer(log("1", "metric"))).as("same id, other type").isEqualTo(Admission.ACCEPTED);
        assertThat(admission.offer(log("1", "log"))).isEqualTo(Admission.DUPLICATE);
        assertThat(queue.depth()).isEqualTo(2);
        assertThat(journal.liveEntries()).isEqualTo(2);
    }

    @Test
    void eventsTheQueueRefusesAreNotLeftInTheJournalAndMayBeSentAgain() throws Exception {
        BoundedEventQueue queue = new BoundedEventQueue(2, 1 << 20);
        LogAdmission admission = admission(queue);
        List<Admission> result = admission.offerEach(List.of(log("a", "log"), log("b", "log"), log("c", "log")));
        assertThat(result).containsExactly(Admission.ACCEPTED, Admission.ACCEPTED, Admission.FULL);
        queue.poll(1, TimeUnit.SECONDS);
        assertThat(admission.offer(log("c", "log"))).as("not remembered as a duplicate").isEqualTo(Admission.ACCEPTED);
        journal.sync();
        assertThat(journal.liveEntries()).isEqualTo(3);
    }

    @Test
    void anAtomicBatchThatDoesNotFitIsRefusedWholeAndAcked() throws Exception {
        BoundedEventQueue queue = new BoundedEventQueue(2, 1 << 20);
        LogAdmission admission = admission(queue);
        assertThat(admission.offerAll(List.of(log("a", "log"), log("b", "log"), log("c", "log")))).isEqualTo(Admission.FULL);
        assertThat(queue.depth()).isZero();
        assertThat(journal.liveEntries()).isZero();
        assertThat(admission.offerAll(List.of(log("a", "log"), log("b", "log")))).isEqualTo(Admission.ACCEPTED);
    }

    @Test
    void aFullJournalRefusesAndForgetsTheIdentity() throws Exception {
        BoundedEventQueue queue = new BoundedEventQueue(10_000, 1L << 30);
        journal = Journal.open(new JournalOptions(dir, Fsync.NEVER, Duration.ofMillis(10), 8192, 4096));
        LogAdmission admission = admission(queue, Clock.systemUTC());
        Admission last = Admission.ACCEPTED;
        int i = 0;
        while (last == Admission.ACCEPTED) {
            last = admission.offer(log("x" + i++, "log"));
        }
        assertThat(last).isEqualTo(Admission.JOURNAL_FULL);
        assertThat(admission.offer(log("x" + (i - 1), "log"))).as("retry is not a duplicate").isEqualTo(Admission.JOURNAL_FULL);
    }

    @Test
    void replayPutsRecoveredEventsBackInOrderWithTheirSequences() throws Exception {
        BoundedEventQueue first = new BoundedEventQueue(100, 1 << 20);
        LogAdmission before = admission(first);
        before.offerEach(List.of(log("r1", "log"), log("r2", "log"), log("r3", "log")));
        journal.close();
        journal = null;

        BoundedEventQueue queue = new BoundedEventQueue(100, 1 << 20);
        LogAdmission after = admission(queue);
        assertThat(after.replay(Duration.ofMillis(1))).isZero();
        List<Admitted> replayed = List.of(queue.poll(1, TimeUnit.SECONDS), queue.poll(1, TimeUnit.SECONDS),
                queue.poll(1, TimeUnit.SECONDS));
        List<String> ids = replayed.stream().map(a -> a.event().id()).toList();
        assertThat(replayed.get(0).position()).isLessThan(replayed.get(1).position());
        assertThat(ids).containsExactly("r1", "r2", "r3");
        assertThat(after.offer(log("r2", "log"))).as("replayed identities count for dedup").isEqualTo(Admission.DUPLICATE);
    }

    @Test
    void closeWaitsForAnAdmissionInProgressSoNothingIsLeftUnackedInTheJournal() throws Exception {
        BoundedEventQueue queue = new BoundedEventQueue(100, 1 << 20);
        journal = Journal.open(options());
        CountDownLatch inDedup = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The dedup pass reads the clock inside the admission: a clock that blocks there holds it in progress.
        Clock blocking = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                inDedup.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return NOW;
            }
        };
        LogAdmission admission = admission(queue, blocking);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Admission> offered = threads.submit(() -> admission.offer(log("late", "log")));
            assertThat(inDedup.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> closing = threads.submit(admission::close);
            assertThatThrownBy(() -> closing.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            release.countDown();
            closing.get(10, TimeUnit.SECONDS);

            assertThat(offered.get(10, TimeUnit.SECONDS)).isEqualTo(Admission.ACCEPTED);
            assertThat(queue.depth()).as("admitted before the queue closed, so the drain delivers it").isEqualTo(1);
            assertThat(admission.offer(log("after", "log"))).isEqualTo(Admission.CLOSED);
            assertThat(journal.liveEntries()).isEqualTo(1);
        }
    }
}
