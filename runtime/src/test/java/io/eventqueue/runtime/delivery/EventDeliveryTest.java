package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.admission.Admitted;
import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.LogEventType;
import io.eventqueue.runtime.event.TypesMode;
import io.eventqueue.runtime.log.Document;
import io.eventqueue.runtime.log.EventCodec;
import io.eventqueue.runtime.log.MemoryLog;
import io.eventqueue.runtime.observe.RuntimeStats;
import io.eventqueue.runtime.process.EventProcessor;
import io.eventqueue.runtime.process.ProcessedEvent;
import io.eventqueue.runtime.process.ProcessorRegistry;
import io.eventqueue.runtime.reads.EventStream;
import io.eventqueue.runtime.reads.RecentEvents;
import io.eventqueue.runtime.sink.LogSink;
import io.eventqueue.runtime.sink.Sink;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventDeliveryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

    private static Admitted event(String id, String type) {
        return admitted(new Event(id, type, "/s", Optional.of("subj"), Instant.parse("2026-11-23T09:00:00Z"),
                Instant.parse("2026-11-23T09:00:01Z"), new LogEventType.LogPayload(LogEventType.Level.INFO, "m"), 10));
    }

    private static Admitted admitted(Event event) {
        return new Admitted(event, 0, 0, Document.of(new byte[0]), 0, 0, Admitted.EVERY_SINK);
    }

    /** Delivery in memory mode with one subscription of these sinks, one attempt each (no retries). */
    private static EventDelivery delivery(ProcessorRegistry processors, List<Sink> sinks, RuntimeStats stats) {
        Subscription subscription = new Subscription(Subscription.IMPLICIT, Subscription.everyEvent(), sinks,
                new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
        return new EventDelivery(List.of(subscription), processors, new MemoryLog(),
                DeadLetterStore.inMemory(100, 1 << 20),
                new EventCodec(new EventValidator(EventTypeRegistry.of(TypesMode.OPEN, List.of()), 65536)),
                new RecentEvents(100, 1 << 20, Duration.ofHours(1), CLOCK), new EventStream(10, 10), stats, CLOCK, 2);
    }

    @Test
    void logSinkWritesOneJsonLinePerEventWithMetadata() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        RuntimeStats stats = new RuntimeStats();
        EventDelivery delivery = delivery(new ProcessorRegistry(List.of()), List.of(new LogSink(stdout)), stats);
        delivery.consume(event("a", "log"));
        delivery.consume(event("b", "log"));
        delivery.idle();
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"id\":\"a\",\"type\":\"log\",\"source\":\"/s\",\"subject\":\"subj\"")
                .endsWith("\"processed_at\":\"2026-11-23T10:00:00Z\",\"attempts\":1}");
        assertThat(stats.processed()).isEqualTo(2);
    }

    @Test
    void aFailingSinkCountsTheEventAsFailedAndTheNextEventStillFlows() {
        // one attempt: the failure dead-letters the event at once
        RuntimeStats stats = new RuntimeStats();
        Sink flaky = new Sink() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public void write(ProcessedEvent event) throws IOException {
                if (event.event().id().equals("bad")) {
                    throw new IOException("disk full");
                }
            }
        };
        EventDelivery delivery = delivery(new ProcessorRegistry(List.of()), List.of(flaky), stats);
        delivery.consume(event("bad", "log"));
        delivery.consume(event("good", "log"));
        assertThat(stats.failed()).isEqualTo(1);
        assertThat(stats.processed()).isEqualTo(1);
        assertThat(stats.perType().get("log").failed()).isEqualTo(1);
    }

    @Test
    void theTypesProcessorShapesWhatTheSinksReceive() {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        EventProcessor redact = new EventProcessor() {
            @Override
            public String type() {
                return "log";
            }

            @Override
            public Event process(Event e) {
                return new Event(e.id(), e.type(), e.source(), Optional.empty(), e.time(), e.receivedAt(),
                        new LogEventType.LogPayload(LogEventType.Level.INFO, "[redacted]"), e.encodedBytes());
            }
        };
        EventDelivery delivery = delivery(new ProcessorRegistry(List.of(redact)), List.of(new LogSink(stdout)),
                new RuntimeStats());
        delivery.consume(event("a", "log"));
        delivery.consume(event("b", "metric"));
        delivery.close();
        String out = stdout.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("\"id\":\"a\"", "[redacted]").contains("\"id\":\"b\",\"type\":\"metric\"");
        assertThat(out.split("\n")[1]).contains("\"message\":\"m\"");
    }
}
