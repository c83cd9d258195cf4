package io.eventqueue.runtime.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventqueue.runtime.event.Event;
import io.eventqueue.runtime.event.EventTypeRegistry;
import io.eventqueue.runtime.event.EventValidator;
import io.eventqueue.runtime.event.LogEventType;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventCodecTest {
    private final EventCodec codec = new EventCodec(new EventValidator(EventTypeRegistry.discover(), 65536));

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
                log("4", "unicode ✓ and \\\\ escapes \"quoted\"", Optional.empty())}) {
            byte[] record = codec.encode(event);
            assertThat(new String(EventCodec.publicDocument(record, 10).bytes(), UTF_8))
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
    void bytesThatAreNotARecordOfThisCodecAreRefused() {
        for (String notARecord : new String[] {"", "}", "{\"v\":1,}", "{\"id\":\"x\",\"encoded_bytes\":3}",
                "{\"v\":1,\"id\":\"x\",\"encoded_bytes\":}", "{\"v\":1,\"encoded_bytes\":3"}) {
            assertThatThrownBy(() -> EventCodec.publicJsonOfRecord(notARecord.getBytes(UTF_8)))
                    .as(notARecord).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
