package io.eventqueue.runtime.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final EventValidator validator = new EventValidator(EventTypeRegistry.of(TypesMode.STRICT, List.of()), 64 * 1024);

    private Event envelope(String json) throws EventRejectedException {
        return validator.validate(JsonEventReader.readEnvelope(json.getBytes(StandardCharsets.UTF_8)), "/clients/t", NOW);
    }

    private EventRejectedException rejected(String json) {
        try {
            envelope(json);
        } catch (EventRejectedException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void goEventQueueApiLogEventIsAccepted() throws Exception {
        Event e = envelope("""
                { "event": { "event_type": "log", "event_id": "f47ac10b-58cc-4372-a567-0e02b2c3d479",
                             "level": "error", "message": "Database connection failed" } }""");
        assertThat(e.id()).isEqualTo("f47ac10b-58cc-4372-a567-0e02b2c3d479");
        assertThat(e.type()).isEqualTo("log");
        assertThat(e.source()).isEqualTo("/clients/t");
        assertThat(e.time()).isEqualTo(NOW);
        assertThat(e.payload()).isEqualTo(new LogEventType.LogPayload(LogEventType.Level.ERROR, "Database connection failed"));
    }

    @Test
    void goEventQueueApiMetricEventIsAccepted() throws Exception {
        Event e = envelope("{\"event\":{\"event_type\":\"metric\",\"event_id\":\"x\",\"value\":95.8}}");
        assertThat(((MetricEventType.MetricPayload) e.payload()).value()).isEqualTo(95.8);
    }

    @Test
    void metricWithNameUnitLabelsAndIntegerValue() throws Exception {
        Event e = envelope("""
                {"event":{"event_type":"metric","name":"cpu.usage","value":3,"unit":"percent",
                          "labels":{"host":"a","zone":"eu-1"},"time":"2026-01-02T03:04:05+01:00","source":"/hosts/a"}}""");
        MetricEventType.MetricPayload p = (MetricEventType.MetricPayload) e.payload();
        assertThat(p.value()).isEqualTo(3.0);
        assertThat(p.name()).contains("cpu.usage");
        assertThat(p.labels()).containsEntry("host", "a").containsEntry("zone", "eu-1");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-01-02T02:04:05Z"));
        assertThat(e.source()).isEqualTo("/hosts/a");
    }

    @Test
    void missingIdIsGeneratedTimeOrdered() throws Exception {
        Event a = envelope("{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"m\"}}");
        assertThat(a.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void uuidV7EncodesTheTimestampFirst() {
        String early = EventIds.uuidV7(1_000L, new java.util.Random(1));
        String late = EventIds.uuidV7(2_000L, new java.util.Random(1));
        assertThat(early).startsWith("00000000-03e8-7");
        assertThat(early).isLessThan(late);
    }

    @Test
    void unknownTypeListsTheKnownOnes() {
        EventRejectedException e = rejected("{\"event\":{\"event_type\":\"trace\",\"message\":\"m\"}}");
        assertThat(e.reason()).isEqualTo(EventRejectedException.Reason.UNKNOWN_TYPE);
        assertThat(e.getMessage()).isEqualTo("unknown event type 'trace'; known types: log, metric");
    }

    @Test
    void everyInvalidFieldIsReportedWithItsPath() {
        EventRejectedException e = rejected("{\"event\":{\"event_type\":\"log\",\"level\":\"loud\",\"colour\":1}}");
        assertThat(e.reason()).isEqualTo(EventRejectedException.Reason.INVALID);
        assertThat(e.violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder("event.level", "event.message", "event.colour");
    }

    @Test
    void invalidFieldValues() {
        assertThat(rejected("{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"" + "x".repeat(16_385) + "\"}}")
                .violations()).containsExactly(new Violation("event.message", "must be at most 16384 characters"));
        assertThat(rejected("{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"  \"}}")
                .violations()).containsExactly(new Violation("event.message", "must not be blank"));
        assertThat(rejected("{\"event\":{\"event_type\":\"metric\",\"value\":\"95.8\"}}").violations())
                .containsExactly(new Violation("event.value", "must be a number"));
        assertThat(rejected("{\"event\":{\"event_type\":\"metric\",\"value\":1e400}}").violations())
                .containsExactly(new Violation("event.value", "must be a finite number"));
        assertThat(rejected("{\"event\":{\"event_type\":\"metric\"}}").violations())
                .containsExactly(new Violation("event.value", "is required (a finite number)"));
        assertThat(rejected("{\"event\":{\"event_type\":\"metric\",\"value\":1,\"labels\":{\"a\":1}}}").violations())
                .containsExactly(new Violation("event.labels.a", "must be a string of at most 1024 characters"));
        assertThat(rejected("{\"event\":{\"event_type\":\"log\",\"event_id\":\"\",\"level\":\"info\",\"message\":\"m\"}}")
                .violations()).containsExactly(new Violation("event.event_id", "must be 1 to 256 characters"));
        assertThat(rejected("{\"event\":{\"event_type\":\"log\",\"time\":\"yesterday\",\"level\":\"info\",\"message\":\"m\"}}")
                .violations()).extracting(Violation::field).containsExactly("event.time");
        assertThat(rejected("{\"event\":{\"event_type\":7,\"level\":\"info\",\"message\":\"m\"}}").violations())
                .containsExactly(new Violation("event.event_type", "must be a string"));
        assertThat(rejected("{\"event\":{\"event_type\":\"log\",\"event_id\":\"a\\nb\",\"level\":\"info\",\"message\":\"m\"}}")
                .violations()).containsExactly(new Violation("event.event_id", "must not contain control characters"));
    }

    @Test
    void envelopeShapeIsChecked() {
        assertThat(rejected("{\"evnt\":{}}").violations()).containsExactly(
                new Violation("evnt", "unknown field; the body is {\"event\":{…}}"));
        assertThat(rejected("{}").violations()).containsExactly(
                new Violation("event", "is required; the body is {\"event\":{…}}"));
        assertThat(rejected("{\"event\":[]}").violations()).containsExactly(new Violation("event", "must be a JSON object"));
    }

    @Test
    void malformedJsonIsItsOwnReason() {
        for (String bad : List.of("{", "{\"event\":}", "[1,2]", "\"text\"", "{\"event\":{}} trailing", "",
                "{\"event\":{\"event_type\":\"log\",\"event_type\":\"log\"}}")) {
            assertThat(rejected(bad).reason()).as(bad).isEqualTo(EventRejectedException.Reason.MALFORMED);
        }
    }

    @Test
    void deepNestingIsRefusedBeforeItCostsStack() {
        String deep = "{\"event\":{\"event_type\":\"metric\",\"value\":1,\"labels\":" + "{\"a\":".repeat(50) + "1"
                + "}".repeat(50) + "}}";
        assertThat(rejected(deep).reason()).isEqualTo(EventRejectedException.Reason.MALFORMED);
    }

    @Test
    void oversizedEventIsTooLarge() {
        EventValidator small = new EventValidator(EventTypeRegistry.of(TypesMode.STRICT, List.of()), 64);
        byte[] body = ("{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"" + "x".repeat(100) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> small.validate(JsonEventReader.readEnvelope(body), "/s", NOW))
                .isInstanceOf(EventRejectedException.class)
                .extracting(e -> ((EventRejectedException) e).reason())
                .isEqualTo(EventRejectedException.Reason.TOO_LARGE);
    }

    @Test
    void typesPlugInThroughTheRegistry() throws Exception {
        EventType audit = new EventType() {
            @Override
            public String name() {
                return "audit";
            }

            @Override
            public EventPayload parse(java.util.Map<String, Object> fields, Violations violations) {
                return json -> json.writeStringField("who", String.valueOf(fields.get("who")));
            }
        };
        EventValidator v = new EventValidator(new EventTypeRegistry(List.of(new LogEventType(), audit), TypesMode.STRICT, List.of()), 1024);
        Event e = v.validate(JsonEventReader.readEnvelope(
                "{\"event\":{\"event_type\":\"audit\",\"who\":\"me\"}}".getBytes(StandardCharsets.UTF_8)), "/s", NOW);
        assertThat(e.type()).isEqualTo("audit");
        assertThat(v.registry().knownNames()).isEqualTo("audit, log");
    }
}
