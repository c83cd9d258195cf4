package io.eventqueue.runtime.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each request shape of the compatible systems maps to a CloudEvent by its rule (docs/api.md, "Request shapes"). */
class RequestShapesTest {
    private static final Instant NOW = Instant.parse("2026-12-04T01:00:00Z");
    private final EventDecoder decoder = new EventDecoder(
            new EventValidator(EventTypeRegistry.of(TypesMode.OPEN, List.of()), 64 * 1024), 10);

    private Event one(String json) throws EventRejectedException {
        return decoder.decodeOne("application/json", false, h -> { }, json.getBytes(StandardCharsets.UTF_8),
                "/clients/writer", NOW);
    }

    @Test
    void eventGatewayBodyIsACloudEventWithoutSpecversion() throws Exception {
        Event e = one("""
                {
                  "type": "user.created",
                  "source": "user-service",
                  "subject": "user-123",
                  "data": {
                    "user_id": "123",
                    "email": "user@example.com"
                  }
                }""");
        assertThat(e.type()).isEqualTo("user.created");
        assertThat(e.source()).isEqualTo("user-service");
        assertThat(e.subject()).contains("user-123");
        assertThat(e.time()).isEqualTo(NOW);
        assertThat(e.payload()).isEqualTo(new JsonData(Map.of("user_id", "123", "email", "user@example.com"),
                Optional.empty()));
    }

    @Test
    void flatBodyTakesItsAttributesAndKeepsEveryOtherMemberAsData() throws Exception {
        Event e = one("""
                {
                    "event_type": "user_action",
                    "user_id": "user123",
                    "amount": 100,
                    "timestamp": "2025-07-25T12:00:00Z",
                    "data": {"action": "login", "ip": "192.168.1.1"}
                  }""");
        assertThat(e.type()).isEqualTo("user_action");
        assertThat(e.time()).isEqualTo(Instant.parse("2025-07-25T12:00:00Z"));
        assertThat(e.source()).isEqualTo("/clients/writer");
        assertThat(((JsonData) e.payload()).value()).isEqualTo(Map.of("user_id", "user123", "amount", 100L,
                "data", Map.of("action", "login", "ip", "192.168.1.1")));
    }

    @Test
    void payloadBodyIsOfTheFixedTypeWithUnixSecondsAndThePayloadAsData() throws Exception {
        Event e = one("""
                {
                    "id": "event-123",
                    "timestamp": 1625097600,
                    "payload": "example payload"
                  }""");
        assertThat(e.id()).isEqualTo("event-123");
        assertThat(e.type()).isEqualTo(RequestShapes.PAYLOAD_TYPE);
        assertThat(e.time()).isEqualTo(Instant.parse("2021-07-01T00:00:00Z"));
        assertThat(e.payload()).isEqualTo(new JsonData("example payload", Optional.empty()));
    }

    @Test
    void payloadTimestampMustBeUnixSeconds() {
        assertThatThrownBy(() -> one("{\"id\":\"a\",\"timestamp\":\"yesterday\",\"payload\":\"p\"}"))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("timestamp"));
    }

    @Test
    void plainJsonWithSpecversionIsReadAsAStructuredCloudEvent() throws Exception {
        Event e = one("{\"specversion\":\"1.0\",\"id\":\"c-1\",\"source\":\"/s\",\"type\":\"com.example.x\","
                + "\"data\":{\"k\":1}}");
        assertThat(e.id()).isEqualTo("c-1");
        assertThat(((JsonData) e.payload()).value()).isEqualTo(Map.of("k", 1L));
    }

    @Test
    void aBodyMatchingNoShapeIsRefusedNamingTheShapes() {
        assertThatThrownBy(() -> one("{\"name\":\"x\"}"))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EventRejectedException.Reason.INVALID);
                    assertThat(e.getMessage()).contains("{\"event\":{\"event_type\":…}}", "{\"type\",\"source\",\"subject\",\"data\"}",
                            "{\"event_type\":…,…}", "{\"id\",\"timestamp\",\"payload\"}", "specversion");
                });
    }

    @Test
    void gatewayBodyWithAnUnknownMemberNamesIt() {
        assertThatThrownBy(() -> one("{\"type\":\"t\",\"colour\":\"red\"}"))
                .isInstanceOfSatisfying(EventRejectedException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("colour"));
    }

    @Test
    void gatewayBatchObjectReadsEachItemInItsShape() throws Exception {
        byte[] body = """
                {
                  "events": [
                    {
                      "type": "user.created",
                      "source": "user-service",
                      "data": { "user_id": "123" }
                    },
                    {
                      "type": "user.updated",
                      "source": "user-service",
                      "data": { "user_id": "124" }
                    },
                    {"colour": "red"}
                  ]
                }""".getBytes(StandardCharsets.UTF_8);
        List<EventDecoder.Item> items = new ArrayList<>(decoder.decodeBatch("application/json", body, "/d", NOW));
        assertThat(items).hasSize(3);
        assertThat(items.get(0).event().type()).isEqualTo("user.created");
        assertThat(items.get(1).event().payload()).isEqualTo(new JsonData(Map.of("user_id", "124"), Optional.empty()));
        assertThat(items.get(2).accepted()).isFalse();
    }

    @Test
    void batchObjectWithoutEventsIsMalformed() {
        assertThatThrownBy(() -> decoder.decodeBatch("application/json",
                "{\"event\":{}}".getBytes(StandardCharsets.UTF_8), "/d", NOW))
                .isInstanceOfSatisfying(EventRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(EventRejectedException.Reason.MALFORMED));
    }

    @Test
    void theEnvelopeIsToldByItsFirstMember() {
        assertThat(RequestShapes.firstMemberIsEvent(" {\n \"event\" : {}}".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(RequestShapes.firstMemberIsEvent("{\"events\":[]}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(RequestShapes.firstMemberIsEvent("{\"type\":\"event\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(RequestShapes.firstMemberIsEvent("[{\"event\":{}}]".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(RequestShapes.firstMemberIsEvent("{\"event\"".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
