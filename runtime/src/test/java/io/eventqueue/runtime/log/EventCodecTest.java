package io.eventqueue.runtime.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.TypesMode;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.LogEventType;
import io.eventqueue.runtime.event.TraceContext;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private static final TraceContext TRACE =
            new TraceContext("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "congo=t61rcWkgMzE");

    private final EventCodec codec = new EventCodec(new EventValidator(EventTypeRegistry.of(TypesMode.OPEN, List.of()), 65536));

    private static Event log(String id, String message, Optional<String> subject) {
        Instant t = Instant.parse("2026-01-01T00:00:00.123Z");
        return new Event(id, "log", "/clients/a", subject, t, t.plusMillis(5),
                new LogEventType.LogPayload(LogEventType.Level.WARN, message), 412);
    }

    @Test
    void thePublicDocumentOfARecordIsThePublicJsonOfItsEvent() {
        for (Event event : new Event[] {
                log("1", "plain", Optional.empty()),
                log("2", "looks like the record's tail: ,\"encoded_bytes\":99}", Optional.of("s")),
                log("3", "ends in digits 12345", Optional.empty()),
                log("4", "unicode ✓ and \\\\ escapes \"quoted\"", Optional.empty()),
                log("5", "traced", Optional.empty()).withTrace(Optional.of(TRACE))}) {
            assertThat(new String(codec.record(event).publicDocument(10).bytes(), UTF_8))
                    .isEqualTo(new String(EventCodec.publicJson(event), UTF_8));
        }
    }

    @Test
    void aRecordDecodesToTheSameEvent() throws Exception {
        Event event = log("5", "round trip", Optional.of("subject"));
        Event decoded = codec.decode(codec.encode(event));
        assertThat(decoded.id()).isEqualTo("5");
        assertThat(decoded.subject()).contains("subject");
        assertThat(decoded.receivedAt()).isEqualTo(event.receivedAt());
        assertThat(decoded.encodedBytes()).isEqualTo(412);
        assertThat(EventCodec.publicJson(decoded)).isEqualTo(EventCodec.publicJson(event));
    }

    @Test
    void theTraceIsKeptInTheRecordButNotShownToUsers() throws Exception {
        Event traced = log("6", "traced", Optional.empty()).withTrace(Optional.of(TRACE));
        EventCodec.Record record = codec.record(traced);
        assertThat(codec.decode(record.bytes()).trace()).contains(TRACE);
        assertThat(new String(record.publicDocument(10).bytes(), UTF_8)).doesNotContain("traceparent");
        assertThat(codec.decode(codec.encode(log("7", "untraced", Optional.empty()))).trace()).isEmpty();
    }

    @Test
    void aRecordWithTheMembersFirstStillDecodes() throws Exception {
        String older = "{\"v\":1,\"id\":\"8\",\"type\":\"log\",\"source\":\"/clients/a\",\"time\":\"2026-01-01T00:00:00Z\","
                + "\"received_at\":\"2026-01-01T00:00:01Z\",\"data\":{\"level\":\"info\",\"message\":\"m\"},\"encoded_bytes\":77}";
        Event decoded = codec.decode(older.getBytes(UTF_8));
        assertThat(decoded.id()).isEqualTo("8");
        assertThat(decoded.encodedBytes()).isEqualTo(77);
        assertThat(decoded.trace()).isEmpty();
    }
}
