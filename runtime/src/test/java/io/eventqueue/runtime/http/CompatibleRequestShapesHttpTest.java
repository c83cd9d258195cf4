package io.eventqueue.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eventqueue.runtime.testing.Await;
import io.eventqueue.runtime.testing.TestRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example requests of the READMEs of the systems EventQueue is compatible with, sent verbatim (path prefix aside),
 * and what the file sink records of each: the CloudEvent its shape maps to.
 */
class CompatibleRequestShapesHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static TestRuntime server;
    static String token;

    @BeforeAll
    static void start() {
        server = TestRuntime.start(dir);
        token = server.token();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) {
        return server.post(path, body, "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    /** The file sink's record of the event with this id, once it is processed. */
    private static JsonNode processed(String id) {
        JsonNode[] found = new JsonNode[1];
        Await.until(WAIT, "event " + id + " in the file sink", () -> {
            for (JsonNode line : lines()) {
                if (line.path("id").asText().equals(id)) {
                    found[0] = line;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    private static List<JsonNode> lines() {
        try {
            List<JsonNode> out = new ArrayList<>();
            if (Files.exists(server.eventsFile)) {
                for (String line : Files.readAllLines(server.eventsFile)) {
                    if (!line.isBlank()) {
                        out.add(JSON.readTree(line));
                    }
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String queuedId(HttpResponse<String> r) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).at("/result/id").asText();
    }

    @Test
    void eventGatewaySingleEventAtItsOwnPathAndAtV1() throws IOException {
        String body = """
                {
                  "type": "user.created",
                  "source": "user-service",
                  "subject": "user-123",
                  "data": {
                    "user_id": "123",
                    "email": "user@example.com"
                  }
                }""";
        for (String path : List.of("/api/v1/events", "/v1/events")) {
            JsonNode e = processed(queuedId(post(path, body)));
            assertThat(e.path("type").asText()).isEqualTo("user.created");
            assertThat(e.path("source").asText()).isEqualTo("user-service");
            assertThat(e.path("subject").asText()).isEqualTo("user-123");
            assertThat(e.path("data").toString()).isEqualTo("{\"user_id\":\"123\",\"email\":\"user@example.com\"}");
        }
    }

    @Test
    void eventGatewayBatch() throws IOException {
        HttpResponse<String> r = post("/api/v1/events/batch", """
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
                    }
                  ]
                }""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode result = JSON.readTree(r.body()).path("result");
        assertThat(result.path("queued").asInt()).isEqualTo(2);
        JsonNode second = processed(result.path("items").get(1).path("id").asText());
        assertThat(second.path("type").asText()).isEqualTo("user.updated");
        assertThat(second.path("data").toString()).isEqualTo("{\"user_id\":\"124\"}");
    }

    @Test
    void eventGatewayValidate() throws IOException {
        HttpResponse<String> r = post("/api/v1/events/validate", """
                {
                  "type": "user.created",
                  "source": "user-service",
                  "data": { "user_id": "123" }
                }""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).path("result");
        assertThat(result.path("valid").asBoolean()).isTrue();
        assertThat(result.path("type").asText()).isEqualTo("user.created");
        assertThat(result.path("source").asText()).isEqualTo("user-service");
    }

    @Test
    void flatEventTypeBody() throws IOException {
        JsonNode e = processed(queuedId(post("/v1/events", """
                {
                    "event_type": "user_action",
                    "user_id": "user123",
                    "amount": 100,
                    "timestamp": "2025-07-25T12:00:00Z",
                    "data": {"action": "login", "ip": "192.168.1.1"}
                  }""")));
        assertThat(e.path("type").asText()).isEqualTo("user_action");
        assertThat(e.path("time").asText()).isEqualTo("2025-07-25T12:00:00Z");
        assertThat(e.path("source").asText()).startsWith("/clients/");
        assertThat(e.path("data").toString())
                .isEqualTo("{\"user_id\":\"user123\",\"amount\":100,\"data\":{\"action\":\"login\",\"ip\":\"192.168.1.1\"}}");
    }

    @Test
    void idTimestampPayloadBody() throws IOException {
        String id = queuedId(post("/v1/events", """
                {
                    "id": "event-123",
                    "timestamp": 1625097600,
                    "payload": "example payload"
                  }"""));
        assertThat(id).isEqualTo("event-123");
        JsonNode e = processed(id);
        assertThat(e.path("type").asText()).isEqualTo("io.eventqueue.payload");
        assertThat(e.path("time").asText()).isEqualTo("2021-07-01T00:00:00Z");
        assertThat(e.path("data").asText()).isEqualTo("example payload");
    }

    @Test
    void aBodyOfNoAcceptedShapeIsRefusedNamingTheShapes() {
        JsonNode p = BadInputHttpTest.problem(post("/v1/events", "{\"name\":\"x\",\"value\":1}"), 400, "validation-failed");
        assertThat(p.path("detail").asText()).contains("{\"event\":{\"event_type\":…}}",
                "{\"type\",\"source\",\"subject\",\"data\"}", "{\"event_type\":…,…}", "{\"id\",\"timestamp\",\"payload\"}");
    }
}
