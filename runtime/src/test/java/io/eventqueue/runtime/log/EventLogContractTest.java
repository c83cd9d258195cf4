package io.eventqueue.runtime.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.config.RuntimeConfig.Fsync;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.LogEventType;
import io.eventqueue.runtime.event.TypesMode;
import io.eventqueue.runtime.log.journal.Journal;
import io.eventqueue.runtime.log.journal.JournalLog;
import io.eventqueue.runtime.log.journal.JournalOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every event log promises the pipeline, and where the durability modes differ, on the real implementations. */
class EventLogContractTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final EventCodec codec = new EventCodec(new EventValidator(EventTypeRegistry.of(TypesMode.OPEN, List.of()), 65536));

    @TempDir
    Path dir;

    private EventLog open(String mode, long maxBytes) throws IOException {
        return switch (mode) {
            case "memory" -> new MemoryLog();
            case "journal" -> new JournalLog(Journal.open(new JournalOptions(dir, Fsync.ALWAYS, Duration.ofMillis(10),
                    maxBytes, 4096)), codec, new DocumentArena(1 << 20));
            default -> throw new IllegalArgumentException(mode);
        };
    }

    private static Event log(String id) {
        return new Event(id, "log", "/clients/test", Optional.empty(), NOW, NOW,
                new LogEventType.LogPayload(LogEventType.Level.INFO, "message " + id), 80);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "journal"})
    void positionsFollowTheAppendOrderAndDocumentsShowTheEvents(String mode) throws Exception {
        try (EventLog log = open(mode, 1 << 20)) {
            List<EventLog.Appended> first = log.append(List.of(log("a"), log("b")));
            List<EventLog.Appended> second = log.append(List.of(log("c")));
            assertThat(first).hasSize(2);
            assertThat(first.get(0).position()).isLessThan(first.get(1).position());
            assertThat(first.get(1).position()).isLessThan(second.getFirst().position());
            assertThat(new String(second.getFirst().document().bytes(), UTF_8))
                    .isEqualTo(new String(EventCodec.publicJson(log("c")), UTF_8));
            assertThat(log.reachable()).isTrue();
            assertThat(log.mode()).isEqualTo(mode);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "journal"})
    void whatWasAckedIsNeverHandedBackAndWhatWasNotIsHandedBackOnlyByADurableLog(String mode) throws Exception {
        List<Long> acked = new ArrayList<>();
        try (EventLog log = open(mode, 1 << 20)) {
            List<EventLog.Appended> appended = log.append(List.of(log("r1"), log("r2"), log("r3")));
            log.ack(appended.get(1).position());
            acked.add(appended.get(1).position());
        }
        List<String> recovered = new ArrayList<>();
        try (EventLog log = open(mode, 1 << 20)) {
            int unreadable = log.recover((position, event) -> {
                assertThat(acked).doesNotContain(position);
                recovered.add(event.id());
                return true;
            });
            assertThat(unreadable).isZero();
            if (log.redeliversAfterRestart()) {
                assertThat(recovered).containsExactly("r1", "r3");
                assertThat(log.unacked()).isEqualTo(2);
            } else {
                assertThat(recovered).isEmpty();
                assertThat(log.unacked()).isZero();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal"})
    void aBoundedLogRefusesWhatDoesNotFitAndStoresNoneOfIt(String mode) throws Exception {
        try (EventLog log = open(mode, 8192)) {
            List<Event> many = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                many.add(log("big-" + i));
            }
            long before = log.unacked();
            assertThatThrownBy(() -> log.append(many)).isInstanceOf(LogFullException.class);
            assertThat(log.unacked()).isEqualTo(before);
            assertThat(log.append(List.of(log("small"))).getFirst().position()).isNotNegative();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"journal"})
    void aClosedDurableLogIsNotReachable(String mode) throws Exception {
        EventLog log = open(mode, 1 << 20);
        log.close();
        assertThat(log.reachable()).isFalse();
    }
}
