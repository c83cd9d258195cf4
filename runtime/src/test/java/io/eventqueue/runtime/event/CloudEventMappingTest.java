package io.eventqueue.runtime.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CloudEventMappingTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final EventDecoder decoder = new EventDecoder(new EventValidator(EventTypeRegistry.of(TypesMode.STRICT, List.of()), 64 * 1024), 3);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Event structured(String json) throws EventRejectedException {
        return decoder.decodeOne("application/cloudevents+json; charset=utf-8", false, h -> { }, utf8(json), "/default", NOW);
    }

    private Event binary(Map<String, String> headers, String body) throws EventRejectedException {
        return decoder.decodeOne(headers.get("content-type"), true, sink -> headers.forEach(sink), utf8(body), "/default", NOW);
    }

    private static EventRejectedException.Reason reasonOf(ThrowingRunnable r) {
        try {
            r.run();
        } catch (EventRejectedException e) {
            return e.reason();
        }
        throw new AssertionError("accepted");
    }

    interface ThrowingRunnable {
        void run() throws EventRejectedException;
    }

    @Test
    void structuredModeMapsContextAttributesAndData() throws Exception {
        Event e = structured("""
                {"specversion":"1.0","id":"ce-1","source":"/sensors/7","type":"metric","subject":"temp",
                 "time":"2026-11-23T09:00:00Z","datacontenttype":"application/json",
                 "data":{"name":"temperature","value":21.5,"unit":"celsius"}}""");
        assertThat(e.id()).isEqualTo("ce-1");
        assertThat(e.source()).isEqualTo("/sensors/7");
        assertThat(e.subject()).contains("temp");
        assertThat(e.time()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
        assertThat(e.receivedAt()).isEqualTo(NOW);
        MetricEventType.MetricPayload p = (MetricEventType.MetricPayload) e.payload();
        assertThat(p.value()).isEqualTo(21.5);
        assertThat(p.unit()).contains("celsius");
    }

    @Test
    void binaryModeReadsCeHeadersAndTheBodyAsData() throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ce-specversion", "1.0");
        h.put("ce-id", "b-1");
        h.put("ce-source", "/apps/billing");
        h.put("ce-type", "log");
        h.put("content-type", "application/json");
        Event e = binary(h, "{\"level\":\"warn\",\"message\":\"slow\"}");
        assertThat(e.id()).isEqualTo("b-1");
        assertThat(e.source()).isEqualTo("/apps/billing");
        assertThat(e.payload()).isEqualTo(new LogEventType.LogPayload(LogEventType.Level.WARN, "slow"));
    }

    @Test
    void binaryModeWithNonJsonDataIsInvalid() {
        Map<String, String> h = Map.of("ce-specversion", "1.0", "ce-id", "b", "ce-source", "/s", "ce-type", "log",
                "content-type", "text/plain");
        assertThat(reasonOf(() -> binary(h, "hello"))).isEqualTo(EventRejectedException.Reason.INVALID);
    }

    @Test
    void missingRequiredAttributesAreInvalid() {
        assertThat(reasonOf(() -> structured("{\"specversion\":\"1.0\",\"source\":\"/s\",\"type\":\"log\",\"data\":{}}")))
                .isEqualTo(EventRejectedException.Reason.INVALID);
        assertThat(reasonOf(() -> structured("{\"specversion\":\"0.1\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"log\"}")))
                .isEqualTo(EventRejectedException.Reason.INVALID);
    }

    @Test
    void cloudEventOfUnknownTypeIsUnknownType() {
        assertThat(reasonOf(() -> structured(
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"com.example.order\",\"data\":{}}")))
                .isEqualTo(EventRejectedException.Reason.UNKNOWN_TYPE);
    }

    @Test
    void brokenStructuredJsonIsMalformed() {
        assertThat(reasonOf(() -> structured("{\"specversion\":"))).isEqualTo(EventRejectedException.Reason.MALFORMED);
    }

    @Test
    void cloudEventsBatchIsSplitPerItem() throws Exception {
        String batch = """
                [{"specversion":"1.0","id":"1","source":"/s","type":"log","data":{"level":"info","message":"a"}},
                 {"specversion":"1.0","id":"2","source":"/s","type":"log","data":{"level":"nope","message":"b"}}]""";
        List<EventDecoder.Item> items = decoder.decodeBatch("application/cloudevents-batch+json", utf8(batch), "/d", NOW);
        assertThat(items).hasSize(2);
        assertThat(items.get(0).event().id()).isEqualTo("1");
        assertThat(items.get(1).error().violations()).extracting(Violation::field).containsExactly("data.level");
    }

    @Test
    void envelopeBatchCountsEachItemsOwnBytes() throws Exception {
        String one = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"a\"}}";
        List<EventDecoder.Item> items = decoder.decodeBatch("application/json", utf8("[" + one + " , " + one + "]"), "/d", NOW);
        assertThat(items).extracting(i -> i.event().encodedBytes()).containsExactly(one.length(), one.length());
    }

    @Test
    void envelopeBatchReportsUnreadableItemsAndGoesOnWithTheNext() throws Exception {
        String good = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"a\"}}";
        String batch = "[{\"event\":\"not an object\",\"x\":{\"deep\":[1,{\"a\":2}]}},"
                + "{\"extra\":{\"n\":[1,2]},\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"b\"}},"
                + "42," + good + "]";
        List<EventDecoder.Item> items = new EventDecoder(new EventValidator(EventTypeRegistry.of(TypesMode.STRICT, List.of()), 64 * 1024), 10)
                .decodeBatch("application/json", utf8(batch), "/d", NOW);
        assertThat(items).extracting(EventDecoder.Item::index).containsExactly(0, 1, 2, 3);
        assertThat(items.get(0).error().violations()).extracting(Violation::field).containsExactly("event");
        assertThat(items.get(1).error().violations()).extracting(Violation::field).containsExactly("extra");
        assertThat(items.get(2).error().reason()).isEqualTo(EventRejectedException.Reason.INVALID);
        assertThat(items.get(3).event().encodedBytes()).isEqualTo(good.length());
    }

    @Test
    void duplicateKeyInABatchItemRejectsTheWholeBody() {
        String dup = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"level\":\"warn\",\"message\":\"a\"}}";
        assertThat(reasonOf(() -> decoder.decodeBatch("application/json", utf8("[" + dup + "]"), "/d", NOW)))
                .isEqualTo(EventRejectedException.Reason.MALFORMED);
    }

    @Test
    void batchLongerThanTheLimitIsRefusedWhole() {
        String one = "{\"event\":{\"event_type\":\"log\",\"level\":\"info\",\"message\":\"a\"}}";
        assertThat(reasonOf(() -> decoder.decodeBatch("application/json", utf8("[" + String.join(",", List.of(one, one, one, one)) + "]"), "/d", NOW)))
                .isEqualTo(EventRejectedException.Reason.BATCH_TOO_LARGE);
    }

    @Test
    void unsupportedMediaTypes() {
        assertThat(reasonOf(() -> decoder.decodeOne("text/plain", false, h -> { }, utf8("x"), "/d", NOW)))
                .isEqualTo(EventRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE);
        assertThat(reasonOf(() -> decoder.decodeOne(null, false, h -> { }, utf8("{}"), "/d", NOW)))
                .isEqualTo(EventRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE);
        assertThat(reasonOf(() -> decoder.decodeBatch("application/cloudevents+json", utf8("[]"), "/d", NOW)))
                .isEqualTo(EventRejectedException.Reason.UNSUPPORTED_MEDIA_TYPE);
    }
}
